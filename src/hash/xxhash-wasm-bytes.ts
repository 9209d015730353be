// The xxhash-wasm package's raw WebAssembly module (the file it ships as workerd/xxhash.wasm), which
// the fingerprint's glue calls into. Run as tsc wrote it, this reads the installed package's file;
// the CLI bundle (scripts/bundle-cli.mjs) swaps this module for one holding the bytes this function
// returned at build time, so a run resolves no package and reads no file to hash (start-up).
import { readFileSync } from '../fs/lossless-fs.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The module's bytes, or undefined when the installed package no longer ships the file. */
export function xxhashWasmBytes(): Uint8Array | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('xxhash-wasm');
    return readFileSync(join(dirname(entry), '..', 'workerd', 'xxhash.wasm'));
  } catch {
    return undefined;
  }
}
