// Issue 18 item 5 through the real binary: --min-files N treats a unit as repeated only when its
// copies are in at least N different files. Keep first keeps its first copy, keep none removes
// every copy (cc_net's boilerplate removal with a threshold); below N every copy stays, even
// copies inside one file. Inputs read once only are spooled, as for --keep last.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runBin, treeFactory } from '../helpers/cli.js';
import { gzip } from '../helpers/compress.js';

const tree = treeFactory();

// "nav" is in 3 files, "footer" in 2, "x" twice in a.txt and once in c.txt, the rest once.
const FILES = {
  'a.txt': 'nav\nhello\nfooter\nx\nx\n',
  'b.txt': 'nav\nworld\nfooter\n',
  'c.txt': 'nav\nagain\nx\n',
};
const NAMES = Object.keys(FILES);

async function kept(args: string[], cwd: string): Promise<string> {
  const r = await runBin(args, { cwd });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout.toString().replace(/\n/g, ' ').trim();
}

test('--min-files 1, 2 and 3 with --keep first: the first copy of a unit in N or more files stays', async () => {
  const t = tree(FILES);
  const run = (n: number): Promise<string> => kept(['--min-files', String(n), ...NAMES], t.dir);
  // 1 is the plain run.
  assert.equal(await run(1), await kept(NAMES, t.dir));
  assert.equal(await run(1), 'nav hello footer x world again');
  assert.equal(await run(2), 'nav hello footer x world again');
  // Only "nav" is in 3 files; "x" (2 files) and "footer" (2 files) keep every copy.
  assert.equal(await run(3), 'nav hello footer x x world footer again x');
});

test('--min-files 1, 2 and 3 with --keep none: every copy of a unit in N or more files goes', async () => {
  const t = tree(FILES);
  const run = (n: number): Promise<string> => kept(['--keep', 'none', '--min-files', String(n), ...NAMES], t.dir);
  assert.equal(await run(1), 'hello world again');
  assert.equal(await run(2), 'hello world again');
  assert.equal(await run(3), 'hello footer x x world footer again x');
});

test('copies inside one file never reach N alone; per-file outputs keep the rest of each file', async () => {
  const t = tree({ 'one.txt': 'a\na\na\nb\n', 'two.txt': 'b\nc\n' });
  assert.equal(await kept(['--min-files', '2', 'one.txt'], t.dir), 'a a a b');
  const r = await runBin(['--keep', 'none', '--min-files', '2', '--out-dir', 'out', 'one.txt', 'two.txt'], {
    cwd: t.dir,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(t.path('out/one.txt'), 'utf8'), 'a\na\na\n');
  assert.equal(readFileSync(t.path('out/two.txt'), 'utf8'), 'c\n');
});

test('standard input (spooled, read twice) and a gzip file count as files too', async () => {
  const t = tree({ 'a.txt': FILES['a.txt'], 'b.txt.gz': gzip(FILES['b.txt']) });
  const r = await runBin(['--min-files', '2', '--keep', 'none', 'a.txt', '-', 'b.txt.gz'], {
    cwd: t.dir,
    input: FILES['c.txt'],
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.toString(), 'hello\nagain\nworld\n');
});

test('--min-files refuses 0, --scope file, --index and --near, each with one line', async () => {
  const t = tree(FILES);
  for (const [args, message] of [
    [['--min-files', '0'], /^dedupe: --min-files: expected 1 or more files, got '0'\n$/],
    [['--min-files', 'two'], /^dedupe: --min-files: expected a whole number/],
    [
      ['--min-files', '2', '--scope', 'file'],
      /^dedupe: --min-files 2 counts the files \(JSON Lines: the records\) a unit is in across the run; with --scope file/,
    ],
    [['--min-files', '2', '--index', 'x.idx'], /^dedupe: --min-files 2 cannot be used with --index/],
    [['--min-files', '3', '--near'], /^dedupe: --min-files 3 cannot be used with --near/],
  ] as const) {
    const r = await runBin([...args, ...NAMES], { cwd: t.dir });
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stdout.length, 0);
    assert.match(r.stderr, message);
  }
});

test('--min-files over JSON Lines counts records, in one file and across files, and refuses --scope document', async () => {
  // "boiler" is in 3 records (2 in a.jsonl, 1 in b.jsonl); "twice" is twice in one record only.
  const t = tree({
    'a.jsonl': '{"id":1,"text":"boiler\\nA"}\n{"id":2,"text":"boiler\\nB"}\n{"id":3,"text":"twice\\ntwice"}\n',
    'b.jsonl': '{"id":4,"text":"boiler\\nC"}\n',
  });
  const run = (...args: string[]): Promise<string> => kept(['--format', 'jsonl', ...args, 'a.jsonl', 'b.jsonl'], t.dir);
  assert.equal(
    await run('--min-files', '3', '--keep', 'none'),
    '{"id":1,"text":"A"} {"id":2,"text":"B"} {"id":3,"text":"twice\\ntwice"} {"id":4,"text":"C"}',
  );
  // Four records would be needed: nothing is repeated enough, every record is written as read.
  assert.equal(
    await run('--min-files', '4', '--keep', 'none'),
    '{"id":1,"text":"boiler\\nA"} {"id":2,"text":"boiler\\nB"} {"id":3,"text":"twice\\ntwice"} {"id":4,"text":"boiler\\nC"}',
  );
  // Within one file, two records are two documents: keep first keeps the first copy only.
  const one = await runBin(['--format', 'jsonl', '--min-files', '2', 'a.jsonl'], { cwd: t.dir });
  assert.equal(
    one.stdout.toString(),
    '{"id":1,"text":"boiler\\nA"}\n{"id":2,"text":"B"}\n{"id":3,"text":"twice\\ntwice"}\n',
  );
  const refused = await runBin(['--format', 'jsonl', '--min-files', '2', '--scope', 'document', 'a.jsonl'], {
    cwd: t.dir,
  });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^dedupe: --min-files 2 counts .* --scope document/);
});
