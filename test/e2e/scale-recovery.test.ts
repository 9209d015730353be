// Getting a scale-out job unstuck: a damaged intermediate withdraws the done marker of the task
// that wrote it and names the command that rewrites it (which then really runs); every apply task
// of a job writes into the one --out-dir recorded by the first; an input gone since plan says to
// plan again. Each path is driven through the CLI and ends in the one-process result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBin, runInProcess, treeFactory } from '../helpers/cli.js';
import { generateCorpus, readTreeBytes } from '../helpers/scale.js';

const tree = treeFactory();

async function must(args: readonly string[]): Promise<string> {
  const r = await runInProcess(args);
  assert.equal(r.code, 0, `dedupe ${args.join(' ')}: ${r.stderr}`);
  return `${r.stdout.toString()}${r.stderr}`;
}

// status with a failed task exits 2 (a script learns of the failure from it), and still prints it all.
async function statusWithFailures(work: string): Promise<string> {
  const r = await runInProcess(['status', '--work', work]);
  assert.equal(r.code, 2, `status with a failed task: ${r.stderr}`);
  return r.stdout.toString();
}

function planned(): ReturnType<typeof tree> & { corpus: string; work: string } {
  const t = tree(generateCorpus({ files: 4, units: 30, pool: 10, seed: 23 }));
  return Object.assign(t, { corpus: join(t.dir, 'corpus'), work: t.path('work') });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The command a message tells the user to run ("... run dedupe X --work W --task N, then ..."). */
function namedCommand(stderr: string): string[] {
  const m = /: run (dedupe [^,]+), then rerun this task\n/.exec(stderr);
  assert.ok(m, `no command named in: ${stderr}`);
  return m[1].split(' ').slice(1);
}

async function oneProcess(
  t: { corpus: string; path: (p: string) => string },
  extra: string[] = [],
): Promise<Record<string, Buffer>> {
  await must([t.corpus, '--out-dir', t.path('reference'), '--quiet', ...extra]);
  return readTreeBytes(t.path('reference'));
}

test("a damaged map part: reduce withdraws map's done marker and names the command; running it repairs the job", async () => {
  const t = planned();
  await must(['plan', t.corpus, '--work', t.work, '--files-per-task', '2', '--shards', '1', '--quiet']);
  for (const i of [0, 1]) await must(['map', '--work', t.work, '--task', String(i)]);
  const part = join(t.work, 'map', '1-0.rec');
  const good = readFileSync(part);
  const flipped = Buffer.from(good);
  flipped[good.length - 5] ^= 0x40; // inside the last record: one shard, so reduce task 0 reads it
  writeFileSync(part, flipped);

  const bad = await runInProcess(['reduce', '--work', t.work, '--task', '0']);
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    `dedupe: reduce task 0 failed: ${part}: slice 0 checksum mismatch; the file is damaged or truncated; map task 1 writes it and is no longer marked done: run dedupe map --work ${t.work} --task 1, then rerun this task\n`,
  );
  // status tells the same: map task 1 is failed, with the command; nothing is skipped.
  const status = await statusWithFailures(t.work);
  assert.match(
    status,
    /\nmap {4}done 1 \(0\), failed 1 \(1\), pending 0 of 2\nreduce done 0, failed 1, pending 0 of 1\n/,
  );
  assert.match(
    status,
    new RegExp(
      `\\nmap 1 failed: ${escape(part)}: slice 0 checksum mismatch; the file is damaged or truncated \\(found by reduce task 0\\): run dedupe map --work ${escape(t.work)} --task 1\\n`,
    ),
  );
  // Until map task 1 runs again, reduce waits for it (a refusal: reduce's own record stays).
  const waiting = await runInProcess(['reduce', '--work', t.work, '--task', '0']);
  assert.equal(waiting.code, 2);
  assert.match(waiting.stderr, /^dedupe: reduce task 0 cannot start: map is not finished: task\(s\) 1 not done/);

  // The named command really runs (not "already done") and writes the very bytes of the first run.
  const rerun = await runInProcess(namedCommand(bad.stderr));
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.doesNotMatch(rerun.stderr, /already done/);
  assert.deepEqual(readFileSync(part), good);
  await must(['reduce', '--work', t.work, '--task', '0']);
  for (const i of [0, 1]) await must(['apply', '--work', t.work, '--task', String(i), '--out-dir', t.path('out')]);
  await must(['commit', '--work', t.work]);
  assert.match(
    await must(['status', '--work', t.work]),
    /\nmap {4}done 2, failed 0, pending 0 of 2\nreduce done 1, failed 0, pending 0 of 1\napply {2}done 2, failed 0, pending 0 of 2\ncommit done 1, failed 0, pending 0 of 1\n$/,
  );
  assert.deepEqual(readTreeBytes(t.path('out')), await oneProcess(t));
});

