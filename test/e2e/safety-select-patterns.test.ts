// Issue 15, item 2: --include and --exclude patterns with a `/` match the path relative to the
// folder operand (or glob base); without one, the name at any depth. The same rule for folders,
// globs, --hidden, --in-place and `dedupe plan`, through the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();

// Every file holds one line of its own and one shared line: each file after the first read changes.
const FILES = [
  'top.txt',
  'sport/a.txt',
  'sport/b.md',
  'sport/sub/s.txt',
  'sport/.h.txt',
  'news/n.txt',
  'news/drafts/d.txt',
  '.hid/h.txt',
];
function corpus(): ReturnType<ReturnType<typeof treeFactory>> {
  return tree(Object.fromEntries(FILES.map((f) => [`c/${f}`, `only in ${f}\nshared line\n`])));
}

/** The files a run reads, relative to c/, from its JSON report. */
async function filesRead(cwd: string, args: string[]): Promise<string[]> {
  const r = await runBin([...args, '--report', 'json'], { cwd });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout
    .toString()
    .split('\n')
    .filter((l) => l.includes('"type":"file"'))
    .map((l) => (JSON.parse(l) as { path: string }).path.replace(/^c\//, ''))
    .sort();
}

const CASES: { args: string[]; read: string[] }[] = [
  {
    args: ['--exclude', 'sport/*.txt'],
    read: ['news/drafts/d.txt', 'news/n.txt', 'sport/b.md', 'sport/sub/s.txt', 'top.txt'],
  },
  { args: ['--exclude', 'sport/**'], read: ['news/drafts/d.txt', 'news/n.txt', 'top.txt'] },
  {
    args: ['--exclude', '**/drafts/**'],
    read: ['news/n.txt', 'sport/a.txt', 'sport/b.md', 'sport/sub/s.txt', 'top.txt'],
  },
  { args: ['--exclude', '*.txt'], read: ['sport/b.md'] },
  { args: ['--include', 'sport/*'], read: ['sport/a.txt', 'sport/b.md'] },
  { args: ['--include', 'sport/**'], read: ['sport/a.txt', 'sport/b.md', 'sport/sub/s.txt'] },
  { args: ['--include', '**/drafts/**'], read: ['news/drafts/d.txt'] },
  {
    args: ['--include', '*.txt'],
    read: ['news/drafts/d.txt', 'news/n.txt', 'sport/a.txt', 'sport/sub/s.txt', 'top.txt'],
  },
  { args: ['--include', 'sport/*', '--exclude', '*.md'], read: ['sport/a.txt'] },
  { args: ['--hidden', '--include', 'sport/*'], read: ['sport/.h.txt', 'sport/a.txt', 'sport/b.md'] },
  { args: ['--hidden', '--include', '.hid/*'], read: ['.hid/h.txt'] },
  {
    args: ['--hidden', '--exclude', '.hid/**', '--exclude', 'sport/**'],
    read: ['news/drafts/d.txt', 'news/n.txt', 'top.txt'],
  },
];

test('a folder operand: patterns with a slash match the path below the folder, others the name', async () => {
  const t = corpus();
  for (const { args, read } of CASES) {
    assert.deepEqual(await filesRead(t.dir, ['c/', ...args]), read, `dedupe c/ ${args.join(' ')}`);
  }
});

test('a glob operand: the same patterns, relative to the glob base, select the same files', async () => {
  const t = corpus();
  for (const { args, read } of CASES) {
    // A glob only reaches hidden entries with --hidden, as a folder walk does.
    assert.deepEqual(await filesRead(t.dir, ['c/**', ...args]), read, `dedupe 'c/**' ${args.join(' ')}`);
  }
});

test("dedupe corpus/ --exclude 'sport/*.txt' --in-place leaves every excluded file as it was", async () => {
  const t = corpus();
  const before = new Map(
    FILES.map((f) => [f, { bytes: readFileSync(t.path(`c/${f}`)), mtimeMs: statSync(t.path(`c/${f}`)).mtimeMs }]),
  );
  const r = await runBin(['c/', '--exclude', 'sport/*.txt', '--in-place', '--quiet'], { cwd: t.dir });
  assert.equal(r.code, 0, r.stderr);
  const untouched = FILES.filter(
    (f) =>
      readFileSync(t.path(`c/${f}`)).equals(before.get(f)!.bytes) &&
      statSync(t.path(`c/${f}`)).mtimeMs === before.get(f)!.mtimeMs,
  );
  // Read in byte order, news/drafts/d.txt keeps the shared line; every other file read loses it.
  assert.deepEqual(untouched.sort(), ['.hid/h.txt', 'news/drafts/d.txt', 'sport/.h.txt', 'sport/a.txt'].sort());
  assert.equal(readFileSync(t.path('c/sport/b.md'), 'utf8'), 'only in sport/b.md\n');
});

test("dedupe corpus/ --include 'sport/*' reads the files directly in sport/ and changes them", async () => {
  const t = corpus();
  const r = await runBin(['c/', '--include', 'sport/*', '--in-place'], { cwd: t.dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^dedupe: 2 files read, 1 changed,/m);
  assert.equal(readFileSync(t.path('c/sport/a.txt'), 'utf8'), 'only in sport/a.txt\nshared line\n');
  assert.equal(readFileSync(t.path('c/sport/b.md'), 'utf8'), 'only in sport/b.md\n');
  assert.equal(
    readFileSync(t.path('c/top.txt'), 'utf8'),
    'only in top.txt\nshared line\n',
    'outside the pattern: untouched',
  );
});

test('dedupe plan records the inputs the same patterns select', async () => {
  const t = corpus();
  for (const { args, read } of CASES) {
    const work = t.path(`work-${CASES.findIndex((c) => c.args === args)}`);
    const r = await runBin(['plan', 'c', '--work', work, '--quiet', ...args], { cwd: t.dir });
    assert.equal(r.code, 0, `plan ${args.join(' ')}: ${r.stderr}`);
    const manifest = JSON.parse(readFileSync(join(work, 'manifest.json'), 'utf8')) as {
      inputs: { relative: string }[];
    };
    assert.deepEqual(manifest.inputs.map((i) => i.relative).sort(), read, `plan c ${args.join(' ')}`);
  }
});
