// Memory per distinct unit: peak RSS of dedupe on N distinct short lines minus its peak RSS on
// the same number of lines with only 1,000 distinct, divided by N. Everything but the seen-set
// (runtime, buffers, output chunks) is the same in both runs, so the difference is the set,
// growth included. Also the opt-in `huge` run: 100 million distinct lines must simply finish.
import type { Context, ScenarioResult } from './context.js';
import { corpus, verifyAll } from './scenario-generated.js';
import { summarize } from './report.js';
import { runAlternating, verifyCount } from './rounds.js';
import { dedupeCommand } from './tools.js';
import { formatBytes, formatCount } from './sizes.js';

// The table doubles while size > 0.75 x capacity and holds 16-byte slots: the floor we expect.
function tableBytes(units: number): { settled: number; growing: number } {
  let capacity = 4096;
  while (units > capacity * 0.75) capacity *= 2;
  return { settled: capacity * 16, growing: capacity * 16 + (capacity / 2) * 16 };
}

export async function memoryScenario(ctx: Context): Promise<ScenarioResult> {
  const n = ctx.options.distinct;
  const distinct = corpus(ctx, { kind: 'distinct', units: n });
  const few = corpus(ctx, { kind: 'few', units: n });
  const commands = [
    dedupeCommand(`dedupe [${formatCount(n)} distinct]`, [distinct.oneFile]),
    dedupeCommand(`dedupe [${formatCount(few.expected.standard)} distinct]`, [few.oneFile]),
  ];
  const awk = ctx.tools.commands([distinct.oneFile], 'line').filter((c) => c.tool === 'mawk' || c.tool === 'gawk');
  for (const c of awk) commands.push({ ...c, label: `${c.label} [${formatCount(n)} distinct]` });
  const verified = [
    ...(await verifyAll(ctx, [commands[0], ...commands.slice(2)], 'line', distinct)),
    ...(await verifyAll(ctx, [commands[1]], 'line', few)),
  ];
  // At most two timed rounds of dedupe: RSS hardly varies, and each run is long. awk needs a
  // minute or more at 10M distinct lines, so its verification run is its only measurement.
  const rounds = Math.min(ctx.options.rounds, 2);
  const runs = await runAlternating(commands.slice(0, 2), rounds, ctx.scratch, ctx.progress);
  for (const c of commands.slice(2))
    runs.set(
      c.label,
      verified.filter((v) => v.label === c.label).map((v) => v.measurement),
    );
  const rows = summarize(commands, runs, distinct.bytes);
  const peak = (label: string): number | undefined => {
    const all = [...runs.get(label)!, ...verified.filter((v) => v.label === label).map((v) => v.measurement)];
    const rss = all.map((m) => m.maxRssKiB).filter((v): v is number => v !== undefined);
    return rss.length ? Math.max(...rss) * 1024 : undefined;
  };
  const hi = peak(commands[0].label);
  const lo = peak(commands[1].label);
  const perUnit = hi !== undefined && lo !== undefined ? (hi - lo) / n : undefined;
  const floor = tableBytes(n);
  return {
    name: 'memory',
    title: `Seen-set memory per distinct unit at ${formatCount(n)} distinct lines`,
    input: `${formatCount(n)} short lines (${formatBytes(distinct.bytes)}), all distinct, vs ${formatCount(n)} lines with ${formatCount(few.expected.standard)} distinct (${formatBytes(few.bytes)})`,
    tables: [
      {
        caption: `memory: dedupe ${rounds} timed round(s) + 1 verification run, awk its verification run only (output to a temp file); RSS is the highest of all runs`,
        rows,
      },
    ],
    verified,
    notes: [
      `peak RSS ${hi === undefined ? '?' : formatBytes(hi)} with ${formatCount(n)} distinct, ${lo === undefined ? '?' : formatBytes(lo)} with ${formatCount(few.expected.standard)} distinct`,
      `(difference) / ${formatCount(n)} = ${perUnit === undefined ? '?' : perUnit.toFixed(1)} bytes per distinct unit`,
      `a 16-byte-slot table at load <= 0.75 would need ${(floor.settled / n).toFixed(1)} B/unit settled, ${(floor.growing / n).toFixed(1)} B/unit while doubling (old + new arrays)`,
    ],
    figures: { 'memory.bytesPerUnit': perUnit, 'memory.distinctRssMiB': hi === undefined ? undefined : hi / 1024 ** 2 },
  };
}

export async function hugeScenario(ctx: Context): Promise<ScenarioResult> {
  const n = ctx.options.hugeDistinct;
  const m = corpus(ctx, { kind: 'distinct', units: n });
  const command = dedupeCommand(`dedupe [${formatCount(n)} distinct]`, [m.oneFile]);
  ctx.progress(`  running ${command.label} once (output to a temp file, then counted) ...`);
  const v = await verifyCount(command, 'line', n, ctx.scratch);
  const rows = summarize([command], new Map([[command.label, [v.measurement]]]), m.bytes);
  return {
    name: 'huge',
    title: `${formatCount(n)} distinct short lines must complete`,
    input: `${formatCount(n)} distinct lines, ${formatBytes(m.bytes)}`,
    tables: [{ caption: 'huge: one run, output written to a temp file and counted', rows }],
    verified: [v],
    notes: [`completed and kept all ${formatCount(v.got)} lines`],
    figures: { 'huge.completed': 1, 'huge.rssMiB': rows[0].rssMiB },
  };
}