test('a missing map part is treated as damage too: its map task runs again', async () => {
  const t = planned();
  await must(['plan', t.corpus, '--work', t.work, '--files-per-task', '2', '--shards', '2', '--quiet']);
  for (const i of [0, 1]) await must(['map', '--work', t.work, '--task', String(i)]);
  rmSync(join(t.work, 'map', '0-0.rec'));
  const bad = await runInProcess(['reduce', '--work', t.work, '--task', '1']);
  assert.equal(bad.code, 2);
  assert.match(
    bad.stderr,
    /^dedupe: reduce task 1 failed: .*0-0\.rec: missing; map task 0 writes it and is no longer marked done: run dedupe map --work .* --task 0, then rerun this task\n$/,
  );
  await must(namedCommand(bad.stderr));
  for (const i of [0, 1]) await must(['reduce', '--work', t.work, '--task', String(i)]);
});

test("a damaged drop list (apply) or keep list (commit): reduce's done marker is withdrawn; the named command repairs it", async () => {
  const t = planned();
  // An index with an earlier generation: the failed commit must leave it byte for byte.
  writeFileSync(t.path('day0.txt'), 'an earlier day\n');
  const index = t.path('corpus.idx');
  await must([t.path('day0.txt'), '--index', index, '--out-dir', t.path('day0-out'), '--quiet']);
  copyFileSync(index, t.path('reference.idx'));
  const before = readFileSync(index);
  await must([
    'plan',
    t.corpus,
    '--work',
    t.work,
    '--files-per-task',
    '2',
    '--shards',
    '2',
    '--index',
    index,
    '--quiet',
  ]);
  for (const i of [0, 1]) await must(['map', '--work', t.work, '--task', String(i)]);
  for (const i of [0, 1]) await must(['reduce', '--work', t.work, '--task', String(i)]);
  const drop = join(t.work, 'reduce', '1.drop');
  const goodDrop = readFileSync(drop);
  truncateSync(drop, goodDrop.length - 3);

  const out = t.path('out');
  const bad = await runInProcess(['apply', '--work', t.work, '--task', '0', '--out-dir', out]);
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    `dedupe: apply task 0 failed: ${drop}: ${goodDrop.length - 3} bytes where its header says ${goodDrop.length}; the file is damaged or truncated; reduce task 1 writes it and is no longer marked done: run dedupe reduce --work ${t.work} --task 1, then rerun this task\n`,
  );
  assert.deepEqual(readTreeBytes(out), {});
  assert.match(await statusWithFailures(t.work), /\nreduce done 1 \(0\), failed 1 \(1\), pending 0 of 2\n/);
  const rerun = await runInProcess(namedCommand(bad.stderr));
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.doesNotMatch(rerun.stderr, /already done/);
  assert.deepEqual(readFileSync(drop), goodDrop);
  for (const i of [0, 1]) await must(['apply', '--work', t.work, '--task', String(i), '--out-dir', out]);

  // The keep list is read by commit: the index stays untouched, reduce task 0 is withdrawn.
  const keep = join(t.work, 'reduce', '0.keep');
  const goodKeep = readFileSync(keep);
  truncateSync(keep, goodKeep.length - 1);
  const badCommit = await runInProcess(['commit', '--work', t.work]);
  assert.equal(badCommit.code, 2);
  assert.match(
    badCommit.stderr,
    /^dedupe: commit failed: .*0\.keep: .*the file is damaged or truncated; reduce task 0 writes it and is no longer marked done: run dedupe reduce --work .* --task 0, then rerun this task\n$/,
  );
  assert.deepEqual(readFileSync(index), before);
  await must(namedCommand(badCommit.stderr));
  assert.deepEqual(readFileSync(keep), goodKeep);
  await must(['commit', '--work', t.work]);
  assert.deepEqual(readTreeBytes(out), await oneProcess(t, ['--index', t.path('reference.idx')]));
  assert.ok(statSync(index).size > before.length);
});

