// W2 (issue 20): real lines that repeat a lot, mawk's best case: lines of the real corpus drawn
// with replacement up to --size (about 31k distinct, mean about 420 B, on the ANT corpus), so the
// distinct set fits in cache and every nanosecond per byte shows. Counts are checked first.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, ScenarioResult } from './context.js';
import { linePool, writeSampled } from './sampled-lines.js';
import { verifyAll } from './scenario-generated.js';
import { summarize, type Row } from './report.js';
import { runAlternating } from './rounds.js';
import { formatBytes, formatCount } from './sizes.js';

export async function w2Scenario(ctx: Context): Promise<ScenarioResult> {
  const path = join(ctx.workDir, `w2-${ctx.options.seed}-${ctx.options.size}.txt`);
  const manifest = `${path}.json`;
  let expected: number;
  let source: string;
  if (existsSync(manifest)) {
    ({ expected, source } = JSON.parse(readFileSync(manifest, 'utf8')) as { expected: number; source: string });
  } else {
    const pool = linePool(ctx);
    ctx.progress(`w2: drawing ${formatBytes(ctx.options.size)} from ${formatCount(pool.lines.length)} lines ...`);
    expected = writeSampled(pool, path, ctx.options.size, ctx.options.seed, 10);
    source = pool.source;
    writeFileSync(manifest, JSON.stringify({ expected, source }));
    spawnSync('sync', { stdio: 'ignore' });
  }
  const bytes = statSync(path).size;
  const m = { expected: { standard: expected, exact: expected } };
  const commands = ctx.tools.commands([path], 'line');
  const verified = await verifyAll(ctx, commands, 'line', m);
  const runs = await runAlternating(commands, ctx.options.rounds, ctx.scratch, ctx.progress);
  const rows = summarize(commands, runs, bytes);
  const row = (label: string): Row | undefined => rows.find((r) => r.label === label);
  return {
    name: 'w2',
    title: `W2: real lines drawn with replacement (${formatBytes(bytes)})`,
    input: `${formatBytes(bytes)} drawn from ${source}; ${formatCount(expected)} distinct lines drawn (distinct under every key)`,
    tables: [{ caption: `w2: ${formatBytes(bytes)} in one file, ${ctx.options.rounds} rounds`, rows }],
    verified,
    notes: [],
    figures: {
      'w2.default.xMawk': row('dedupe')?.xMawk,
      'w2.exact.xMawk': row('dedupe --key exact')?.xMawk,
      'w2.default.rssMiB': row('dedupe')?.rssMiB,
    },
  };
}
