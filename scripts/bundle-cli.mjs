// Bundles the CLI (dist/src/cli/bin-entry.js, tsc's output) into dist/bundle/ with esbuild, so that
// bin/dedupe.js starts by loading a few files instead of resolving ~90 modules (issue 20). Modules
// the CLI imports only when a run needs them (scale, index commands, reports, progress) stay
// separate chunks. The library (dist/src) is left as tsc wrote it. Run after tsc: `npm run build`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// commander requires node:child_process at load, for executable subcommands, which dedupe has
// none of; loading it (and net, dgram with it) costs every run a few milliseconds. commander gets
// a stand-in that loads the real module on first use.
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents:
        "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { 'bin-entry': join(root, 'dist', 'src', 'cli', 'bin-entry.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // commander and cli-progress are CommonJS and require() Node's own modules.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // A native addon is loaded by its own package at run time, never bundled.
  external: ['zstd-napi'],
  plugins: [lazyChildProcessForCommander],
  logLevel: 'warning',
  metafile: process.argv.includes('--meta'),
});
if (result.metafile) console.log(JSON.stringify(result.metafile));
