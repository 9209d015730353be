// Start-up: dedupe on a tiny file, many runs alternating with `node -e 0` (the runtime's own
// floor, which dedupe cannot beat), mawk and cat, so the report separates Node's cost from ours.
// With --baseline, that build runs in the same rounds: before and after from one run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, ScenarioResult } from './context.js';
import type { Command } from './measure.js';
import { summarize } from './report.js';
import { runAlternating, verifyCount } from './rounds.js';

const TINY = 'قال الوزير في بيان\nأكد الوزير\nاكد الوزير\nقال الوزير في بيان\nالطقس غدا\n';
/** Issue 20: dedupe's own share of a tiny run, above `node -e 0`. */
const TARGET_SHARE_MS = 40;

export const OLD_LABEL = 'dedupe (old build)';

/** The --baseline build as a command, default key, or nothing when not asked for. */
export function oldDedupe(ctx: Context, args: readonly string[], cwd?: string): Command[] {
  const bin = ctx.options.baselineBin;
  return bin ? [{ label: OLD_LABEL, tool: 'old', file: process.execPath, args: [bin, ...args], cwd }] : [];
}

export async function startupScenario(ctx: Context): Promise<ScenarioResult> {
  const tiny = join(ctx.workDir, 'tiny.txt');
  writeFileSync(tiny, TINY);
  const all = ctx.tools.commands([tiny], 'line').filter((c) => c.tool !== 'gawk');
  const commands: Command[] = [
    { label: 'node -e 0', tool: 'node', file: process.execPath, args: ['-e', '0'] },
    ...all,
    ...oldDedupe(ctx, [tiny]),
  ];
  const verified = [];
  for (const c of commands.filter((x) => x.tool === 'dedupe' || x.tool === 'old'))
    verified.push(await verifyCount(c, 'line', 3, ctx.scratch));
  const runs = await runAlternating(commands, ctx.options.startupRuns, ctx.scratch, () => {});
  const rows = summarize(commands, runs, Buffer.byteLength(TINY));
  const row = (tool: string): number | undefined =>
    rows.find((r) => r.label === commands.find((c) => c.tool === tool)?.label)?.medianMs;
  const node = row('node') ?? NaN;
  const share = (row('dedupe') ?? NaN) - node;
  const oldShare = (row('old') ?? NaN) - node;
  const notes = [`dedupe's own share above a bare \`node -e 0\`: ${share.toFixed(1)} ms`];
  if (ctx.options.baselineBin) {
    notes.push(
      `the old build's share: ${oldShare.toFixed(1)} ms; this build's share is ${(share / oldShare).toFixed(2)}x the old one's`,
    );
  }
  notes.push(
    `issue 20 target, share <= +${TARGET_SHARE_MS} ms: ${share <= TARGET_SHARE_MS ? 'met' : '**missed**'} (${share.toFixed(1)} ms)`,
  );
  return {
    name: 'startup',
    title: 'Start-up on a tiny file',
    input: `a ${Buffer.byteLength(TINY)}-byte file of 5 lines (3 kept)`,
    tables: [{ caption: `startup: ${ctx.options.startupRuns} runs each, alternating`, rows }],
    latency: true,
    verified,
    notes,
    figures: {
      'startup.dedupeMs': row('dedupe'),
      'startup.nodeMs': row('node'),
      'startup.oldMs': row('old'),
      'startup.shareMs': share,
    },
  };
}
