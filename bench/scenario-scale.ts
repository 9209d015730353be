// Scale-out phases (issue 10) against the one-process run on the same generated corpus (cut into
// 16 files): map and reduce throughput in records a second per core (one task = one process =
// one core), intermediate bytes per unit, and wall time of the phases run by 1, 2 and 4 workers
// side by side with `dedupe corpus/ --out-dir`. Every phased tree is checked equal to the plain one.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from './context.js';
import { corpus } from './scenario-generated.js';
import { formatBytes, formatCount } from './sizes.js';

const FILES = 16;

function cutInto(file: string, dir: string, parts: number): void {
  const text = readFileSync(file);
  mkdirSync(dir, { recursive: true });
  let from = 0;
  for (let p = 0; p < parts; p++) {
    let to = p === parts - 1 ? text.length : Math.floor(((p + 1) * text.length) / parts);
    while (to < text.length && text[to - 1] !== 10) to++;
    writeFileSync(join(dir, `part-${String(p).padStart(2, '0')}.txt`), text.subarray(from, to));
    from = to;
  }
}

function run(bin: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('close', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`dedupe ${args.join(' ')}: exit ${code}: ${err}`)),
    );
  });
}

/** Runs every task of a phase with `workers` processes at a time; returns the seconds each took. */
async function phase(
  bin: string,
  work: string,
  name: string,
  tasks: number,
  workers: number,
  extra: string[] = [],
): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks) {
      const task = next++;
      times[task] = await run(bin, [name, '--work', work, '--task', String(task), ...extra]);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return times;
}

function sameTree(a: string, b: string): boolean {
  const r = spawnSync('diff', ['-r', '-q', a, b], { stdio: 'ignore' });
  return r.status === 0;
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) total += statSync(join(dir, name)).size;
  return total;
}

interface Markers {
  records: number;
  units: number;
}
function mapMarkers(work: string, tasks: number): Markers {
  let records = 0;
  let units = 0;
  for (let t = 0; t < tasks; t++) {
    const data = (
      JSON.parse(readFileSync(join(work, 'status', `map-${t}.done`), 'utf8')) as {
        data: { records: number; inputs: { units: number }[] };
      }
    ).data;
    records += data.records;
    units += data.inputs.reduce((n, i) => n + i.units, 0);
  }
  return { records, units };
}

