// One giant line (issue 20): --giant bytes (200 MB) of real lines joined by spaces into a single
// line. The default key must stay within 2x of --key exact and 1 GiB of peak RSS: it folds and
// fingerprints the line in pieces. Every tool must print exactly that one line.
import { appendFileSync, existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Context, ScenarioResult } from './context.js';
import { linePool, writeSampled } from './sampled-lines.js';
import { summarize, type Row } from './report.js';
import { runAlternating, verifyCount, type Verified } from './rounds.js';
import { formatBytes } from './sizes.js';

export async function giantScenario(ctx: Context): Promise<ScenarioResult> {
  const path = join(ctx.workDir, `giant-${ctx.options.seed}-${ctx.options.giant}.txt`);
  if (!existsSync(path)) {
    ctx.progress(`giant: writing one line of ${formatBytes(ctx.options.giant)} ...`);
    writeSampled(linePool(ctx), path, ctx.options.giant, ctx.options.seed, 0x20);
    appendFileSync(path, '\n');
    spawnSync('sync', { stdio: 'ignore' });
  }
  const bytes = statSync(path).size;
  // mawk was still reading this one line after 50 s of CPU: the target compares dedupe's two keys.
  const commands = ctx.tools.commands([path], 'line').filter((c) => c.tool !== 'gawk' && c.tool !== 'mawk');
  const verified: Verified[] = [];
  for (const c of commands) {
    if (c.tool === 'cat') continue;
    verified.push(await verifyCount(c, 'line', 1, ctx.scratch));
    ctx.progress(`  verified ${c.label}`);
  }
  const runs = await runAlternating(commands, ctx.options.rounds, ctx.scratch, ctx.progress);
  const rows = summarize(commands, runs, bytes);
  const row = (label: string): Row | undefined => rows.find((r) => r.label === label);
  const ratio = (a: string, b: string): number | undefined => {
    const x = row(a);
    const y = row(b);
    return x && y ? x.medianMs / y.medianMs : undefined;
  };
  const now = ratio('dedupe', 'dedupe --key exact');
  const before = ratio('dedupe (before)', 'dedupe --key exact (before)');
  const notes = [
    `default key / exact time: ${now?.toFixed(2) ?? '?'}x${before === undefined ? '' : ` (before: ${before.toFixed(2)}x)`}; target ≤ 2x and ≤ 1 GiB peak RSS`,
  ];
  return {
    name: 'giant',
    title: `One giant line (${formatBytes(bytes)})`,
    input: `${formatBytes(bytes)}: real lines joined by spaces into one line`,
    tables: [{ caption: `giant: one ${formatBytes(bytes)} line, ${ctx.options.rounds} rounds`, rows }],
    verified,
    notes,
    figures: { 'giant.defaultOverExact': now, 'giant.default.rssMiB': row('dedupe')?.rssMiB },
  };
}
