// Issue 17, item 6: file names in the diff report are C-quoted like git's, so a crafted folder name
// cannot add file headers or hunks of its own and make `patch -p1` touch a file dedupe never
// changed; the "duplicate of" notes quote them too, and GNU patch reads the quoted names back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBin, treeFactory } from '../helpers/cli.js';
import { quoteName } from '../../src/report/quote-name.js';

const newTree = treeFactory();
const hasPatch = spawnSync('patch', ['--version']).status === 0;
const NO_PATCH = 'GNU patch is not installed here; these tests apply the diff report with it';

// Components of a path (joined by "/") that, written unquoted, read as file headers and a hunk
// deleting line 2 of important.txt.
const CRAFTED = ['x\n--- a', 'important.txt\t\n+++ b', 'important.txt\t\n@@ -2,1 +1,0 @@\n-important line\n', 'f.txt'];

function patchIn(dir: string, diff: Buffer, dryRun: boolean) {
  return spawnSync('patch', ['-p1', '--batch', '--verbose', ...(dryRun ? ['--dry-run'] : [])], {
    cwd: dir,
    input: diff,
    encoding: 'utf8',
  });
}

// Lines a unified diff may hold; a forged name shows as some other line.
function strayLines(diff: string): string[] {
  return diff
    .split('\n')
    .slice(0, -1)
    .filter((line) => !/^(--- |\+\+\+ |@@ |[-+\\])/.test(line));
}

const count = (diff: string, prefix: string): number => diff.split('\n').filter((l) => l.startsWith(prefix)).length;

// Writes the tree, reports it as a diff from inside, and writes the expected result by --out-dir.
async function reportAndExpect(files: Record<string, string>, paths: Record<string, string[]>) {
  const tree = newTree(files);
  for (const [text, parts] of Object.entries(paths)) {
    mkdirSync(join(tree.dir, ...parts.slice(0, -1)), { recursive: true });
    writeFileSync(join(tree.dir, ...parts), text);
  }
  const report = await runBin(['.', '--report', 'diff'], { cwd: tree.dir });
  assert.equal(report.code, 0, report.stderr);
  const out = newTree();
  const clean = await runBin(['.', '--out-dir', out.dir], { cwd: tree.dir });
  assert.equal(clean.code, 0, clean.stderr);
  return { tree, out, diff: report.stdout };
}

test('a crafted folder name cannot make patch -p1 touch another file; one header pair per changed file', async (t) => {
  if (!hasPatch) return t.skip(NO_PATCH);
  const { tree, out, diff } = await reportAndExpect(
    { 'important.txt': 'keep me\nimportant line\n', 'y.txt': 'hello\nother\n' },
    { 'hello\nworld\nhello\n': CRAFTED },
  );
  const text = diff.toString('utf8');
  // Two files change (the crafted one and y.txt): two header pairs, nothing outside the diff's lines.
  assert.equal(count(text, '--- '), 2, text);
  assert.equal(count(text, '+++ '), 2, text);
  assert.deepEqual(strayLines(text), [], text);
  assert.doesNotMatch(text, /^[-+]{3} [ab]\/important\.txt/m, 'no header names important.txt');

  const dry = patchIn(tree.dir, diff, true);
  assert.equal(dry.status, 0, dry.stdout + dry.stderr);
  const touched = [...dry.stdout.matchAll(/^checking file (?:'([^']*)'|(\S+))/gm)].map((m) => m[1] ?? m[2]);
  assert.deepEqual(touched.sort(), [CRAFTED.join('/'), 'y.txt'].sort(), dry.stdout);

  const applied = patchIn(tree.dir, diff, false);
  assert.equal(applied.status, 0, applied.stdout + applied.stderr);
  for (const parts of [['important.txt'], ['y.txt'], CRAFTED]) {
    assert.deepEqual(readFileSync(join(tree.dir, ...parts)), readFileSync(join(out.dir, ...parts)), parts.join('/'));
  }
});

test('the "duplicate of" note quotes a crafted name and stays one hunk header line', async () => {
  const { diff } = await reportAndExpect({ 'y.txt': 'hello\nother\n' }, { 'hello\nworld\n': CRAFTED });
  const text = diff.toString('utf8');
  const notes = text.split('\n').filter((l) => l.startsWith('@@ '));
  assert.equal(notes.length, 1, text);
  // y.txt's hello repeats the crafted file's first line, kept at line 1 of the crafted path.
  assert.ok(notes[0].endsWith(` duplicate of ${quoteName(CRAFTED.join('/'))}:1`), notes[0]);
  assert.ok(notes[0].includes('"x\\n--- a/important.txt\\t\\n'), notes[0]);
});

test('names with quotes, backslashes, tabs and DEL round-trip through patch; Arabic names stay as they are', async (t) => {
  if (!hasPatch) return t.skip(NO_PATCH);
  const odd = ['say "hi"\\now\ttab\u007f', 'f.txt'];
  const arabic = ['مجلد الأخبار', 'خبر.txt'];
  const { tree, out, diff } = await reportAndExpect({}, { 'a\nb\na\n': odd, 'c\nd\nc\n': arabic });
  const text = diff.toString('utf8');
  assert.ok(text.includes(`--- "a/say \\"hi\\"\\\\now\\ttab\\177/f.txt"\t\n`), text);
  assert.ok(text.includes(`--- a/${arabic.join('/')}\t\n`), text);
  const applied = patchIn(tree.dir, diff, false);
  assert.equal(applied.status, 0, applied.stdout + applied.stderr);
  for (const parts of [odd, arabic]) {
    assert.deepEqual(readFileSync(join(tree.dir, ...parts)), readFileSync(join(out.dir, ...parts)), parts.join('/'));
  }
});

test('quoteName: plain names unchanged; control characters, quotes and backslashes quoted as git does', () => {
  for (const plain of ['a/b c.txt', 'a/خبر.txt', "it's"]) assert.equal(quoteName(plain), plain);
  assert.equal(quoteName('a/x\ny'), '"a/x\\ny"');
  assert.equal(quoteName('a\u0001\u001b\r'), '"a\\001\\033\\r"');
  assert.equal(quoteName('"\\'), '"\\"\\\\"');
  // A bidi override could reorder the header on a terminal: its UTF-8 bytes in octal.
  assert.equal(quoteName('a\u202eb'), '"a\\342\\200\\256b"');
});
