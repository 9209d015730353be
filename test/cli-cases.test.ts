// One table of CLI cases, each run twice: in-process through main() and through the real
// bin/dedupe.js, so the binary's wiring and the in-process behaviour cannot drift apart.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, runBin, runInProcess, tempTree, type RunResult } from './helpers/cli.js';

const tree = tempTree({
  'a.txt': 'one\ntwo\none\nthree\n',
  'b.txt': 'two\nfour\nfour\n',
  'crlf.txt': 'x\r\ny\nx\n',
  'para.txt': 'p1 l1\np1 l2\n\np2\n\np1 l1\np1 l2\n\np3\n',
  'arabic.txt': 'أكد الوزير\nاكد الوزير\nقال في البيان\nقال فى البيان\n',
});
after(() => tree.cleanup());

interface Case {
  name: string;
  args: string[];
  input?: string;
  code: number;
  stdout?: string | Buffer;
  stderr?: RegExp;
}

const seed = join(FIXTURES, 'seed-scraped-article.txt');
const cases: Case[] = [
  { name: 'seed keeps its 9 distinct lines', args: [seed], code: 0, stdout: readFileSync(join(FIXTURES, 'seed-scraped-article.expected.txt')) },
  { name: 'stdin by default', args: [], input: 'a\nb\na\n', code: 0, stdout: 'a\nb\n' },
  { name: '- means stdin', args: ['-'], input: 'a\nb\na\n', code: 0, stdout: 'a\nb\n' },
  { name: 'global scope across files', args: [tree.path('a.txt'), tree.path('b.txt')], code: 0, stdout: 'one\ntwo\nthree\nfour\n' },
  { name: 'file scope keeps cross-file repeats', args: ['--scope', 'file', tree.path('a.txt'), tree.path('b.txt')], code: 0, stdout: 'one\ntwo\nthree\ntwo\nfour\n' },
  { name: 'CRLF and LF copies are one line', args: [tree.path('crlf.txt')], code: 0, stdout: 'x\r\ny\n' },
  { name: 'paragraph unit', args: ['--unit', 'paragraph', tree.path('para.txt')], code: 0, stdout: 'p1 l1\np1 l2\n\np2\n\np3\n' },
  { name: 'standard key folds alef and yeh', args: [tree.path('arabic.txt')], code: 0, stdout: 'أكد الوزير\nقال في البيان\n' },
  { name: 'exact key folds nothing', args: ['--key', 'exact', tree.path('arabic.txt')], code: 0, stdout: 'أكد الوزير\nاكد الوزير\nقال في البيان\nقال فى البيان\n' },
  { name: 'key subcommand prints folded keys', args: ['key', tree.path('arabic.txt')], code: 0, stdout: 'اكد الوزير\nاكد الوزير\nقال في البيان\nقال في البيان\n' },
  { name: 'missing file: exit 2, the other file still done', args: [tree.path('nope.txt'), tree.path('b.txt')], code: 2, stdout: 'two\nfour\n', stderr: /^dedupe: .*nope\.txt: no such file or directory\n$/ },
  {
    name: 'a folder is walked in byte order of its paths',
    args: [tree.dir],
    code: 0,
    stdout: 'one\ntwo\nthree\nأكد الوزير\nقال في البيان\nfour\nx\r\ny\np1 l1\np1 l2\n\np2\n\n\np3\n',
  },
  { name: 'unknown option', args: ['--bogus'], code: 2, stdout: '', stderr: /^dedupe: unknown option '--bogus'\n$/ },
  { name: 'bad --unit value names the flag', args: ['--unit', 'word'], code: 2, stdout: '', stderr: /^dedupe: .*--unit.*'word'.*\n$/ },
  { name: 'unknown key profile', args: ['--key', 'loose'], code: 2, stdout: '', stderr: /^dedupe: .*loose.*\n$/ },
  { name: 'stdin twice is a usage error', args: ['-', '-'], code: 2, stdout: '', stderr: /^dedupe: standard input \(-\) can be read only once\n$/ },
  { name: 'bad --buffer-size', args: ['--buffer-size', '0'], code: 2, stdout: '', stderr: /^dedupe: --buffer-size: / },
  { name: '--version', args: ['--version'], code: 0, stdout: '0.1.0\n' },
];

for (const [how, run] of [['in-process', runInProcess], ['binary', runBin]] as const) {
  describe(`CLI cases (${how})`, () => {
    for (const c of cases) {
      test(c.name, async () => {
        const r: RunResult = await run(c.args, { input: c.input });
        assert.equal(r.code, c.code, `exit code; stderr: ${r.stderr}`);
        if (c.stdout !== undefined) assert.deepEqual(r.stdout, Buffer.from(c.stdout));
        if (c.stderr) assert.match(r.stderr, c.stderr);
        else assert.equal(r.stderr, '');
      });
    }
  });
}

test('--help shows usage, examples, profiles and exit codes on stdout', async () => {
  const r = await runBin(['--help']);
  assert.equal(r.code, 0);
  const text = r.stdout.toString();
  for (const needle of ['Usage: dedupe', 'Examples:', '--unit', '--scope', '--key', '--fold', '--no-fold', '--output', 'Key profiles', 'Fold steps', '--report', '--keep', '--out-dir', 'Exit status:']) {
    assert.ok(text.includes(needle), `help lacks ${needle}`);
  }
  assert.equal(r.stderr, '');
});

test('subcommand help names the program options each subcommand takes (apply --out-dir, commit --index, key --key)', async () => {
  for (const [command, needles] of [['apply', ['--work', '--task', '--out-dir']], ['commit', ['--work', '--index']], ['key', ['--unit', '--key', '--fold', '--encoding']]] as const) {
    const r = await runBin([command, '--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const needle of needles) assert.ok(r.stdout.toString().includes(needle), `${command} --help lacks ${needle}`);
  }
});
