// Bundles the CLI (dist/src/cli/bin-entry.js, tsc's output) into one CommonJS file,
// dist/bundle/dedupe.cjs, and stores V8's code cache for it beside it (start-up, issue 20): bin/dedupe.js
// then deserialises compiled code instead of resolving ~90 modules and compiling them. Modules the
// CLI imports only when a run needs them (scale, index commands, reports, progress) are in the file
// but run only when imported. The library (dist/src) is left as tsc wrote it. Run after tsc.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { BUNDLE, CACHE, WRAPPER, compileBundle } = require(join(root, 'bin', 'load-program.js'));
const wasmBytesModule = join(root, 'dist', 'src', 'hash', 'xxhash-wasm-bytes.js');
const { xxhashWasmBytes } = await import(pathToFileURL(wasmBytesModule).href);
const wasm = xxhashWasmBytes();

// The fingerprint's WASM module goes into the bundle as bytes (see xxhash-wasm-bytes.ts); should the
// package stop shipping the file, the module stays as it is and the run falls back as it says.
const embedWasm = {
  name: 'embed-xxhash-wasm',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]src[\\/]hash[\\/]xxhash-wasm-bytes\.js$/ }, () => ({
      contents: `export function xxhashWasmBytes() { return Buffer.from('${Buffer.from(wasm).toString('base64')}', 'base64'); }`,
      loader: 'js',
    }));
  },
};

const outdir = dirname(BUNDLE);
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: [join(root, 'dist', 'src', 'cli', 'bin-entry.js')],
  outfile: BUNDLE,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // import() of a bundled module becomes a call into the same file (require for Node's own), so no
  // run starts Node's ES module loader; load-program.js hands in the bundle's URL for import.meta.url.
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__bundleUrl' },
  // A native addon is loaded by its own package at run time, never bundled.
  external: ['zstd-napi'],
  plugins: wasm === undefined ? [] : [embedWasm],
  // Less text to read and hash at every start; names are kept, so stack traces still read.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: process.argv.includes('--meta'),
  write: false,
});
if (result.metafile) console.log(JSON.stringify(result.metafile));
const code = result.outputFiles[0].text;
const build_ = createHash('sha256').update(code).digest('hex').slice(0, 16);
// The file is the CommonJS wrapper function itself (load-program.js compiles it as it lies: no
// second copy of the text is made to wrap it at every start).
writeFileSync(BUNDLE, `// dedupe build ${build_}\n${WRAPPER[0]}${code}${WRAPPER[1]}`);

// The cache holds what a plain run compiles: a warm-up run on a small file in this process, with
// the data and messages going nowhere, then V8's cache of every function compiled so far.
const { program, script } = compileBundle(undefined);
const scratch = mkdtempSync(join(tmpdir(), 'dedupe-cache-'));
try {
  const sample = join(scratch, 'sample.txt');
  writeFileSync(sample, 'كتاب\nbook\nالكتاب\nكتاب\n\nbook\n');
  const io = {
    stdout: { isTTY: false, write: async () => {}, commit: async () => {}, abort: () => {} },
    stderr: { isTTY: false, write: () => {} },
    stdin: (async function* () {})(),
    env: {},
    now: () => performance.now(),
    onInterrupt: () => () => {},
    pid: process.pid,
    isAlive: () => true,
  };
  // A plain run first, then one with a flag, read by commander (plain-argv.ts, command-line.ts).
  for (const argv of [[sample], ['--unit', 'line', sample]]) {
    const code = await program.main(argv, io);
    if (code !== 0) throw new Error(`the warm-up run ${argv.join(' ')} ended with exit code ${code}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
writeFileSync(`${CACHE}.tmp`, Buffer.concat([Buffer.from(build_, 'latin1'), script.createCachedData()]));
renameSync(`${CACHE}.tmp`, CACHE);
