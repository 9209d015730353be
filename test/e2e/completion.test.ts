// `dedupe completion bash|zsh|fish` through the real binary: each script is printed, parses in its
// shell, and (bash, and fish where installed) really completes what the flag table says: every
// option, every choice, the fold steps, the subcommands and the files of the current folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBin, treeFactory } from '../helpers/cli.js';
import { FLAGS, flagNamed } from '../../src/cli/flags.js';
import { PROFILE_NAMES, STEP_NAMES } from '../../src/key/index.js';
import { buildProgram } from '../../src/cli/program.js';

const tree = treeFactory();
const folder = tree({ 'alpha.txt': 'a\n', 'beta.txt': 'b\n', 'sub/c.txt': 'c\n', 'two words*.txt': 'w\n' });
const scriptsDir = tree().dir; // apart, so that the scripts are not files the tests complete
const subcommands = buildProgram('0', { out: () => {}, err: () => {} }).program.commands.map((c) => c.name());
const longOf = (flags: string): string => flags.match(/--[a-z][a-z-]*/)![0];
const shown = FLAGS.filter((d) => d.help !== undefined);

const scripts = new Map<string, string>();
async function script(shell: string): Promise<string> {
  if (!scripts.has(shell)) {
    const r = await runBin(['completion', shell]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    scripts.set(shell, r.stdout.toString('utf8'));
  }
  return scripts.get(shell)!;
}

function hasShell(shell: string): string | undefined {
  const probe = spawnSync(shell, ['--version'], { encoding: 'utf8' });
  return probe.error ? `${shell} is not installed here (apt-get install ${shell})` : undefined;
}

/** What bash's _dedupe offers for these words, the last being the one completed. */
async function bashOffers(...words: string[]): Promise<string[]> {
  const file = join(scriptsDir, 'dedupe.bash');
  writeFileSync(file, await script('bash'));
  const r = spawnSync(
    'bash',
    [
      '-c',
      'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _dedupe; printf "%s\\n" "${COMPREPLY[@]}"',
      '_',
      file,
      'dedupe',
      ...words,
    ],
    { cwd: folder.dir, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout.split('\n').filter((w) => w !== '');
}

const sorted = (words: readonly string[]): string[] => [...words].sort();

test('each shell gets its script, and an unknown shell is one error line', async () => {
  assert.match(await script('bash'), /^complete -F _dedupe dedupe$/m);
  assert.match(await script('zsh'), /^#compdef dedupe$/m);
  assert.match(await script('fish'), /^complete -c dedupe /m);
  const r = await runBin(['completion', 'tcsh']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^dedupe: .*'tcsh'.*bash, zsh, fish\.\n$/);
  assert.equal(r.stdout.length, 0);
});

test(
  'bash completes the choices of every option that has them, from the table',
  { skip: hasShell('bash') },
  async () => {
    for (const def of FLAGS.filter((d) => d.choices && d.help !== undefined)) {
      assert.deepEqual(sorted(await bashOffers(longOf(def.flags), '')), sorted(def.choices!), def.label);
    }
    assert.deepEqual(await bashOffers('--unit', ''), ['line', 'paragraph', 'document']);
    assert.deepEqual(await bashOffers('-u', 'p'), ['paragraph']);
    assert.deepEqual(await bashOffers('--unit', '=', 'pa'), ['paragraph'], 'bash splits --unit=pa at the =');
    assert.deepEqual(sorted(await bashOffers('--key', '')), sorted(PROFILE_NAMES));
  },
);

test('bash completes fold steps, also after a comma', { skip: hasShell('bash') }, async () => {
  assert.deepEqual(sorted(await bashOffers('--fold', '')), sorted(STEP_NAMES));
  assert.deepEqual(sorted(await bashOffers('--no-fold', 'digits,')), sorted(STEP_NAMES.map((s) => `digits,${s}`)));
  assert.deepEqual(sorted(await bashOffers('--fold', 'alef,dig')), ['alef,digits', 'alef,digits-zero']);
});

test(
  'bash offers every shown option of the table, and each subcommand only its own',
  { skip: hasShell('bash') },
  async () => {
    const all = await bashOffers('--');
    for (const def of shown) assert.ok(all.includes(longOf(def.flags)), `dedupe -- lacks ${def.label}`);
    assert.ok(!all.includes('--drop-fold'), 'the parse-only spelling of --no-fold is not offered');
    const key = await bashOffers('key', '--');
    for (const def of shown.filter((d) => d.commands.includes('key')))
      assert.ok(key.includes(longOf(def.flags)), `key -- lacks ${def.label}`);
    assert.ok(!key.includes('--report'), 'key does not take --report');
    assert.ok((await bashOffers('plan', '--')).includes('--work'), "plan's own option");
  },
);

test(
  'bash completes subcommands and files as operands, and files or folders as values',
  { skip: hasShell('bash') },
  async () => {
    const first = await bashOffers('');
    for (const name of subcommands) assert.ok(first.includes(name), `first operand lacks ${name}`);
    for (const file of ['alpha.txt', 'beta.txt', 'sub']) assert.ok(first.includes(file), `first operand lacks ${file}`);
    const later = await bashOffers('alpha.txt', '');
    assert.deepEqual(sorted(later), ['alpha.txt', 'beta.txt', 'sub', 'two words*.txt'], 'after a file: files only');
    assert.deepEqual(await bashOffers('tw'), ['two words*.txt'], 'a space or a * in a name stays one reply');
    assert.deepEqual(sorted(await bashOffers('index', '')), ['merge', 'salvage', 'stats']);
    assert.deepEqual(sorted(await bashOffers('completion', '')), ['bash', 'fish', 'zsh']);
    assert.deepEqual(sorted(await bashOffers('help', '')), sorted(subcommands));
    assert.deepEqual(await bashOffers('--out-dir', ''), ['sub'], 'a folder option offers folders');
    assert.deepEqual(await bashOffers('-o', 'al'), ['alpha.txt']);
    // A value that looks like a subcommand is still the option's value.
    assert.deepEqual(await bashOffers('--backup', 'key', '--unit', ''), ['line', 'paragraph', 'document']);
    assert.ok((await bashOffers('--include', 'key', '')).includes('alpha.txt'), 'key was --include value');
  },
);

test('zsh reads its script', { skip: hasShell('zsh') }, async () => {
  const file = join(scriptsDir, '_dedupe');
  writeFileSync(file, await script('zsh'));
  const r = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  for (const def of shown) assert.ok((await script('zsh')).includes(`${longOf(def.flags)}`), def.label);
});

test(
  'fish reads its script and completes choices, steps, subcommands and files',
  { skip: hasShell('fish') },
  async () => {
    const file = join(scriptsDir, 'dedupe.fish');
    writeFileSync(file, await script('fish'));
    assert.equal(spawnSync('fish', ['-n', file], { encoding: 'utf8' }).status, 0);
    const offers = (line: string): string[] => {
      const r = spawnSync('fish', ['-c', `source ${file}; complete -C '${line}'`], {
        cwd: folder.dir,
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t')[0]);
    };
    assert.deepEqual(sorted(offers('dedupe --unit ')), ['document', 'line', 'paragraph']);
    assert.deepEqual(sorted(offers('dedupe --keep ')), sorted(flagNamed('keep').choices!));
    assert.deepEqual(sorted(offers('dedupe --fold ')), sorted(STEP_NAMES));
    assert.deepEqual(sorted(offers('dedupe --no-fold alef,dig')), ['alef,digits', 'alef,digits-zero']);
    assert.deepEqual(sorted(offers('dedupe index ')), ['merge', 'salvage', 'stats']);
    const first = offers('dedupe ');
    for (const name of [...subcommands, 'alpha.txt'])
      assert.ok(first.includes(name), `fish: first operand lacks ${name}`);
    const long = offers('dedupe --');
    for (const def of shown) assert.ok(long.includes(longOf(def.flags)), `fish: dedupe -- lacks ${def.label}`);
    assert.ok(!offers('dedupe key --').includes('--report'), 'key does not take --report');
  },
);
