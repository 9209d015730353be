// Near mode's costs: throughput of `dedupe --near` on the generated big file beside the default
// mode and mawk in the same alternating rounds (ratios, not absolute speeds, are the result), and
// memory per kept paragraph measured in a child process fed N distinct long paragraphs.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, ScenarioResult } from './context.js';
import { corpus, verifyAll } from './scenario-generated.js';
import { summarize } from './report.js';
import { runAlternating, verifyCount, BenchFailure, type Verified } from './rounds.js';
import type { Command } from './measure.js';
import { dedupeCommand } from './tools.js';
import { formatBytes, formatCount } from './sizes.js';

interface MemoryFigures {
  paragraphs: number;
  kept: number;
  avgChars: number;
  seconds: number;
  indexBytesPerKept: number;
  rssBytesPerKept: number;
}

function nearMemory(ctx: Context, paragraphs: number, projected: boolean): MemoryFigures {
  const child = join(dirname(fileURLToPath(import.meta.url)), 'near-memory.js');
  const how = projected ? 'input size known (files)' : 'input size unknown (stdin)';
  ctx.progress(`  near index memory, ${how}: ${formatCount(paragraphs)} distinct paragraphs in a child process ...`);
  const r = spawnSync(
    process.execPath,
    [child, String(paragraphs), String(ctx.options.seed), projected ? 'projected' : 'streamed'],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new BenchFailure(`near-memory exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as MemoryFigures;
}

export async function nearScenario(ctx: Context): Promise<ScenarioResult> {
  const m = corpus(ctx, { kind: 'lines', bytes: ctx.options.size });
  const base = ctx.tools.commands([m.oneFile], 'line').filter((c) => c.tool === 'dedupe' || c.tool === 'mawk');
  const near = dedupeCommand('dedupe --near', ['--near', m.oneFile]);
  const verified = await verifyAll(ctx, base, 'line', m);
  // Near mode keeps what the default keeps minus the generator's near copies (bench/near-copies.ts),
  // each long enough that the index cannot miss it: exactly, like every other count.
  const baseline = ctx.options.baselineBin;
  const nearBefore: Command | undefined = baseline
    ? { label: 'dedupe --near (before)', tool: 'dedupe', file: process.execPath, args: [baseline, '--near', m.oneFile] }
    : undefined;
  const nearVerified: Verified[] = [];
  for (const c of nearBefore ? [near, nearBefore] : [near]) {
    const v = await verifyCount(c, 'line', m.expected.near, ctx.scratch);
    ctx.progress(
      `  verified ${c.label}: ${formatCount(v.got)} lines (${formatCount(m.expected.standard - v.got)} near copies removed, as generated)`,
    );
    nearVerified.push(v);
  }
  const commands = nearBefore ? [...base, near, nearBefore] : [...base, near];
  const runs = await runAlternating(commands, ctx.options.rounds, ctx.scratch, ctx.progress);
  const rows = summarize(commands, runs, m.bytes);
  const row = (label: string) => rows.find((r) => r.label === label);
  const nearRow = row('dedupe --near');
  const defaultRow = row('dedupe');
  const mawkRow = row('mawk');
  const beforeRow = nearBefore ? row(nearBefore.label) : undefined;
  const vsBefore = nearRow && beforeRow ? beforeRow.medianMs / nearRow.medianMs : undefined;
  const streamed = nearMemory(ctx, ctx.options.nearParagraphs, false);
  const projected = nearMemory(ctx, ctx.options.nearParagraphs, true);
  // The target holds for both ways the tables grow: the verdict takes the larger.
  const mem = streamed.rssBytesPerKept >= projected.rssBytesPerKept ? streamed : projected;
  const memoryNote = (label: string, f: MemoryFigures): string =>
    `memory at ${formatCount(f.kept)} kept paragraphs, ${label}: index ${f.indexBytesPerKept.toFixed(0)} B per kept paragraph (signatures, band table, places), peak RSS growth ${f.rssBytesPerKept.toFixed(0)} B per kept paragraph (growth copies included); ${((f.seconds * 1e6) / f.paragraphs).toFixed(1)} µs per paragraph in the index alone`;
  const vsDefault = nearRow && defaultRow ? defaultRow.medianMs / nearRow.medianMs : undefined;
  return {
    name: 'near',
    title: `Near mode (--near) on ${formatBytes(m.bytes)} of generated lines, and its memory per kept paragraph`,
    input: `${formatBytes(m.bytes)}, ${formatCount(m.units)} lines (40-400 bytes; those of 80+ characters enter near matching), ${formatCount(m.nearCopies)} of them near copies (a word dropped, a word respelled one letter apart, or cut short); memory: ${formatCount(mem.paragraphs)} distinct paragraphs of ${mem.avgChars.toFixed(0)} characters on average`,
    tables: [{ caption: `near: ${ctx.options.rounds} alternating rounds`, rows }],
    verified: [...verified, ...nearVerified],
    notes: [
      `--near runs at ${vsDefault?.toFixed(2) ?? '?'}x the default mode's speed${nearRow?.xMawk !== undefined ? ` and ${nearRow.xMawk.toFixed(2)}x mawk's` : ''}${mawkRow ? '' : ' (mawk not installed)'}`,
      ...(vsBefore === undefined
        ? []
        : [
            `--near runs at ${vsBefore.toFixed(2)}x the speed of --baseline's --near (${beforeRow!.mibPerSec.toFixed(1)} MiB/s there)`,
          ]),
      memoryNote('input size unknown (stdin: the tables double)', streamed),
      memoryNote('input size known (files: the tables grow once to the projected size)', projected),
    ],
    figures: {
      'near.mibPerSec': nearRow?.mibPerSec,
      'near.xMawk': nearRow?.xMawk,
      'near.xDefault': vsDefault,
      'near.xBefore': vsBefore,
      'near.bytes': m.bytes,
      'near.rssBytesPerKept': mem.rssBytesPerKept,
      'near.indexBytesPerKept': mem.indexBytesPerKept,
      'near.paragraphs': mem.paragraphs,
    },
  };
}
