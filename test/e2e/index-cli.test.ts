// The persistent index through the real binary: day-by-day runs, read-only checks, a refused key
// spec, a held lock, stats and merge, a torn tail, and SIGKILL at random moments followed by the
// same command again, which must end exactly like an uninterrupted run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { BIN, runBin, treeFactory } from '../helpers/cli.js';
import { readTree } from '../helpers/read-tree.js';

const tree = treeFactory();

const days = {
  'day1/a.txt': 'أكد الوزير\nمشترك بين الأيام\n',
  'day2/b.txt': 'مشترك بين الأيام\nخبر جديد\nاكد الوزير\n',
  'day2/c.txt': 'خبر جديد\nآخر\n',
};

test('day 1 then day 2: day 2 loses exactly what day 1 had, normalized variants included', async () => {
  const t = tree(days);
  const idx = t.path('corpus.idx');
  const r1 = await runBin([t.path('day1'), '--out-dir', t.path('clean/day1'), '--index', idx, '--quiet']);
  assert.equal(r1.code, 0, r1.stderr);
  const r2 = await runBin([t.path('day2'), '--out-dir', t.path('clean/day2'), '--index', idx, '--quiet']);
  assert.equal(r2.code, 0, r2.stderr);
  assert.deepEqual(readTree(t.path('clean')), {
    'day1/a.txt': 'أكد الوزير\nمشترك بين الأيام\n',
    'day2/b.txt': 'خبر جديد\n',
    'day2/c.txt': 'آخر\n',
  });
  const stats = await runBin(['index', 'stats', '--json', idx]);
  assert.equal(stats.code, 0, stats.stderr);
  const figures = JSON.parse(stats.stdout.toString());
  assert.equal(figures.keys, 4);
  assert.equal(figures.inputs, 3);
  assert.equal(figures.keySpec, 'standard/1');
  const human = await runBin(['index', 'stats', idx]);
  assert.match(human.stdout.toString(), /^index: .*\nkeys: +4\ninputs: +3 \(3 frames\)\n/);
});

test('--index-readonly checks against the index and leaves it byte-identical', async () => {
  const t = tree(days);
  const idx = t.path('corpus.idx');
  await runBin([t.path('day1'), '--index', idx]);
  const before = readFileSync(idx);
  const mtime = statSync(idx).mtimeMs;
  const r = await runBin([t.path('day2/b.txt'), '--index', idx, '--index-readonly']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.toString(), 'خبر جديد\n');
  assert.deepEqual(readFileSync(idx), before);
  assert.equal(statSync(idx).mtimeMs, mtime);
  assert.equal((await runBin(['--index-readonly', t.path('day1')])).code, 2, '--index-readonly needs --index');
});

test('an index built with another key spec is refused, naming both specs', async () => {
  const t = tree(days);
  const idx = t.path('corpus.idx');
  await runBin([t.path('day1'), '--index', idx, '--key', 'exact']);
  const r = await runBin([t.path('day2'), '--index', idx]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout.length, 0);
  assert.match(r.stderr, /^dedupe: .*'exact\/1'.*'standard\/1'.*\n$/);
});

test('a second writer while the first holds the index gets a clear error; a reader still works', async () => {
  const t = tree(days);
  const idx = t.path('corpus.idx');
  await runBin([t.path('day1'), '--index', idx]);
  const first = spawn(process.execPath, [BIN, '-', '--index', idx], { stdio: ['pipe', 'ignore', 'pipe'] });
  const firstClosed = new Promise((r) => first.on('close', r));
  first.stdin.write('slow input\n');
  for (let i = 0; i < 200 && !readdirSync(t.dir).includes('corpus.idx.lock'); i++)
    await new Promise((r) => setTimeout(r, 25));
  const second = await runBin([t.path('day2'), '--index', idx]);
  const reader = await runBin([t.path('day2/b.txt'), '--index', idx, '--index-readonly']);
  first.stdin.end();
  await firstClosed;
  assert.equal(second.code, 2);
  assert.match(second.stderr, /^dedupe: .*lock.*\n$/i);
  assert.equal(reader.code, 0, reader.stderr);
  assert.equal(reader.stdout.toString(), 'خبر جديد\n');
});

test('merge: the union of indexes built separately equals one built from both', async () => {
  const t = tree(days);
  await runBin([t.path('day1'), '--index', t.path('a.idx')]);
  await runBin([t.path('day2'), '--index', t.path('b.idx')]);
  await runBin([t.path('day1'), t.path('day2'), '--index', t.path('both.idx')]);
  const m = await runBin(['index', 'merge', t.path('a.idx'), t.path('b.idx'), '-o', t.path('all.idx')]);
  assert.equal(m.code, 0, m.stderr);
  const keys = async (p: string): Promise<number> =>
    JSON.parse((await runBin(['index', 'stats', '--json', p])).stdout.toString()).keys;
  assert.equal(await keys(t.path('all.idx')), await keys(t.path('both.idx')));
  const r = await runBin([t.path('day2/c.txt'), '--index', t.path('all.idx'), '--index-readonly']);
  assert.equal(r.stdout.toString(), '', 'every unit of c.txt is in the merged index');
});

