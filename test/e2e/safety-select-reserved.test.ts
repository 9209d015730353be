// Issue 15, item 10: subcommand names hide files of the same name. `dedupe help [command]` prints
// help; a subcommand that fails while a file of its name is here says to write ./NAME; every
// reserved word is listed in --help and the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const WORDS = ['key', 'index', 'completion', 'plan', 'map', 'reduce', 'apply', 'commit', 'status', 'tasks', 'help'];

/** The words --help lists after "Reserved words:". */
async function listedInHelp(): Promise<string[]> {
  const help = (await runBin(['--help'])).stdout.toString();
  const line = /^Reserved words: (.*)\.$/m.exec(help);
  assert.ok(line, 'dedupe --help has a "Reserved words:" line');
  return line[1].split(', ');
}

test('--help and the README list every subcommand name as reserved', async () => {
  const listed = await listedInHelp();
  assert.deepEqual([...listed].sort(), [...WORDS].sort());
  const help = (await runBin(['--help'])).stdout.toString();
  // Every block of commands: the plain one and the scale-out one.
  const block = [...help.matchAll(/\n(?:[\w-]+ )?[Cc]ommands:\n[\s\S]*?(?=\n\n|$)/g)].map((m) => m[0]).join('\n');
  const commands = [...block.matchAll(/^ {2}(\w+)/gm)].map((m) => m[1]);
  assert.ok(commands.length >= WORDS.length, block);
  for (const name of commands) assert.ok(listed.includes(name), `${name} is a subcommand but not listed as reserved`);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.search(/reserved words/i);
  assert.ok(at >= 0, 'the README has a sentence on reserved words');
  for (const word of WORDS)
    assert.ok(readme.slice(at, at + 400).includes(`\`${word}\``), `README does not list ${word} as reserved`);
});

test('dedupe help [command] prints the help on stdout and exits 0', async () => {
  const t = tree();
  for (const [args, same] of [
    [['help'], ['--help']],
    [
      ['help', 'plan'],
      ['plan', '--help'],
    ],
    [
      ['help', 'index', 'stats'],
      ['index', 'stats', '--help'],
    ],
  ]) {
    const r = await runBin(args, { cwd: t.dir });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr, '');
    assert.ok(r.stdout.toString().startsWith('Usage: dedupe'), args.join(' '));
    assert.deepEqual(
      r.stdout,
      (await runBin(same, { cwd: t.dir })).stdout,
      `dedupe ${args.join(' ')} is dedupe ${same.join(' ')}`,
    );
  }
  const unknown = await runBin(['help', 'nosuch'], { cwd: t.dir });
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stdout.length, 0);
  assert.match(unknown.stderr, /^dedupe: help: no subcommand 'nosuch' \([^\n]*status[^\n]*\)\n$/);
});

test('a subcommand run while a file of its name is here says to write ./NAME; ./NAME reads the file', async () => {
  const t = tree(Object.fromEntries(WORDS.map((w) => [w, `${w}\n${w}\n`])));
  for (const word of WORDS.filter((w) => w !== 'help')) {
    const r = await runBin([word], { cwd: t.dir });
    assert.equal(r.code, 2, `dedupe ${word}: ${r.stderr}`);
    assert.equal(r.stdout.length, 0, `dedupe ${word} wrote to stdout`);
    const last = r.stderr.trimEnd().split('\n').pop()!;
    assert.match(last, new RegExp(`^dedupe: .*write \\./${word}\\b`), `dedupe ${word}: ${r.stderr}`);
    assert.equal(r.stderr.split('\n').length, 2, `dedupe ${word}: one line: ${r.stderr}`);
    const file = await runBin([`./${word}`], { cwd: t.dir });
    assert.equal(file.code, 0, file.stderr);
    assert.equal(file.stdout.toString(), `${word}\n`);
  }
  // help prints the help even then; the file is ./help.
  assert.equal((await runBin(['help'], { cwd: t.dir })).code, 0);
  assert.equal((await runBin(['./help'], { cwd: t.dir })).stdout.toString(), 'help\n');
});

test('without such a file the errors carry no hint, and a complete subcommand still runs beside one', async () => {
  const bare = tree();
  const r = await runBin(['status'], { cwd: bare.dir });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "dedupe: status: required option '--work <dir>' not specified\n");
  const withFile = tree({ key: 'k\n', 'in.txt': 'a\n' });
  const key = await runBin(['key', '--key', 'exact', 'in.txt'], { cwd: withFile.dir });
  assert.equal(key.code, 0, key.stderr);
  assert.equal(key.stdout.toString(), 'a\n');
  const stdin = await runBin(['key', '--key', 'exact', '-'], { cwd: withFile.dir, input: 'b\n' });
  assert.equal(stdin.stdout.toString(), 'b\n', 'dedupe key - reads standard input even beside a file named key');
});
