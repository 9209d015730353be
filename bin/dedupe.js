#!/usr/bin/env node
// The installed command: wires the real process to main() and exits with the code it returns.
// Near mode may first restart itself once with huge pages (src/cli/huge-pages.ts), decided
// before the rest of the program is loaded so that the restart costs one Node start-up only.
// Exit 1 means "duplicates found" and nothing else: a module that cannot load (EMFILE under a low
// `ulimit -n`), an uncaught error or a rejected promise ends the run with one `dedupe:` line and 2.
const TROUBLE = 2;

function fail(what, error) {
  const detail = process.env.DEDUPE_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
  process.stderr.write(`dedupe: ${what}: ${error instanceof Error ? error.message : String(error)}${detail}\n`);
  process.exit(TROUBLE);
}
process.on('uncaughtException', (error) => fail('internal error', error));
process.on('unhandledRejection', (error) => fail('internal error', error));

try {
  const { fileURLToPath } = await import('node:url');
  const { currentHost, planHugePages, restart, watchParent } = await import('../dist/src/cli/huge-pages.js');
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
} catch (error) {
  fail('cannot start', error);
}