export async function scaleScenario(ctx: Context): Promise<string> {
  const bin = ctx.options.dedupeBin;
  const m = corpus(ctx, { kind: 'lines', bytes: ctx.options.size });
  const root = join(ctx.workDir, `scale-${m.spec.seed}-${m.bytes}`);
  rmSync(root, { recursive: true, force: true });
  const input = join(root, 'corpus');
  cutInto(m.oneFile, input, FILES);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const rows: string[] = [];
  const notes: string[] = [];

  type Baseline = {
    map: number[];
    reduce: number[];
    apply: number[];
    records: number;
    units: number;
    mapBytes: number;
    dropBytes: number;
  };
  const runs: Record<string, number[]> = { plain: [], '1': [], '2': [], '4': [] };
  const baselines: { wall: number; b: Baseline }[] = [];
  const rounds = Math.max(1, ctx.options.rounds);
  for (let round = 0; round < rounds; round++) {
    // Alternate the order round by round so a busy moment of the machine hits every run alike.
    const order = ['plain', '1', '2', '4'];
    for (let k = 0; k < round % order.length; k++) order.push(order.shift()!);
    for (const name of order) {
      ctx.progress(
        `scale: round ${round + 1}/${rounds}: ${name === 'plain' ? 'plain dedupe corpus/ --out-dir' : `phases with ${name} worker(s)`}`,
      );
      if (name === 'plain') {
        rmSync(join(root, 'plain'), { recursive: true, force: true });
        runs.plain.push(await run(bin, [input, '--out-dir', join(root, 'plain'), '--quiet']));
        continue;
      }
      const workers = Number(name);
      const work = join(root, `work-${workers}`);
      const out = join(root, `out-${workers}`);
      rmSync(work, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
      const started = performance.now();
      // 4 input groups and 4 shards: enough tasks for 4 workers; records fit one part per task.
      await run(bin, [
        'plan',
        input,
        '--work',
        work,
        '--files-per-task',
        String(FILES / 4),
        '--shards',
        '4',
        '--quiet',
      ]);
      const map = await phase(bin, work, 'map', 4, workers);
      const reduce = await phase(bin, work, 'reduce', 4, workers);
      const apply = await phase(bin, work, 'apply', 4, workers, ['--out-dir', out]);
      await run(bin, ['commit', '--work', work]);
      const wall = (performance.now() - started) / 1000;
      runs[name].push(wall);
      if (!sameTree(out, join(root, 'plain')))
        throw new Error(`scale: the ${workers}-worker tree differs from the one-process run`);
      if (workers === 1)
        baselines.push({
          wall,
          b: {
            map,
            reduce,
            apply,
            ...mapMarkers(work, 4),
            mapBytes: folderBytes(join(work, 'map')),
            dropBytes: folderBytes(join(work, 'reduce')),
          },
        });
    }
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const plainSeconds = median(runs.plain);
  for (const workers of ['1', '2', '4']) {
    const wall = median(runs[workers]);
    rows.push(
      `| phases, ${workers} worker${workers === '1' ? '' : 's'} | ${wall.toFixed(2)} (${runs[workers].map((x) => x.toFixed(1)).join(', ')}) | ${(wall / plainSeconds).toFixed(2)} | ${(plainSeconds / wall).toFixed(2)} |`,
    );
  }
  const baseline = baselines.sort((x, y) => x.wall - y.wall)[Math.floor(baselines.length / 2)].b;
  const b = baseline!;
  // Process start-up (node, modules, manifest) is paid once per task: measured on a task that
  // does nothing else, so the figures can be given with and without it.
  const startups: number[] = [];
  for (let i = 0; i < 3; i++) startups.push(await run(bin, ['tasks', '--work', join(root, 'work-1'), 'map']));
  const startup = startups.sort((x, y) => x - y)[1];
  const rate = (count: number, seconds: number[], net: boolean): number =>
    count / (sum(seconds) - (net ? startup * seconds.length : 0));
  const cell = (count: number, seconds: number[]): string =>
    `${formatCount(Math.round(rate(count, seconds, false)))} (${formatCount(Math.round(rate(count, seconds, true)))} without start-up)`;
  notes.push(
    `| map | ${cell(b.records, b.map)} records/s per core | ${formatBytes(Math.round(m.bytes / (sum(b.map) - startup * 4)))}/s per core without start-up |`,
    `| reduce | ${cell(b.records, b.reduce)} records/s per core | |`,
    `| apply | ${cell(b.units, b.apply)} units/s per core | ${formatBytes(Math.round(m.bytes / (sum(b.apply) - startup * 4)))}/s per core without start-up |`,
  );
  return [
    `### Scale-out phases vs one process (${formatBytes(m.bytes)} in ${FILES} files, ${formatCount(b.units)} lines, 4 map/apply tasks, 4 shards)`,
    '',
    'Every phased output tree was checked identical to the one-process tree (`diff -r`).',
    '',
    `| run | median wall s (each round) | × plain time | × plain speed |`,
    '|---|---|---|---|',
    `| plain \`dedupe corpus/ --out-dir\` | ${plainSeconds.toFixed(2)} (${runs.plain.map((x) => x.toFixed(1)).join(', ')}) | 1.00 | 1.00 |`,
    ...rows,
    '',
    `Throughput (1 worker, task wall times summed; each task is one process on one core; start-up ${(startup * 1000).toFixed(0)} ms a task, measured on \`dedupe tasks\`):`,
    '',
    '| phase | rate | input |',
    '|---|---|---|',
    ...notes,
    '',
    `Intermediate data: map parts ${formatBytes(b.mapBytes)} for ${formatCount(b.units)} units = ${(b.mapBytes / b.units).toFixed(1)} bytes a unit (${formatCount(b.records)} records of 24 bytes, ${((b.records / b.units) * 100).toFixed(0)}% of units, plus headers); drop lists ${formatBytes(b.dropBytes)} = ${(b.dropBytes / b.units).toFixed(2)} bytes a unit.`,
  ].join('\n');
}
