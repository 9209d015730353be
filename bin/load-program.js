// Loads the program bin/dedupe.js runs (start-up, issue 20): the esbuild bundle dist/bundle/dedupe.cjs,
// compiled with the V8 code cache the build stored beside it (dedupe.cjs.v8cache, made by
// scripts/bundle-cli.mjs after a warm-up run), so most of the program is deserialised, not parsed
// and compiled. When tsc has written dist/src since the bundle was made, tsc's modules run instead.
// It runs nothing of the program itself; the build script uses compileBundle to make the cache.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'bundle', 'dedupe.cjs');
const CACHE = `${BUNDLE}.v8cache`;
const MODULES = join(__dirname, '..', 'dist', 'src', 'cli', 'bin-entry.js');
// The bundle's first line names its build (a digest of its text); the cache starts with the same
// name. V8 checks only a cache's length and flags against the source, so this is what refuses a
// cache left from another build of the same length.
const BUILD_LINE = /^\/\/ dedupe build ([0-9a-f]{16})\n/;

// Node's own modules the bundle reaches only through property reads (`(0, m.name)(...)`, esbuild's
// form of a named import) and that a plain run may never use: each costs a few milliseconds to
// load, so the bundle's require hands back a stand-in that loads the real module on its first read.
const LOADED_ON_FIRST_USE = new Set([
  'node:child_process',
  'node:crypto',
  'node:fs/promises',
  'node:os',
  'node:stream',
  'node:worker_threads',
  'node:zlib',
]);

function bundleRequire() {
  const real = createRequire(BUNDLE);
  const lazy = (id) => {
    let module;
    const load = () => (module ??= real(id));
    // Listing its properties (an `import * as`, a dynamic import) loads it too; a property the
    // stand-in reports must be configurable, since the stand-in itself has none.
    return new Proxy(
      {},
      {
        get: (_, key) => load()[key],
        has: (_, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => {
          const found = Reflect.getOwnPropertyDescriptor(load(), key);
          return found && { ...found, configurable: true };
        },
      },
    );
  };
  const required = (id) => (LOADED_ON_FIRST_USE.has(id) ? lazy(id) : real(id));
  return Object.assign(required, { resolve: real.resolve, cache: real.cache });
}

/** Around the bundled code in the file: a CommonJS function, with the bundle's URL for import.meta.url. */
const WRAPPER = ['(function (exports, require, module, __filename, __dirname, __bundleUrl) {', '\n})'];

/**
 * Compiles the bundle (with `cache`, the cache file's bytes, when given) and runs its top level.
 * Returns the program's exports and the script, whose createCachedData() the build stores.
 */
function compileBundle(cache) {
  const source = readFileSync(BUNDLE, 'latin1');
  const build = BUILD_LINE.exec(source)?.[1];
  const id = cache?.subarray(0, 16).toString('latin1');
  const cachedData = build !== undefined && id === build ? cache.subarray(16) : undefined;
  const script = new Script(source, { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  const run = script.runInThisContext();
  run(module.exports, bundleRequire(), module, BUNDLE, join(BUNDLE, '..'), pathToFileURL(BUNDLE).href);
  return { program: module.exports, script, build };
}

function readCache() {
  try {
    return readFileSync(CACHE);
  } catch {
    return undefined; // no cache: compiled from source, slower only
  }
}

const mtime = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;

/** The program's entry points (bin-entry.ts's exports). */
async function loadProgram() {
  if (mtime(BUNDLE) >= mtime(MODULES)) return compileBundle(readCache()).program;
  return import(pathToFileURL(MODULES).href);
}

module.exports = { BUNDLE, CACHE, WRAPPER, compileBundle, loadProgram };
