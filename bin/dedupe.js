#!/usr/bin/env node
// The installed command: wires the real process to main() and exits with the code it returns.
// Near mode may first restart itself once with huge pages (src/cli/huge-pages.ts), decided
// as soon as the program is loaded, before anything else runs.
// The program is the esbuild bundle of `npm run build` (dist/bundle, one file to load instead of
// ~90 modules); when tsc has written dist/src since the bundle was made, the bundle is stale and
// tsc's modules run instead, so a `tsc`-only build never runs old code.
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
  const { statSync } = await import('node:fs');
  const bundled = new URL('../dist/bundle/bin-entry.js', import.meta.url);
  const modules = new URL('../dist/src/cli/bin-entry.js', import.meta.url);
  const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  const program = await import(mtime(bundled) >= mtime(modules) ? bundled.href : modules.href);
  const { currentHost, main, planHugePages, processIo, restart, userArguments, watchParent } = program;
  const argv = userArguments();
  const plan = planHugePages(argv, currentHost);
  const restarted = plan.kind === 'restart' ? await restart(fileURLToPath(import.meta.url), argv, plan.env) : undefined;
  if (restarted !== undefined) {
    process.exitCode = restarted;
  } else {
    const io = processIo();
    watchParent(process.env);
    process.exitCode = await main(argv, io);
  }
} catch (error) {
  fail('cannot start', error);
}
