// --near with --index through the real binary: day 1 then day 2 removes day 2's edited copies of
// day 1's paragraphs and explains them; the verdicts across two runs agree with one run's on the
// labelled pairs; read-only use, merge, salvage, an index made without --near, and SIGKILL at
// several moments followed by the same command (which must end like an uninterrupted run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, FIXTURES, runBin, treeFactory } from '../helpers/cli.js';
import { readTree } from '../helpers/read-tree.js';

const tree = treeFactory();
const day1 = readFileSync(join(FIXTURES, 'near-index', 'day1.txt'), 'utf8');
const day2 = readFileSync(join(FIXTURES, 'near-index', 'day2.txt'), 'utf8');
const days = { 'day1/a.txt': day1, 'day2/b.txt': day2 };
const lines = (text: string): string[] => text.split('\n').filter(Boolean);

interface Removal {
  type: string;
  path: string;
  startLine: number;
  match: string;
  keptPath: string;
  keptLine: number;
  earlierRun?: { committed: string };
}
const removals = (stdout: Buffer): Removal[] =>
  stdout
    .toString('utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Removal)
    .filter((e) => e.type === 'duplicate');

test('day 1 then day 2: the edited copies of day 1 paragraphs are removed and explained', async () => {
  const t = tree(days);
  const idx = t.path('corpus.idx');
  const r1 = await runBin(['--near', '--index', idx, t.path('day1'), '--out-dir', t.path('clean/day1')]);
  assert.equal(r1.code, 0, r1.stderr);
  assert.doesNotMatch(r1.stderr, /near records/, 'an index this run made: nothing to say about its near records');
  // Told in a diff, read-only first: the score's parts, the earlier run's place and time, the word diff.
  const again = await runBin(['--near', '--index-readonly', '--index', idx, t.path('day2/b.txt'), '--report', 'diff']);
  assert.equal(again.code, 0, again.stderr);
  const notes = again.stdout
    .toString('utf8')
    .split('\n')
    .filter((l) => l.startsWith('@@'));
  assert.equal(notes.length, 4);
  for (const note of notes)
    assert.match(
      note,
      /near duplicate \(mix 0\.\d\d: .*wc5.*\) of .*a\.txt:\d \(a unit kept by an earlier run, committed 20\d\d-.*\): [-+]\[/,
    );
  // The review page says where an earlier run's copy is, and does not claim the file changed.
  const page = await runBin(['--near', '--index-readonly', '--index', idx, t.path('day2/b.txt'), '--report', 'html']);
  assert.equal(page.code, 0, page.stderr);
  const html = page.stdout.toString('utf8');
  assert.equal(
    html.split('The kept copy is from an earlier run').length - 1,
    4,
    'each pair says its copy is from an earlier run',
  );
  assert.doesNotMatch(html, /could not be read again/);
  const r2 = await runBin([
    '--near',
    '--index',
    idx,
    t.path('day2'),
    '--out-dir',
    t.path('clean/day2'),
    '--report',
    'json',
  ]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.deepEqual(lines(readFileSync(t.path('clean/day2/b.txt'), 'utf8')), [lines(day2)[0]], 'only the new line');
  const found = removals(r2.stdout);
  assert.deepEqual(
    found.map((e) => [e.startLine, e.match, e.keptPath, e.keptLine]),
    [2, 3, 4, 5].map((line) => [line, 'near', t.path('day1/a.txt'), line - 1]),
  );
  for (const e of found) assert.ok(e.earlierRun && !Number.isNaN(Date.parse(e.earlierRun.committed)));
  const stats = await runBin(['index', 'stats', '--json', idx]);
  const near = JSON.parse(stats.stdout.toString()).near as Record<string, number>;
  assert.equal(near.records, 6, "day 1's five lines and day 2's new one: the removed copies add none");
  assert.ok(near.bytesPerRecordOnDisk > 60 && near.bytesPerRecordOnDisk < 400, JSON.stringify(near));
  assert.ok(near.bytesPerRecordInMemory <= 400);
});

test('--index-readonly with --near matches against the archive and leaves the index byte-identical', async () => {
  const t = tree(days);
  const idx = t.path('corpus.idx');
  assert.equal((await runBin(['--near', '--index', idx, t.path('day1'), '-o', t.path('o1.txt')])).code, 0);
  const before = readFileSync(idx);
  const r = await runBin(['--near', '--index', idx, '--index-readonly', t.path('day2')]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(lines(r.stdout.toString('utf8')), [lines(day2)[0]]);
  assert.ok(readFileSync(idx).equals(before));
});

const OTHER =
  'سطر آخر لا علاقة له بأي شيء في الأيام كلها، وهو طويل بما يكفي للمقارنة التقريبية بين الفقرات في هذا الاختبار بالذات.\n';

test('an index made without --near is upgraded in place: near records from then on, said once', async () => {
  const t = tree({ ...days, 'other/x.txt': OTHER });
  const idx = t.path('corpus.idx');
  assert.equal((await runBin(['--index', idx, t.path('other'), '-o', t.path('o1.txt')])).code, 0);
  const up = await runBin(['--near', '--index', idx, t.path('day1'), '-o', t.path('o2.txt')]);
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stderr, /^dedupe: .*corpus\.idx: the index holds no near records yet.*from now on\n/);
  const stats = JSON.parse((await runBin(['index', 'stats', '--json', idx])).stdout.toString());
  assert.deepEqual([stats.inputs, stats.near.records], [2, 5], 'no records for what the older run kept');
  const r = await runBin(['--near', '--index', idx, '--index-readonly', t.path('day2')]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /no near records/);
  assert.deepEqual(lines(r.stdout.toString('utf8')), [lines(day2)[0]]);
});

test('index merge keeps the near records; salvage keeps the intact ones', async () => {
  const t = tree({ ...days, 'other/x.txt': OTHER });
  const a = t.path('a.idx');
  const b = t.path('b.idx');
  assert.equal((await runBin(['--near', '--index', a, t.path('day1'), '-o', t.path('o1.txt')])).code, 0);
  assert.equal((await runBin(['--near', '--index', b, t.path('other'), '-o', t.path('o2.txt')])).code, 0);
  const merged = t.path('m.idx');
  const m = await runBin(['index', 'merge', a, b, '-o', merged]);
  assert.equal(m.code, 0, m.stderr);
  const stats = JSON.parse((await runBin(['index', 'stats', '--json', merged])).stdout.toString());
  assert.equal(stats.near.records, 6);
  const r = await runBin(['--near', '--index', merged, '--index-readonly', t.path('day2')]);
  assert.deepEqual(lines(r.stdout.toString('utf8')), [lines(day2)[0]]);
  // Damage the last frame (other/x.txt's exact frame): salvage drops it with its near frame.
  const bytes = readFileSync(merged);
  bytes[bytes.length - 20] ^= 0xff;
  writeFileSync(merged, bytes);
  const s = await runBin(['index', 'salvage', merged]);
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stderr, /kept 1 frames \(\d+ keys, 5 near records\), dropped 1 damaged range/);
  const after = await runBin(['--near', '--index', merged, '--index-readonly', t.path('day2')]);
  assert.equal(after.code, 0, after.stderr);
  assert.deepEqual(lines(after.stdout.toString('utf8')), [lines(day2)[0]]);
});

interface Pair {
  id: string;
  a: string;
  b: string;
}
const pairs = readFileSync(join(FIXTURES, 'near', 'pairs.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Pair);

test('the verdicts across two runs agree with one run on the labelled pairs (day 1 = a, day 2 = b)', async () => {
  const one = (texts: string[]): string => texts.map((s) => s.replace(/\n/g, ' ')).join('\n') + '\n';
  const t = tree({ 'day1/a.txt': one(pairs.map((p) => p.a)), 'day2/b.txt': one(pairs.map((p) => p.b)) });
  writeFileSync(
    t.path('both.txt'),
    readFileSync(t.path('day1/a.txt'), 'utf8') + readFileSync(t.path('day2/b.txt'), 'utf8'),
  );
  const n = pairs.length;
  const single = await runBin(['--near', t.path('both.txt'), '--report', 'json', '-o', t.path('s.txt')]);
  assert.equal(single.code, 0, single.stderr);
  // Per b line: kept, or removed as a copy of which a line (the earlier input's line numbers).
  const verdictOf = (found: Removal[], bLine: (e: Removal) => number | undefined): Map<number, string> => {
    const out = new Map<number, string>();
    for (const e of found) {
      const line = bLine(e);
      if (line === undefined) continue;
      // An exact repeat of day 1 is told without a line across runs (the index keeps keys only).
      if (e.match === 'exact' && !e.keptPath.endsWith('b.txt') && !(e.keptLine > n)) {
        out.set(line, 'exact 1');
        continue;
      }
      // The kept copy as day and line: one run's both.txt holds day 1's lines, then day 2's.
      const inDay2 = e.keptPath.endsWith('b.txt') || (e.keptPath.endsWith('both.txt') && e.keptLine > n);
      out.set(line, `${e.match} ${inDay2 ? 2 : 1}:${inDay2 && e.keptLine > n ? e.keptLine - n : e.keptLine}`);
    }
    return out;
  };
  const oneRun = verdictOf(removals(single.stdout), (e) => (e.startLine > n ? e.startLine - n : undefined));
  const idx = t.path('c.idx');
  assert.equal((await runBin(['--near', '--index', idx, t.path('day1'), '-o', t.path('d1.txt')])).code, 0);
  const across = await runBin(['--near', '--index', idx, t.path('day2'), '--report', 'json', '-o', t.path('d2.txt')]);
  assert.equal(across.code, 0, across.stderr);
  const twoRuns = verdictOf(removals(across.stdout), (e) => e.startLine);
  // Removals within day 2 itself (a b line matching another b line) are the same in both.
  let agree = 0;
  for (let line = 1; line <= n; line++) {
    const a = oneRun.get(line) ?? 'kept';
    const b = twoRuns.get(line) ?? 'kept';
    if (a === b) agree++;
    else process.stderr.write(`${pairs[line - 1].id}: one run ${a}, two runs ${b}\n`);
  }
  const share = agree / n;
  process.stderr.write(`near --index agreement with one run: ${agree}/${n} (${(share * 100).toFixed(1)}%)\n`);
  assert.ok(share >= 0.98, `agreement ${agree}/${n}`);
});

test('SIGKILL at several moments, then the same command: the result of an uninterrupted run', async () => {
  // Each file holds the `a` of some pairs and the `b` of the pairs before: near copies across files.
  const files: Record<string, string> = {};
  const per = 4;
  const count = Math.floor(pairs.length / per);
  for (let i = 0; i < count; i++) {
    const mine = pairs.slice(i * per, (i + 1) * per).map((p) => p.a);
    const before = i > 0 ? pairs.slice((i - 1) * per, i * per).map((p) => p.b) : [];
    files[`in/${String(i).padStart(3, '0')}.txt`] = [...mine, ...before].join('\n') + '\n';
  }
  const t = tree(files);
  const reference = await runBin([
    '--near',
    t.path('in'),
    '--out-dir',
    t.path('ref'),
    '--index',
    t.path('ref.idx'),
    '--quiet',
  ]);
  assert.equal(reference.code, 0, reference.stderr);
  const args = [BIN, '--near', t.path('in'), '--out-dir', t.path('out'), '--index', t.path('run.idx'), '--quiet'];
  const moments = [150, 300, 450, 600, 800, 1000];
  for (const delay of moments) {
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    const closed = new Promise((r) => child.on('close', r));
    await new Promise((r) => setTimeout(r, delay));
    child.kill('SIGKILL');
    await closed;
    // A --near run may go on in a restarted child (huge pages), which stops itself once it sees its
    // parent gone and until then rightly holds the lock: wait for it, as the lock's message says.
    await lockLetGo(t.path('run.idx.lock'));
  }
  const final = await runBin(args.slice(1));
  assert.equal(final.code, 0, final.stderr);
  assert.deepEqual(readTree(t.path('out')), readTree(t.path('ref')));
  const stats = (p: string): Promise<{ keys: number; near: { records: number } }> =>
    runBin(['index', 'stats', '--json', p]).then((r) => JSON.parse(r.stdout.toString()));
  const [a, b] = [await stats(t.path('ref.idx')), await stats(t.path('run.idx'))];
  assert.equal(b.keys, a.keys);
  assert.equal(b.near.records, a.near.records);
  assert.ok(statSync(t.path('run.idx')).size > 0);
});

/** Resolves once no live process holds the index lock at `lockPath` (at most 60 s, then fails). */
async function lockLetGo(lockPath: string): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    let pid: number | undefined;
    try {
      pid = (JSON.parse(readFileSync(lockPath, 'utf8')) as { pid: number }).pid;
    } catch {
      return; // no lock file (or one being written, which the next run waits for itself)
    }
    try {
      process.kill(pid, 0);
    } catch {
      return; // its holder is gone: the next run takes the lock over
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the lock ${lockPath} was still held 60 s after its run was killed`);
}
