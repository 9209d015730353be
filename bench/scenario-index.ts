// The persistent index at scale (issue 8): runs bench/index-store-bench.ts in its own process so
// its memory and timings are its own, and reports append, load and lookup rates for 10 million keys.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from './context.js';

export async function indexScenario(ctx: Context): Promise<string> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'index-store-bench.js');
  ctx.progress('index: 10 million keys, append, open + load, lookup');
  const run = spawnSync(process.execPath, [script, '--keys', '10000000', '--rounds', '3', '--dir', ctx.scratch], {
    encoding: 'utf8',
  });
  if (run.status !== 0) return `### Persistent index (10M keys): FAILED\n\n${run.stderr}`;
  return `### Persistent index (10M keys)\n\n\`\`\`\n${run.stdout.trimEnd()}\n\`\`\``;
}
