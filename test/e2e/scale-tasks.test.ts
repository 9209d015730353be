// Scale-out bookkeeping and refusals: `tasks` prints a number alone; `status` tells done, failed
// and pending tasks; a phase refuses to start before the one it needs; a finished task rerun is a
// no-op; another plan's folder, files or id are refused; damaged or truncated intermediates fail
// the task loudly (exit 2, one `dedupe:` line) and nothing is written from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { runBin, runInProcess, treeFactory, unprivileged } from '../helpers/cli.js';
import { generateCorpus, readTreeBytes } from '../helpers/scale.js';

const tree = treeFactory();
const asNobody = unprivileged();

async function must(args: string[]): Promise<string> {
  const r = await runInProcess(args);
  assert.equal(r.code, 0, `dedupe ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.toString();
}

function planned(): ReturnType<typeof tree> & { corpus: string; work: string } {
  const t = tree(generateCorpus({ files: 4, units: 30, pool: 10, seed: 11 }));
  return Object.assign(t, { corpus: join(t.dir, 'corpus'), work: t.path('work') });
}

test('tasks prints the count alone; status shows done, failed and pending per phase', async () => {
  const t = planned();
  const id = await must(['plan', t.corpus, '--work', t.work, '--files-per-task', '1', '--shards', '3', '--quiet']);
  assert.match(id, /^[0-9a-f]{16}\n$/);
  const tasks = await runBin(['tasks', '--work', t.work, 'map']);
  assert.equal(tasks.code, 0, tasks.stderr);
  assert.equal(tasks.stdout.toString(), '4\n');
  assert.equal(await must(['tasks', '--work', t.work, 'reduce']), '3\n');
  assert.equal(await must(['tasks', '--work', t.work, 'commit']), '1\n');
  await must(['map', '--work', t.work, '--task', '0']);
  await must(['map', '--work', t.work, '--task', '2']);
  // Task 1's input changes after plan: its map task fails, and says why.
  const manifest = JSON.parse(readFileSync(join(t.work, 'manifest.json'), 'utf8')) as { inputs: { path: string }[] };
  writeFileSync(manifest.inputs[1].path, 'new text\n');
  const bad = await runInProcess(['map', '--work', t.work, '--task', '1']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^dedupe: map task 1 failed: .*changed since plan/m);
  // Reduce refuses while map is unfinished, and records nothing: it did not run.
  const early = await runInProcess(['reduce', '--work', t.work, '--task', '0']);
  assert.equal(early.code, 2);
  assert.match(
    early.stderr,
    /^dedupe: reduce task 0 cannot start: map is not finished: task\(s\) 1, 3 not done \(see dedupe status --work .*\)\n$/,
  );
  assert.equal(existsSync(join(t.work, 'status', 'reduce-0.failed')), false);
  const status = await runBin(['status', '--work', t.work]);
  assert.equal(status.code, 2, `a failed task makes status exit 2: ${status.stderr}`);
  const lines = status.stdout.toString().split('\n');
  assert.match(lines[0], /^plan [0-9a-f]{16}: 4 inputs, 0 problems, 4 input groups, 3 shards$/);
  assert.equal(lines[1], 'map    done 2 (0,2), failed 1 (1), pending 1 (3) of 4');
  assert.equal(lines[2], 'reduce done 0, failed 0, pending 3 of 3');
  assert.equal(lines[3], 'apply  done 0, failed 0, pending 4 of 4');
  assert.equal(lines[4], 'commit done 0, failed 0, pending 1 of 1');
  assert.match(status.stdout.toString(), /\nmap 1 failed: .*changed since plan/);
  // --json: the same facts as one object on one line, for a scheduler; the same exit status.
  const json = await runBin(['status', '--work', t.work, '--json']);
  assert.equal(json.code, 2, json.stderr);
  assert.equal(json.stdout.toString().split('\n').length, 2, 'one line');
  const job = JSON.parse(json.stdout.toString()) as {
    plan: string;
    inputs: number;
    problems: { label: string; message: string; severity: string }[];
    inputGroups: number;
    shards: number;
    index: string | null;
    failed: number;
    phases: Record<
      string,
      { tasks: number; done: number[]; failed: { task: number; message: string }[]; pending: number[] }
    >;
  };
  assert.equal(job.plan, id.trim());
  assert.deepEqual(
    [job.inputs, job.problems, job.inputGroups, job.shards, job.index, job.failed],
    [4, [], 4, 3, null, 1],
  );
  assert.deepEqual(Object.keys(job.phases), ['map', 'reduce', 'apply', 'commit']);
  const { map } = job.phases;
  assert.deepEqual([map.tasks, map.done, map.pending], [4, [0, 2], [3]]);
  assert.equal(map.failed.length, 1);
  assert.equal(map.failed[0].task, 1);
  assert.match(map.failed[0].message, /changed since plan/);
  assert.deepEqual(job.phases.reduce, { tasks: 3, done: [], failed: [], pending: [0, 1, 2] });
  assert.deepEqual(job.phases.commit, { tasks: 1, done: [], failed: [], pending: [0] });
  // Without a phase, tasks says which command wants one.
  const noPhase = await runInProcess(['tasks', '--work', t.work]);
  assert.equal(noPhase.code, 2);
  assert.equal(
    noPhase.stderr,
    `dedupe: tasks: which phase? give map, reduce, apply or commit (dedupe tasks --work ${t.work} map)\n`,
  );
  const noWork = await runInProcess(['tasks', 'map']);
  assert.equal(noWork.code, 2);
  assert.equal(noWork.stderr, "dedupe: tasks: required option '--work <dir>' not specified\n");
});

test("a finished task rerun is a no-op; another plan's id, folder or files are refused", async () => {
  const t = planned();
  const id = (
    await must(['plan', t.corpus, '--work', t.work, '--files-per-task', '2', '--shards', '2', '--quiet'])
  ).trim();
  await must(['map', '--work', t.work, '--task', '0', '--plan-id', id]);
  const part = join(t.work, 'map', '0-0.rec');
  const before = statSync(part).mtimeMs;
  const rerun = await runInProcess(['map', '--work', t.work, '--task', '0']);
  assert.equal(rerun.code, 0);
  assert.match(rerun.stderr, /map task 0: already done; nothing to do/);
  assert.equal(statSync(part).mtimeMs, before);
  const wrongId = await runInProcess(['map', '--work', t.work, '--task', '1', '--plan-id', '0123456789abcdef']);
  assert.equal(wrongId.code, 2);
  assert.match(wrongId.stderr, /^dedupe: .* holds plan [0-9a-f]{16}, not 0123456789abcdef/);
  // Planning other inputs into the same folder is refused; the same plan again is fine.
  const other = await runInProcess(['plan', t.corpus, '--work', t.work, '--unit', 'paragraph', '--quiet']);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /already holds plan/);
  assert.equal(
    (await must(['plan', t.corpus, '--work', t.work, '--files-per-task', '2', '--shards', '2', '--quiet'])).trim(),
    id,
  );
  // A map part of another plan dropped into this folder is refused by reduce.
  const t2 = planned();
  await must([
    'plan',
    t2.corpus,
    '--work',
    t2.work,
    '--files-per-task',
    '2',
    '--shards',
    '2',
    '--min-chars',
    '3',
    '--quiet',
  ]);
  await must(['map', '--work', t2.work, '--task', '1']);
  await must(['map', '--work', t.work, '--task', '1']);
  copyFileSync(join(t2.work, 'map', '1-0.rec'), join(t.work, 'map', '1-0.rec'));
  const mixed = await runInProcess(['reduce', '--work', t.work, '--task', '0']);
  assert.equal(mixed.code, 2);
  assert.match(mixed.stderr, /1-0\.rec: belongs to plan [0-9a-f]{16}, not to this plan/);
});

test('a corrupt map part, a truncated drop list, a damaged table: the task fails, nothing is written from it', async () => {
  const t = planned();
  await must(['plan', t.corpus, '--work', t.work, '--files-per-task', '2', '--shards', '2', '--quiet']);
  for (const i of [0, 1]) await must(['map', '--work', t.work, '--task', String(i)]);
  const part = join(t.work, 'map', '1-0.rec');
  const good = readFileSync(part);
  const zeroedTable = Buffer.from(good);
  zeroedTable.fill(0, 64, 64 + 48); // both table entries: counts and checksums all zero
  writeFileSync(part, zeroedTable);
  const zero = await runInProcess(['reduce', '--work', t.work, '--task', '0']);
  assert.equal(zero.code, 2);
  assert.match(zero.stderr, /table entry 0 checksum mismatch/);
  // The damage withdrew map task 1: rerunning it writes the part again, the same bytes.
  await must(['map', '--work', t.work, '--task', '1']);
  assert.deepEqual(readFileSync(part), good);
  const flipped = Buffer.from(good);
  const at = good.length - 5; // inside the last record's ordinal
  flipped[at] ^= 0x40;
  writeFileSync(part, flipped);
  // The shard whose slice holds that byte fails; the other reads only its own, intact slice.
  const hit = [0, 1].find((s) => {
    const offset = Number(good.readBigUInt64LE(64 + 24 * s));
    return at >= offset && at < offset + good.readUInt32LE(64 + 24 * s + 8) * 24;
  })!;
  await must(['reduce', '--work', t.work, '--task', String(1 - hit)]);
  const r = await runInProcess(['reduce', '--work', t.work, '--task', String(hit)]);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^dedupe: reduce task \d failed: .*1-0\.rec: slice \d checksum mismatch; the file is damaged or truncated/m,
  );
  assert.equal(existsSync(join(t.work, 'reduce', `${hit}.drop`)), false);
  await must(['map', '--work', t.work, '--task', '1']);
  await must(['reduce', '--work', t.work, '--task', String(hit)]);
  const status = await must(['status', '--work', t.work]);
  assert.match(status, /\nmap {4}done 2, failed 0, pending 0 of 2\nreduce done 2, failed 0, pending 0 of 2\n/);

  const drop = join(t.work, 'reduce', '1.drop');
  truncateSync(drop, statSync(drop).size - 3);
  const cut = await runInProcess(['apply', '--work', t.work, '--task', '0', '--out-dir', t.path('out')]);
  assert.equal(cut.code, 2);
  assert.match(
    cut.stderr,
    /^dedupe: apply task 0 failed: .*1\.drop: \d+ bytes where its header says \d+; the file is damaged or truncated/m,
  );
  assert.deepEqual(readTreeBytes(t.path('out')), {});
  // Commit refuses before every apply task is done, and says which.
  const early = await runInProcess(['commit', '--work', t.work]);
  assert.equal(early.code, 2);
  assert.match(early.stderr, /^dedupe: commit cannot start: apply is not finished: task\(s\) 0, 1 not done/);
});

test("plan refuses what cannot be phased; tasks refuse the plan's options; an input touched after plan is refused by apply", async () => {
  const t = planned();
  for (const [args, pattern] of [
    [['--keep', 'last'], /plan cannot phase --keep last/],
    [['--only-duplicates'], /plan cannot phase --only-duplicates/],
    [['--report', 'json'], /plan cannot phase --report/],
    [
      ['--near'],
      /plan cannot phase --near: similarity to every earlier kept paragraph cannot be sharded by fingerprint \(run dedupe --near itself\)\n$/,
    ],
    [
      ['--near', '--stats'],
      /plan cannot phase --near: similarity .* by fingerprint \(run dedupe --near itself\); plan cannot phase --stats: the phases keep the first copy/,
    ],
    [['--out-dir', t.path('o')], /plan takes no --out-dir: give it to dedupe apply\n$/],
    [
      ['--scope', 'file', '--index', t.path('i.idx')],
      /--index keeps units across runs; it cannot be used with --scope file/,
    ],
    [['--shards', '0'], /--shards: expected a whole number from 1/],
  ] as [string[], RegExp][]) {
    const r = await runInProcess(['plan', t.corpus, '--work', t.path('w-refused'), ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, new RegExp(`^dedupe: ${pattern.source}`));
    assert.equal(existsSync(join(t.path('w-refused'), 'manifest.json')), false);
  }
  const stdin = await runInProcess(['plan', '-', '--work', t.path('w-stdin')]);
  assert.equal(stdin.code, 2);
  assert.match(stdin.stderr, /standard input cannot be split into tasks/);

  await must(['plan', t.corpus, '--work', t.work, '--quiet']);
  const misplaced = await runInProcess(['map', '--work', t.work, '--task', '0', '--unit', 'paragraph']);
  assert.equal(misplaced.code, 2);
  assert.match(misplaced.stderr, /^dedupe: map takes no --unit: comparison options are recorded by dedupe plan/);
  // --threads is no comparison option: what it would change is said instead.
  for (const command of [
    ['map', '--task', '0'],
    ['plan', t.corpus],
  ]) {
    const threads = await runInProcess([...command, '--work', t.work, '--threads', '2']);
    assert.equal(threads.code, 2);
    assert.match(
      threads.stderr,
      new RegExp(
        `^dedupe: ${command[0]} takes no --threads: each task runs on one thread; run more tasks at once instead\\n$`,
      ),
    );
  }
  const range = await runInProcess(['map', '--work', t.work, '--task', '1']);
  assert.equal(range.code, 2);
  assert.match(range.stderr, /--task: expected a task number from 0 to 0, got '1'/);
  await must(['map', '--work', t.work, '--task', '0']);
  await must(['reduce', '--work', t.work, '--task', '0']);
  // Same size, new mtime: apply refuses to cut units by ordinals that may no longer fit.
  const manifest = JSON.parse(readFileSync(join(t.work, 'manifest.json'), 'utf8')) as { inputs: { path: string }[] };
  utimesSync(manifest.inputs[0].path, new Date(), new Date(Date.now() + 5000));
  const touched = await runInProcess(['apply', '--work', t.work, '--task', '0', '--out-dir', t.path('out')]);
  assert.equal(touched.code, 2);
  // The input's line, then the task's, saying the count once.
  assert.match(
    touched.stderr,
    /^dedupe: .*: changed since plan \(same size, modified 20\d\d-[\d-]+T[\d:.]+Z where plan saw 20\d\d-[\d-]+T[\d:.]+Z\); plan again into a new work folder\ndedupe: apply task 0 failed: 1 input\(s\) failed; the others are written\n$/,
  );
  // status keeps the first failing input's reason, not just the count.
  const failedStatus = await runInProcess(['status', '--work', t.work]);
  assert.equal(failedStatus.code, 2);
  assert.match(
    failedStatus.stdout.toString(),
    /\napply 0 failed: 1 input\(s\) failed; the others are written \(first: .*: changed since plan/,
  );
  const inside = await runInProcess(['apply', '--work', t.work, '--task', '0', '--out-dir', join(t.corpus, 'clean')]);
  assert.equal(inside.code, 2);
  assert.match(inside.stderr, /^dedupe: apply task 0 cannot start: --out-dir .* is inside the input folder/);
});

test(
  'a file that cannot be read at plan time is a plan problem (exit 2); the phases still write the others',
  { skip: asNobody.skip },
  async () => {
    const t = tree({ 'in/a.txt': 'one\nshared\n', 'in/b.txt': 'secret\n', 'in/c.txt': 'shared\nthree\n' });
    chmodSync(t.dir, 0o777);
    chmodSync(t.path('in'), 0o755);
    for (const f of ['in/a.txt', 'in/c.txt']) chmodSync(t.path(f), 0o644);
    chmodSync(t.path('in/b.txt'), 0o000);
    const as = { spawn: asNobody.spawn };
    const work = t.path('work');
    const plan = await runBin(['plan', t.path('in'), '--work', work, '--quiet'], as);
    // Before, plan said nothing and exited 0; map then failed on "changed since plan", every time.
    assert.equal(plan.code, 2, plan.stderr);
    assert.match(plan.stderr, /^dedupe: .*in\/b\.txt: permission denied$/m);
    for (const phase of ['map', 'reduce', 'apply']) {
      const count = Number((await runBin(['tasks', '--work', work, phase], as)).stdout.toString());
      for (let task = 0; task < count; task++) {
        const extra = phase === 'apply' ? ['--out-dir', t.path('out')] : [];
        const r = await runBin([phase, '--work', work, '--task', String(task), ...extra], as);
        assert.equal(r.code, 0, `${phase} ${task}: ${r.stderr}`);
      }
    }
    const commit = await runBin(['commit', '--work', work], as);
    assert.equal(commit.code, 0, commit.stderr);
    const status = await runBin(['status', '--work', work, '--json'], as);
    assert.equal(status.code, 0, status.stderr);
    const { problems } = JSON.parse(status.stdout.toString()) as { problems: { label: string; message: string }[] };
    assert.deepEqual(
      problems.map((p) => [p.label.endsWith('b.txt'), p.message]),
      [[true, 'permission denied']],
    );
    chmodSync(t.path('in/b.txt'), 0o644);
    assert.deepEqual(readdirSync(t.path('out')).sort(), ['a.txt', 'c.txt']);
    assert.equal(readFileSync(t.path('out/c.txt'), 'utf8'), 'three\n');
  },
);

test('planning the same files again under another spelling is a no-op; a grown index is named as the reason', async () => {
  const t = planned();
  const first = await runBin(['plan', `${t.corpus}/`, '--work', t.work, '--quiet']);
  assert.equal(first.code, 0, first.stderr);
  // Before, `corpus` after `corpus/` was refused as "other inputs or options".
  const again = await runBin(['plan', 'corpus', '--work', t.work, '--quiet'], { cwd: t.dir });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout.toString(), first.stdout.toString(), 'the plan already there, under its id');
  const other = await runBin(['plan', t.corpus, '--work', t.work, '--quiet', '--unit', 'paragraph']);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /already holds plan [0-9a-f]{16} \(other inputs or options\)/);
  // Against an index: once the index has grown, the old plan was made against another state.
  const idx = t.path('c.idx');
  const work = t.path('work-idx');
  const planned1 = await runBin(['plan', t.corpus, '--work', work, '--index', idx, '--quiet']);
  assert.equal(planned1.code, 0, planned1.stderr);
  writeFileSync(t.path('elsewhere.txt'), 'a line from elsewhere\n');
  const grow = await runBin([t.path('elsewhere.txt'), '--index', idx]);
  assert.equal(grow.code, 0, grow.stderr);
  const replanned = await runBin(['plan', t.corpus, '--work', work, '--index', idx, '--quiet']);
  assert.equal(replanned.code, 2);
  assert.match(
    replanned.stderr,
    /already holds plan [0-9a-f]{16}, made against the index as it was then \(0 frames; 1 now\); use a new work folder/,
  );
});