test('merge: one index named twice (even through a link) is refused, nothing written', async () => {
  const t = tree(days);
  await runBin([t.path('day1'), '--index', t.path('a.idx')]);
  symlinkSync(t.path('a.idx'), t.path('link.idx'));
  for (const second of [t.path('a.idx'), t.path('link.idx')]) {
    const m = await runBin(['index', 'merge', t.path('a.idx'), second, '-o', t.path('twice.idx')]);
    assert.equal(m.code, 2);
    assert.match(
      m.stderr,
      /^dedupe: .*twice\.idx: an input index is given twice \(.*a\.idx and .*\.idx are one file\)/,
    );
    assert.equal(existsSync(t.path('twice.idx')), false);
  }
});

test('a torn last frame is cut with a warning, and the run goes on', async () => {
  const t = tree(days);
  const idx = t.path('corpus.idx');
  await runBin([t.path('day1'), '--index', idx]);
  await runBin([t.path('day2/c.txt'), '--index', idx]);
  truncateSync(idx, statSync(idx).size - 7);
  const r = await runBin([t.path('day2/b.txt'), '--index', idx]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^dedupe: .*corpus\.idx: .*incomplete last frame.*\n$/);
  assert.equal(r.stdout.toString(), 'خبر جديد\n', "c.txt's frame was lost, day 1 still counts");
});

test('SIGKILL at random moments, then the same command again: the end result equals an uninterrupted run', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 120; i++) {
    const lines = Array.from({ length: 150 }, (_, j) => `para ${(i * 37 + j * 11) % 900} ${'ش'.repeat(20)}`);
    files[`in/${String(i).padStart(3, '0')}.txt`] = lines.join('\n') + '\n';
  }
  const t = tree(files);
  const reference = await runBin([t.path('in'), '--out-dir', t.path('ref'), '--index', t.path('ref.idx'), '--quiet']);
  assert.equal(reference.code, 0, reference.stderr);
  const args = [
    BIN,
    t.path('in'),
    '--out-dir',
    t.path('out'),
    '--index',
    t.path('run.idx'),
    '--quiet',
    '--buffer-size',
    '256',
  ];
  for (let round = 0; round < 6; round++) {
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    const closed = new Promise((r) => child.on('close', r));
    await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 700)));
    child.kill('SIGKILL');
    await closed;
  }
  // A killed writer leaves its lock behind; the next run sees its pid is gone and takes over.
  const final = await runBin(args.slice(1));
  assert.equal(final.code, 0, final.stderr);
  assert.deepEqual(readTree(t.path('out')), readTree(t.path('ref')));
  const all = Object.values(readTree(t.path('out'))).flatMap((text) => text.split('\n').filter(Boolean));
  assert.equal(new Set(all).size, all.length, 'every unit once');
  assert.equal(new Set(all).size, 900, 'every distinct unit kept');
});

test('a file changed since it was committed is refused, not emptied by its own earlier lines', async () => {
  const t = tree({ 'a.txt': 'x\ny\nx\nz\n' });
  const idx = t.path('i.idx');
  assert.equal((await runBin([t.path('a.txt'), '-i', '--index', idx, '--quiet'])).code, 0);
  assert.equal(readFileSync(t.path('a.txt'), 'utf8'), 'x\ny\nz\n');
  const { appendFileSync } = await import('node:fs');
  appendFileSync(t.path('a.txt'), 'w\n');
  const r = await runBin([t.path('a.txt'), '-i', '--index', idx, '--quiet']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /a\.txt: changed since an earlier run committed it to the index; not processed/);
  assert.equal(readFileSync(t.path('a.txt'), 'utf8'), 'x\ny\nz\nw\n');
});

test('--in-place --index: the same command again knows each rewritten file as its own (plain and gzip)', async () => {
  const { gzipSync } = await import('node:zlib');
  const t = tree({ 'a.txt': 'x\ny\nx\n', 'b.txt': 'u\nv\n' });
  writeFileSync(t.path('c.txt.gz'), gzipSync('y\nw\ny\n'));
  const args = [t.path('a.txt'), t.path('b.txt'), t.path('c.txt.gz'), '-i', '--index', t.path('i.idx')];
  assert.equal((await runBin(args)).code, 0);
  assert.equal(readFileSync(t.path('a.txt'), 'utf8'), 'x\ny\n');
  // The index records what each path holds after the run: the rewritten bytes, not the read ones.
  const again = await runBin(args);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stderr.match(/already in the index with this content; left as it is/g)?.length, 3, again.stderr);
  assert.equal(readFileSync(t.path('a.txt'), 'utf8'), 'x\ny\n');
});

test('rerunning a shared-output command with --index never empties the output', async () => {
  const t = tree({ '1.txt': 'a\nb\na\n', '2.txt': 'c\nb\n' });
  const idx = t.path('i.idx');
  const args = [t.path('1.txt'), t.path('2.txt'), '-o', t.path('all.txt'), '--index', idx];
  assert.equal((await runBin(args)).code, 0);
  assert.equal(readFileSync(t.path('all.txt'), 'utf8'), 'a\nb\nc\n');
  const again = await runBin(args);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already committed to the index by an earlier run; not processed again/);
  assert.equal(readFileSync(t.path('all.txt'), 'utf8'), 'a\nb\nc\n', 'no input was read: -o left as it was');
});

