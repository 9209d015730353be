// Start-up: dedupe on a tiny file, many runs alternating with `node -e 0` (the runtime's own
// floor, which dedupe cannot beat), mawk and cat, so the report separates Node's cost from ours.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, ScenarioResult } from './context.js';
import type { Command } from './measure.js';
import { summarize } from './report.js';
import { runAlternating, verifyCount } from './rounds.js';

const TINY = 'قال الوزير في بيان\nأكد الوزير\nاكد الوزير\nقال الوزير في بيان\nالطقس غدا\n';

export async function startupScenario(ctx: Context): Promise<ScenarioResult> {
  const tiny = join(ctx.workDir, 'tiny.txt');
  writeFileSync(tiny, TINY);
  const all = ctx.tools.commands([tiny], 'line').filter((c) => c.tool !== 'gawk');
  const commands: Command[] = [{ label: 'node -e 0', tool: 'node', file: process.execPath, args: ['-e', '0'] }, ...all];
  const dedupe = commands.find((c) => c.tool === 'dedupe');
  const verified = dedupe ? [await verifyCount(dedupe, 'line', 3, ctx.scratch)] : [];
  const runs = await runAlternating(commands, ctx.options.startupRuns, ctx.scratch, () => {});
  const rows = summarize(commands, runs, Buffer.byteLength(TINY));
  const row = (tool: string): number | undefined =>
    rows.find((r) => r.label === commands.find((c) => c.tool === tool)?.label)?.medianMs;
  return {
    name: 'startup',
    title: 'Start-up on a tiny file',
    input: `a ${Buffer.byteLength(TINY)}-byte file of 5 lines (3 kept)`,
    tables: [{ caption: `startup: ${ctx.options.startupRuns} runs each, alternating`, rows }],
    latency: true,
    verified,
    notes: [
      `dedupe's own share above a bare \`node -e 0\`: ${((row('dedupe') ?? NaN) - (row('node') ?? NaN)).toFixed(1)} ms`,
    ],
    figures: { 'startup.dedupeMs': row('dedupe'), 'startup.nodeMs': row('node') },
  };
}
