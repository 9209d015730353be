// Scale-out with the persistent index: day 1 then day 2 through the phases gives the outputs and
// the index (fingerprints frame by frame, committed inputs) of day 1 then day 2 through
// `dedupe --index`; the index is untouched until commit; a changed index or a re-planned,
// already committed input is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runBin, runInProcess, treeFactory } from '../helpers/cli.js';
import { generateCorpus, readTreeBytes, taskCount } from '../helpers/scale.js';
import { openIndex } from '../../src/index-store/index.js';
import { HASH_SPEC } from '../../src/hash/hash-spec.js';

const tree = treeFactory();

async function must(args: string[]): Promise<string> {
  const r = await runInProcess(args);
  assert.equal(r.code, 0, `dedupe ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.toString();
}

async function phases(work: string, out: string): Promise<void> {
  for (const phase of ['map', 'reduce', 'apply']) {
    for (let i = 0; i < taskCount(work, phase); i++)
      await must([phase, '--work', work, '--task', String(i), ...(phase === 'apply' ? ['--out-dir', out] : [])]);
  }
}

async function indexContent(path: string): Promise<{ fps: string[]; inputs: [string, string][] }> {
  const opened = await openIndex(path, { mode: 'readonly', expect: { keySpec: 'standard/1', hash: HASH_SPEC } });
  assert.equal(opened.kind, 'ok');
  if (opened.kind !== 'ok') throw new Error('unreachable');
  const fps: string[] = [];
  opened.index.forEachFingerprintBatch((words) => {
    for (let i = 0; i < words.length; i += 4) fps.push(`${words[i]}.${words[i + 1]}.${words[i + 2]}.${words[i + 3]}`);
  });
  const inputs = [...opened.index.committedInputs()].sort();
  await opened.index.close();
  return { fps, inputs };
}

test('day 1 then day 2 through the phases = through --index: same outputs, same index keys and frames', async () => {
  const t = tree({
    ...generateCorpus({ files: 5, units: 40, pool: 30, seed: 3 }, 'day1/'),
    ...generateCorpus({ files: 6, units: 40, pool: 30, seed: 3 + 1 }, 'day2/'),
  });
  // Day 2 shares lines with day 1 (same vocabulary; make sure of one exact and one variant).
  const plainIdx = t.path('plain.idx');
  const phasedIdx = t.path('phased.idx');
  for (const day of ['day1', 'day2']) {
    const r = await runInProcess([
      join(t.dir, day),
      '--out-dir',
      t.path(`plain/${day}`),
      '--index',
      plainIdx,
      '--quiet',
    ]);
    assert.equal(r.code, 0, r.stderr);
  }
  await must([
    'plan',
    join(t.dir, 'day1'),
    '--work',
    t.path('w1'),
    '--index',
    phasedIdx,
    '--files-per-task',
    '2',
    '--shards',
    '3',
    '--quiet',
  ]);
  await phases(t.path('w1'), t.path('phased/day1'));
  await must(['commit', '--work', t.path('w1'), '--index', phasedIdx]);
  const afterDay1 = readFileSync(phasedIdx);

  await must([
    'plan',
    join(t.dir, 'day2'),
    '--work',
    t.path('w2'),
    '--index',
    phasedIdx,
    '--files-per-task',
    '4',
    '--shards',
    '2',
    '--quiet',
  ]);
  await phases(t.path('w2'), t.path('phased/day2'));
  // Everything but commit is done: the index is still day 1's, byte for byte.
  assert.deepEqual(readFileSync(phasedIdx), afterDay1);
  await must(['commit', '--work', t.path('w2')]);
  assert.notDeepEqual(readFileSync(phasedIdx), afterDay1);

  const expected = readTreeBytes(t.path('plain'));
  assert.equal(Object.keys(expected).length, 11);
  assert.deepEqual(readTreeBytes(t.path('phased')), expected);
  const day2In = Object.values(readTreeBytes(join(t.dir, 'day2'))).reduce((n, b) => n + b.length, 0);
  const day2Out = Object.entries(expected)
    .filter(([k]) => k.startsWith('day2/'))
    .reduce((n, [, b]) => n + b.length, 0);
  assert.ok(day2Out < day2In * 0.8, 'day 2 lost what day 1 had');
  const plainIndex = await indexContent(plainIdx);
  assert.ok(plainIndex.fps.length > 20);
  assert.deepEqual(await indexContent(phasedIdx), plainIndex);

  // Rerunning commit is a no-op; re-planning a committed input is refused as --index refuses it.
  await must(['commit', '--work', t.path('w2')]);
  assert.deepEqual(await indexContent(phasedIdx), plainIndex);
  const again = await runInProcess([
    'plan',
    join(t.dir, 'day1'),
    '--work',
    t.path('w3'),
    '--index',
    phasedIdx,
    '--quiet',
  ]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /^dedupe: .*f00\.txt: already committed to the index by an earlier run/m);
});

test("an index that changed between plan and reduce is refused; commit needs the plan's index", async () => {
  const t = tree({
    ...generateCorpus({ files: 2, units: 10, pool: 8, seed: 9 }, 'a/'),
    'b/other.txt': 'something else\n',
  });
  const idx = t.path('x.idx');
  await must([t.path('b'), '--out-dir', t.path('first'), '--index', idx, '--quiet']);
  await must(['plan', t.path('a'), '--work', t.path('w'), '--index', idx, '--quiet']);
  await must(['map', '--work', t.path('w'), '--task', '0']);
  await must([t.path('a/f01.txt'), '-o', t.path('sneaky.txt'), '--index', idx, '--quiet']);
  const r = await runInProcess(['reduce', '--work', t.path('w'), '--task', '0']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^dedupe: reduce task 0 failed: .*x\.idx: the index changed since plan .*plan again\n$/m);
  const wrong = await runInProcess(['commit', '--work', t.path('w'), '--index', t.path('y.idx')]);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /is not the index this plan was made against/);
});

test('commit killed half-way (SIGKILL) and rerun: the index ends as the one-process --index run leaves it', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 200; i++) files[`c/f${String(i).padStart(3, '0')}.txt`] = `line ${i}\ncommon\nline ${i + 1}\n`;
  const t = tree(files);
  const idx = t.path('phased.idx');
  await must(['plan', t.path('c'), '--work', t.path('w'), '--index', idx, '--quiet']);
  await phases(t.path('w'), t.path('out'));
  const child = spawn(process.execPath, [BIN, 'commit', '--work', t.path('w')], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  // Kill once some frames are durable (each costs an fdatasync), long before the 200th.
  for (let i = 0; i < 5000 && child.exitCode === null; i++) {
    if (existsSync(idx) && statSync(idx).size > 2000) {
      child.kill('SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const signal = await exited;
  const partial = existsSync(idx) ? (await indexContent(idx)).inputs.length : 0;
  const plainIdx = t.path('plain.idx');
  await must([t.path('c'), '--out-dir', t.path('plain'), '--index', plainIdx, '--quiet']);
  const expected = await indexContent(plainIdx);
  assert.equal(signal, 'SIGKILL', 'the commit was killed before it finished');
  assert.ok(partial > 0 && partial < 200, `killed with ${partial} frames committed`);
  // A real process: the killed commit's lock names a dead pid, which it takes over.
  const rerun = await runBin(['commit', '--work', t.path('w')]);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.deepEqual(await indexContent(idx), expected);
  assert.deepEqual(readTreeBytes(t.path('out')), readTreeBytes(t.path('plain')));
});

test('plan lists inputs refused for one reason as a run does: twenty, then a count', async () => {
  const files = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`in/${i + 1}.txt`, `line ${i + 1}\n`]));
  const t = tree(files);
  const first = await runBin(['in', '--index', 'k.idx'], { cwd: t.dir });
  assert.equal(first.code, 0, first.stderr);
  const plan = await runBin(['plan', 'in', '--work', 'w', '--index', 'k.idx'], { cwd: t.dir });
  assert.equal(plan.code, 2, 'every input was refused');
  const lines = plan.stderr.trim().split('\n');
  assert.equal(lines.filter((l) => /already committed to the index/.test(l) && !/more inputs/.test(l)).length, 20);
  assert.ok(
    lines.includes(
      'dedupe: 5 more inputs (not listed): already committed to the index by an earlier run; not processed again (all its lines would be removed)',
    ),
    plan.stderr,
  );
});
