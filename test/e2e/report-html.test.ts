// The review page's text through the real binary, no browser needed: input text and file names are
// escaped, the script data cannot close its element, the page loads nothing from anywhere, the caps
// bound it and say what they left out, and it goes with --dry-run, --out-dir and --index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FIXTURES, runBin, treeFactory } from '../helpers/cli.js';

const newTree = treeFactory();

async function page(args: string[], cwd: string): Promise<string> {
  const r = await runBin(['--report', 'html', ...args], { cwd });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.toString('utf8');
}

const hostile = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '<!-- <script>',
  '" onmouseover="alert(1)',
  'bidi \u202etxt.exe',
].join('\n');

test('html report: input text and names are escaped; script data cannot close its element', async () => {
  const t = newTree({ 'a.txt': `${hostile}\n${hostile}\n`, '<b>name</b>&.txt': `${hostile}\n` });
  const html = await page(['a.txt', '<b>name</b>&.txt'], t.dir);
  assert.ok(!html.includes('<img'), 'no raw <img');
  assert.ok(!html.includes('onerror=alert(1)>'), 'no raw attribute');
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes('&lt;b&gt;name&lt;/b&gt;&amp;.txt'));
  assert.ok(!html.includes('<b>name'));
  // Exactly the page's own two script elements, and the data one parses as JSON with no "<" in it.
  assert.equal(html.match(/<script/g)?.length, 2);
  assert.equal(html.match(/<\/script>/g)?.length, 2);
  const data = /<script type="application\/json" id="dedupe-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
  assert.ok(!data.includes('<') && !data.includes('>'));
  assert.equal(JSON.parse(data).duplicates, 10);
  // A bidi override shows as a visible escape, it does not reorder the page.
  assert.ok(!html.includes('\u202e'));
  assert.ok(html.includes('&lt;U+202E&gt;txt.exe'));
});

test('html report: self-contained, every text block laid out by its own direction', async () => {
  const t = newTree({ 'a.txt': 'مرحبا\nhello\nمرحبا\nhello\n' });
  const html = await page(['a.txt'], t.dir);
  assert.ok(!/(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?\/\//i.test(html), 'no outside URL in src/href');
  assert.ok(!/@import|url\(/i.test(html), 'no CSS import or url()');
  assert.ok(!/<(?:link|iframe|object|embed|img)\b/i.test(html), 'no element that loads anything');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  const blocks = html.match(/<div class="t"[^>]*>/g) ?? [];
  assert.ok(blocks.length > 0);
  for (const b of blocks) assert.match(b, /dir="auto"/);
  assert.match(html, /<svg class="chart"/);
});

test('html report: --top and the section caps bound the page, and it says what it left out', async () => {
  const files: Record<string, string> = {};
  // 311 files sharing one line (310 changed), each with a line of its own; 30 repeats in one file.
  for (let i = 0; i < 311; i++) files[`f${String(i).padStart(3, '0')}.txt`] = `shared line\nonly in ${i}\n`;
  files['many.txt'] = Array.from({ length: 31 }, () => 'again and again').join('\n') + '\n';
  for (let i = 0; i < 5; i++) files[`r${i}.txt`] = `repeat ${i}\nrepeat ${i}\n`;
  const t = newTree(files);
  const html = await page(['--top', '3', '.'], t.dir);
  assert.match(html, /Showing 3 of 7 repeated units; --top 3 sets how many/);
  assert.match(html, /Showing 3 of 316 changed files in each table/);
  assert.match(html, /Showing 300 of 316 changed files; the files with most removals have one, at most 300/);
  assert.match(html, /Showing 25 of 30 removed units of this file/);
  assert.equal(html.match(/<section class="file"/g)?.length, 300);
  assert.equal(html.match(/<tr class="u rep"/g)?.length, 3);
  // The file with most removals keeps its section.
  assert.match(html, /<h3 dir="auto">many\.txt<\/h3>/);
});

test('html report goes with --dry-run, --out-dir and --index like every report', async () => {
  const t = newTree({ 'in/a.txt': 'one\ntwo\none\n', 'in/b.txt': 'two\nthree\n' });
  const dry = await page(['--dry-run', 'in'], t.dir);
  assert.match(dry, /2 read, 2 would change/);
  assert.match(dry, /of which 2 found/);
  const out = await page(['--out-dir', 'out', 'in'], t.dir);
  assert.match(out, /<dt>output<\/dt><dd dir="auto">out-dir<\/dd>/);
  assert.equal(readFileSync(t.path('out/a.txt'), 'utf8'), 'one\ntwo\n');
  // An index filled by a first run: every copy of the second is a unit of an earlier run.
  const first = await runBin(['--index', 'idx', 'in/a.txt'], { cwd: t.dir });
  assert.equal(first.code, 0, first.stderr);
  const again = await page(['--index', 'idx', 'in/a.txt'], t.dir);
  assert.match(again, /earlier run <b>3<\/b>/);
  assert.match(again, /data-kind="earlier-run"/);
});

test('html report: a removed unit shows among its kept neighbours, lines and paragraphs', async () => {
  const rows = (html: string): string[] =>
    [
      ...html.matchAll(
        /<li id="f0-(\d+)" class="row (kept|u)"[^>]*><span class="ln">\d+<\/span><div class="t" dir="auto">([^<]*)<\/div>/g,
      ),
    ].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
  const t = newTree({ 'l.txt': 'a\nb\na\nc\nd\n', 'p.txt': 'P1 x\nP1 y\n\nP2\n\nP1 x\nP1 y\n\nP3\n' });
  assert.deepEqual(rows(await page(['l.txt'], t.dir)), ['2 kept b', '3 u a', '4 kept c']);
  assert.deepEqual(rows(await page(['--unit', 'paragraph', 'p.txt'], t.dir)), [
    '4 kept P2',
    '6 u P1 x\nP1 y',
    '9 kept P3',
  ]);
});

test('html report: long hostile units are bounded by the byte budgets of the sections', async () => {
  const files: Record<string, string> = {};
  // 40 files, each with 25 removed units of 1,500 "<" (6,000 bytes once escaped).
  for (let f = 0; f < 40; f++) {
    const lines = Array.from({ length: 25 }, (_, j) => `${'<'.repeat(1500)} ${f}-${j}`);
    files[`f${String(f).padStart(2, '0')}.txt`] = `${[...lines, ...lines].join('\n')}\n`;
  }
  const t = newTree(files);
  const html = await page(['.'], t.dir);
  assert.ok(html.length < 8_000_000, `${html.length} characters`);
  const shown =
    /Showing (\d+) of 40 changed files; the files with most removals have one, at most 300 and about 4 MB/.exec(html);
  assert.ok(shown, 'the page says the budget left files out');
  assert.ok(Number(shown[1]) > 0 && Number(shown[1]) < 40);
  assert.equal(html.match(/<section class="file"/g)?.length, Number(shown[1]));
});

test('html report: a near removal in its file section links to its pair side by side', async () => {
  const html = await page(['--near', 'html-review/ant', 'html-review/hostile.txt'], FIXTURES);
  // One near pair in the fixture under near/3 (the second one adds words: kept).
  assert.doesNotMatch(html, /id="near-1"/);
  for (const i of [0]) {
    assert.match(html, new RegExp(`<article class="pair u" id="near-${i}" data-kind="near">`));
    assert.match(html, new RegExp(`data-kind="near">.*?<a href="#near-${i}">side by side</a>`, 's'));
  }
});
