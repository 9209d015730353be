// zstd-napi's native binding, loaded on first use: most runs never meet a zstd file, and loading
// the addon (dlopen and its initialisers) would cost every run's start-up a few milliseconds.
// Only the decoding reader and the compressing sink ask for it; nothing here compresses.
import { createRequire } from 'node:module';
import type * as Binding from 'zstd-napi/binding.js';

export type ZstdBinding = typeof Binding;

let binding: ZstdBinding | undefined;

export function zstdBinding(): ZstdBinding {
  // CommonJS without named exports an ES module can see; require() also keeps it out of the bundle.
  binding ??= createRequire(import.meta.url)('zstd-napi/binding.js') as ZstdBinding;
  return binding;
}
