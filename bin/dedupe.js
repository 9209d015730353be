#!/usr/bin/env node
// The installed command: wires the real process to main() and exits with the code it returns.
// Near mode may first restart itself once with huge pages (src/cli/huge-pages.ts), decided
// before the rest of the program is loaded so that the restart costs one Node start-up only.
import { fileURLToPath } from 'node:url';
import { currentHost, planHugePages, restart, watchParent } from '../dist/src/cli/huge-pages.js';

const argv = process.argv.slice(2);
const plan = planHugePages(argv, currentHost);
const restarted = plan.kind === 'restart' ? await restart(fileURLToPath(import.meta.url), argv, plan.env) : undefined;
if (restarted !== undefined) {
  process.exitCode = restarted;
} else {
  const { main } = await import('../dist/src/cli/main.js');
  const { processIo } = await import('../dist/src/cli/process-io.js');
  const io = processIo();
  watchParent(process.env);
  process.exitCode = await main(argv, io);
}