test('every apply task writes into the one --out-dir the first recorded; another folder is refused and recorded nowhere', async () => {
  const t = planned();
  await must(['plan', t.corpus, '--work', t.work, '--files-per-task', '1', '--shards', '2', '--quiet']);
  for (const i of [0, 1, 2, 3]) await must(['map', '--work', t.work, '--task', String(i)]);
  for (const i of [0, 1]) await must(['reduce', '--work', t.work, '--task', String(i)]);
  const split1 = t.path('split1');
  const split2 = t.path('split2');
  await must(['apply', '--work', t.work, '--task', '0', '--out-dir', split1]);
  const other = await runInProcess(['apply', '--work', t.work, '--task', '1', '--out-dir', split2]);
  assert.equal(other.code, 2);
  const refusal = (task: number): string =>
    `dedupe: apply task ${task} cannot start: --out-dir ${split2} is not this job's output folder ${split1} (recorded by its first apply task): give every apply task --out-dir ${split1}\n`;
  assert.equal(other.stderr, refusal(1));
  assert.equal(existsSync(split2), false);
  // A finished task rerun into another folder is refused the same way, and leaves no failure.
  const again = await runInProcess(['apply', '--work', t.work, '--task', '0', '--out-dir', split2]);
  assert.equal(again.code, 2);
  assert.equal(again.stderr, refusal(0));
  assert.equal(existsSync(join(t.work, 'status', 'apply-0.failed')), false);
  assert.equal(existsSync(join(t.work, 'status', 'apply-1.failed')), false);
  assert.match(await must(['status', '--work', t.work]), /\napply {2}done 1 \(0\), failed 0, pending 3 \(1-3\) of 4\n/);
  // The same folder spelled another way is the same folder; reruns into it stay no-ops.
  for (const i of [1, 2, 3]) await must(['apply', '--work', t.work, '--task', String(i), '--out-dir', `${split1}/`]);
  assert.match(
    await must(['apply', '--work', t.work, '--task', '0', '--out-dir', split1]),
    /apply task 0: already done; nothing to do/,
  );
  await must(['commit', '--work', t.work]);
  assert.deepEqual(readTreeBytes(split1), await oneProcess(t));
});

test('two first apply tasks racing with different --out-dir: exactly one folder wins', async () => {
  const t = planned();
  await must(['plan', t.corpus, '--work', t.work, '--files-per-task', '2', '--shards', '1', '--quiet']);
  for (const i of [0, 1]) await must(['map', '--work', t.work, '--task', String(i)]);
  await must(['reduce', '--work', t.work, '--task', '0']);
  // Whatever the order the two processes reach the record in, one claims it and the other reads it.
  const [a, b] = await Promise.all([
    runBin(['apply', '--work', t.work, '--task', '0', '--out-dir', t.path('a')]),
    runBin(['apply', '--work', t.work, '--task', '1', '--out-dir', t.path('b')]),
  ]);
  assert.deepEqual([a.code, b.code].sort(), [0, 2], `${a.stderr}${b.stderr}`);
  const [winner, loser] = a.code === 0 ? [t.path('a'), t.path('b')] : [t.path('b'), t.path('a')];
  assert.match(
    a.code === 0 ? b.stderr : a.stderr,
    new RegExp(`cannot start: --out-dir ${escape(loser)} is not this job's output folder ${escape(winner)} `),
  );
  assert.equal(existsSync(loser), false);
  const record = JSON.parse(readFileSync(join(t.work, 'out-dir.json'), 'utf8')) as { outDir: string };
  assert.equal(record.outDir, winner);
  const loserTask = a.code === 0 ? '1' : '0';
  await must(['apply', '--work', t.work, '--task', loserTask, '--out-dir', winner]);
  await must(['commit', '--work', t.work]);
  assert.deepEqual(readTreeBytes(winner), await oneProcess(t));
});

test('an input deleted after plan: map says it changed since plan and to plan again, on every rerun', async () => {
  const t = planned();
  await must(['plan', t.corpus, '--work', t.work, '--files-per-task', '2', '--quiet']);
  const manifest = JSON.parse(readFileSync(join(t.work, 'manifest.json'), 'utf8')) as {
    inputs: { path: string; label: string }[];
  };
  const gone = manifest.inputs[1];
  assert.ok(statSync(gone.path).isFile());
  rmSync(gone.path);
  for (let attempt = 0; attempt < 2; attempt++) {
    const r = await runInProcess(['map', '--work', t.work, '--task', '0']);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      `dedupe: map task 0 failed: ${gone.label}: changed since plan: no such file or directory now; plan again into a new work folder\n`,
    );
  }
  assert.match(
    await statusWithFailures(t.work),
    /\nmap 0 failed: .*changed since plan: no such file or directory now; plan again into a new work folder\n/,
  );
});
