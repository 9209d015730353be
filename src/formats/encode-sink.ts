// Puts kept text back in its input's compression: a ByteSink that compresses what it is given and
// hands the compressed bytes to the sink below (an atomic file, -o's stream). Nothing reaches the
// target until commit, which ends the compressed stream first; abort leaves no partial file.
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { EndDirective } from 'zstd-napi/binding.js';
import { zstdBinding } from './zstd-binding.js';
import type { ByteSink } from '../output/byte-sink.js';
import type { Compression } from './compression.js';

export function compressingSink(inner: ByteSink, compression: Compression | undefined): ByteSink {
  if (compression === undefined) return inner;
  return compression === 'gzip' ? gzipSink(inner) : zstdSink(inner);
}

function gzipSink(inner: ByteSink): ByteSink {
  const gzip = createGzip();
  const ready: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => ready.push(chunk));
  let failure: Error | undefined;
  gzip.on('error', (error) => (failure = error));
  const drain = async (): Promise<void> => {
    while (ready.length > 0) await inner.write(ready.shift()!);
  };
  return {
    async write(chunk) {
      // zlib is done with the chunk (the writer may reuse it) once the write's callback runs.
      await new Promise<void>((resolve, reject) => gzip.write(chunk, (error) => (error ? reject(error) : resolve())));
      await drain();
    },
    async commit(beforeRename) {
      if (failure) throw failure;
      const ended = once(gzip, 'end');
      gzip.end();
      await ended;
      await drain();
      await inner.commit(beforeRename);
    },
    abort() {
      gzip.destroy();
      inner.abort();
    },
  };
}

function zstdSink(inner: ByteSink): ByteSink {
  const zstd = zstdBinding();
  const cctx = new zstd.CCtx();
  // Reused: the sink below owns a chunk only until its write resolves.
  const out = Buffer.allocUnsafe(zstd.cStreamOutSize());
  const pump = async (src: Uint8Array, op: EndDirective): Promise<void> => {
    let rest = src;
    for (;;) {
      const [left, produced, consumed] = cctx.compressStream2(out, rest, op);
      rest = rest.subarray(consumed);
      if (produced > 0) await inner.write(out.subarray(0, produced));
      if (op === zstd.EndDirective.end ? left === 0 : rest.length === 0) return;
    }
  };
  return {
    write: (chunk) => pump(chunk, zstd.EndDirective.continue),
    async commit(beforeRename) {
      await pump(new Uint8Array(0), zstd.EndDirective.end);
      await inner.commit(beforeRename);
    },
    abort: () => inner.abort(),
  };
}