test('a rerun into another --out-dir writes its outputs; only an existing output is left alone', async () => {
  const t = tree({ 'day1/f.txt': 'a\nb\n' });
  const idx = t.path('c.idx');
  await runBin([t.path('day1'), '--out-dir', t.path('clean'), '--index', idx, '--quiet']);
  const same = await runBin([t.path('day1'), '--out-dir', t.path('clean'), '--index', idx, '--quiet']);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /already in the index with this content; left as it is/);
  const other = await runBin([t.path('day1'), '--out-dir', t.path('clean2'), '--index', idx, '--quiet']);
  assert.equal(other.code, 2, 'its lines are all in the index: refused rather than written empty');
  assert.match(other.stderr, /already committed to the index/);
});

test('the index only ever learns units that were written: reports to stdout and --only-duplicates do not grow it', async () => {
  const t = tree({ 'b.txt': 'c\nd\n', 'n.txt': 'e\nf\n' });
  const idx = t.path('i.idx');
  await runBin([t.path('b.txt'), '--index', idx, '--report', 'summary']);
  assert.equal((await runBin([t.path('b.txt'), '--index', idx])).stdout.toString(), 'c\nd\n');
  const only = await runBin([t.path('n.txt'), '--index', t.path('j.idx'), '--only-duplicates']);
  assert.equal(only.code, 2);
  assert.match(only.stderr, /--index .* cannot be used with --only-duplicates/);
});

test('with reports and --stats, units from the index count as repeats and say so', async () => {
  const t = tree({ '1.txt': 'a\nb\n', '2.txt': 'a\nnew\n' });
  const idx = t.path('i.idx');
  await runBin([t.path('1.txt'), '--index', idx]);
  const stats = await runBin([t.path('2.txt'), '--index', idx, '--index-readonly', '--stats']);
  assert.equal(stats.stdout.toString(), 'new\n');
  const check = await runBin([t.path('2.txt'), '--index', idx, '--check', '--stats']);
  assert.equal(check.code, 1);
  const json = await runBin([t.path('2.txt'), '--index', idx, '--index-readonly', '--report', 'json']);
  const dup = json.stdout
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .find((e) => e.type === 'duplicate');
  assert.equal(dup.firstPath, idx);
  assert.equal(dup.firstLine, null);
  const diff = await runBin([t.path('2.txt'), '--index', idx, '--index-readonly', '--report', 'diff']);
  assert.match(diff.stdout.toString(), /@@ -1,1 \+0,0 @@ duplicate of a unit in .*i\.idx \(an earlier run\)\n-a\n/);
});

test('salvage takes over a stale lock with the warning a run gives', async () => {
  const t = tree({ '1.txt': 'a\n' });
  const idx = t.path('i.idx');
  await runBin([t.path('1.txt'), '--index', idx]);
  // A lock left by a process that is gone (pid 2^22 + 1 is above Linux's pid_max default).
  writeFileSync(`${idx}.lock`, JSON.stringify({ pid: 4194305, host: hostname(), since: 'then', token: 'x' }));
  const salvage = await runBin(['index', 'salvage', idx]);
  assert.equal(salvage.code, 0, salvage.stderr);
  assert.match(salvage.stderr, /took over the lock left by pid 4194305, which is no longer running\n/);
});

test('a flipped byte in a frame is refused with a clear message; dedupe index salvage keeps the intact frames', async () => {
  const t = tree({ '1.txt': 'a\nb\n', '2.txt': 'c\n', '3.txt': 'd\n' });
  const idx = t.path('i.idx');
  for (const f of ['1.txt', '2.txt', '3.txt']) await runBin([t.path(f), '--index', idx]);
  const bytes = readFileSync(idx);
  bytes[300] ^= 1; // inside the second frame
  writeFileSync(idx, bytes);
  const refused = await runBin([t.path('3.txt'), '--index', idx]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^dedupe: .*is damaged: .*dedupe index salvage.*\n$/);
  const salvage = await runBin(['index', 'salvage', idx]);
  assert.equal(salvage.code, 0, salvage.stderr);
  // Where the dropped range was: it holds the flipped byte.
  const range = /dropped 1 damaged range\(s\): bytes (\d+)-(\d+) \(damaged\)\n$/.exec(salvage.stderr);
  assert.ok(range, salvage.stderr);
  assert.ok(Number(range[1]) <= 300 && 300 <= Number(range[2]), salvage.stderr);
  assert.match(salvage.stderr, /kept 2 frames \(3 keys\), dropped 1 damaged range/);
  const after = await runBin([t.path('1.txt'), t.path('2.txt'), t.path('3.txt'), '--index', idx, '--index-readonly']);
  assert.equal(after.stdout.toString(), 'c\n', "only the dropped frame's unit comes back");
});
