#!/usr/bin/env node
// The installed command: wires the real process to main() and exits with the code it returns.
// Near mode may first restart itself once with huge pages (src/cli/huge-pages.ts), decided
// as soon as the program is loaded, before anything else runs.
// CommonJS (bin/package.json), like the program it loads (load-program.js): a CommonJS main
// starts without Node's ES module loader, a few milliseconds of every run's start-up.
// Exit 1 means "duplicates found" and nothing else: a module that cannot load (EMFILE under a low
// `ulimit -n`), an uncaught error or a rejected promise ends the run with one `dedupe:` line and 2.
'use strict';
const TROUBLE = 2;

function fail(what, error) {
  const detail = process.env.DEDUPE_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
  process.stderr.write(`dedupe: ${what}: ${error instanceof Error ? error.message : String(error)}${detail}\n`);
  process.exit(TROUBLE);
}
process.on('uncaughtException', (error) => fail('internal error', error));
process.on('unhandledRejection', (error) => fail('internal error', error));

async function start() {
  const { loadProgram } = require('./load-program.js');
  const { currentHost, main, planHugePages, processIo, restart, userArguments, watchParent } = await loadProgram();
  const argv = userArguments();
  const plan = planHugePages(argv, currentHost);
  const restarted = plan.kind === 'restart' ? await restart(__filename, argv, plan.env) : undefined;
  if (restarted !== undefined) {
    process.exitCode = restarted;
  } else {
    const io = processIo();
    watchParent(process.env);
    process.exitCode = await main(argv, io);
    exitIfNothingLeft();
  }
}

// Once the run is over and nothing is left in flight, the process ends here: Node's own teardown
// after the last callback (a garbage collection task the run's allocations scheduled, freeing the
// heap) costs a plain run several milliseconds (start-up, issue 20). Anything still pending (a
// file operation, a timer, a worker, a write to a pipe not yet taken by the kernel: a WriteWrap)
// lets Node finish it and end as usual. Standard streams' own handles (a pipe, a terminal) stay
// open until any exit; their writes to a file or a terminal are synchronous.
// A run whose last step was a file operation ends inside that operation's callback, which still
// counts as pending until it returns: such a run is looked at once more on the next turn.
function exitIfNothingLeft(again = true) {
  const pending = process.getActiveResourcesInfo().filter((kind) => kind !== 'PipeWrap' && kind !== 'TTYWrap');
  if (pending.length === 0) process.exit();
  else if (again) setImmediate(exitIfNothingLeft, false);
}

start().catch((error) => fail('cannot start', error));
