// Issue 16, part 4 (the engine seam), end to end through bin/dedupe.js: the typed kept place as
// the JSON and diff reports show it (a source, an earlier run, none), and the summary's table now
// sampled by the summary itself from the units it watches (keep first, last and none).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const SPELLINGS = ['أحمد قال', 'احمد قال', 'إحمد قال'];

function duplicates(stdout: Buffer): Record<string, unknown>[] {
  return stdout
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((e) => e.type === 'duplicate');
}

test('dedupe --report json --keep none a.txt: every copy removed, no kept copy named, the first one named', async () => {
  const t = tree({ 'a.txt': 'x\ny\nx\n' });
  const r = await runBin(['--report', 'json', '--keep', 'none', t.path('a.txt')]);
  assert.equal(r.code, 0, r.stderr);
  const dups = duplicates(r.stdout);
  assert.deepEqual(
    dups.map((d) => [d.startLine, d.keptPath, d.keptLine, d.firstLine]),
    [
      [1, null, null, 1],
      [3, null, null, 1],
    ],
  );
  const diff = await runBin(['--report', 'diff', '--keep', 'none', t.path('a.txt')]);
  assert.match(diff.stdout.toString(), /@@ -3,1 \+1,0 @@ duplicate \(every copy removed; first at \S*a\.txt:1\)\n-x\n/);
});

test('dedupe b.txt --index day.idx --report json: a unit of an earlier run is kept in the index, with no line', async () => {
  const t = tree({ 'a.txt': 'old\n', 'b.txt': 'old\nnew\nnew\n' });
  const idx = t.path('day.idx');
  assert.equal((await runBin([t.path('a.txt'), '--index', idx])).code, 0);
  const r = await runBin([t.path('b.txt'), '--index', idx, '--index-readonly', '--report', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const dups = duplicates(r.stdout);
  assert.deepEqual(
    dups.map((d) => [d.startLine, d.keptPath, d.keptLine]),
    [
      [1, idx, null],
      [3, t.path('b.txt'), 2],
    ],
  );
});

test('dedupe --report summary --keep last a.txt b.txt: the kept copy is the last, in a later file, with its own text', async () => {
  const t = tree({ 'a.txt': `${SPELLINGS[0]}\n${SPELLINGS[1]}\n`, 'b.txt': `z\n${SPELLINGS[2]}\n` });
  const r = await runBin([
    '--report',
    'summary',
    '--keep',
    'last',
    '--color',
    'never',
    t.path('a.txt'),
    t.path('b.txt'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  const text = r.stdout.toString();
  assert.match(text, new RegExp(`3× {2}\\S*b\\.txt:2\\n {12}${SPELLINGS[2]}\\n`));
  assert.doesNotMatch(text, /text as written at/);
});

test("dedupe --stats --keep none --in-place a.txt: the first copy's own text, though the file is rewritten", async () => {
  const t = tree({ 'a.txt': `${SPELLINGS.join('\n')}\nkeep\n` });
  const r = await runBin(['--stats', '--keep', 'none', '--in-place', '--color', 'never', t.path('a.txt')]);
  assert.equal(r.code, 0, r.stderr);
  // Issue 16 changed this: the first copy is removed as it passes, so its text is at hand; the
  // summary used to show another spelling with a note when the file could not be read again.
  assert.match(r.stderr, new RegExp(`3× {2}\\S*a\\.txt:1\\n {12}${SPELLINGS[0]}\\n`));
  assert.doesNotMatch(r.stderr, /text as written at/);
});

test("dedupe --report summary --unit paragraph with CRLF: the sample is the paragraph's text, lines joined", async () => {
  const para = 'first line\r\nsecond line\r\n';
  const t = tree({ 'p.txt': `${para}\r\nother\r\n\r\n${para}` });
  const r = await runBin(['--report', 'summary', '--unit', 'paragraph', '--color', 'never', t.path('p.txt')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.toString(), /2× {2}\S*p\.txt:1\n {12}first line second line\n/);
});
