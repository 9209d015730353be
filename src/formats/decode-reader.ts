// Readers of a compressed input's text: gzip (every member of a multi-member file) through
// Node's zlib, zstd (every frame) through zstd-napi's streaming context. They only decompress:
// the bytes they yield are sniffed and split like any file's. Damaged or cut-off data is an
// error of that input (CompressedDataError), never a silently shorter text.
import { createGunzip } from 'node:zlib';
import { Readable, pipeline } from 'node:stream';
import { zstdBinding } from './zstd-binding.js';
import { streamReader, type ByteReader } from '../input/byte-reader.js';
import type { Compression } from './compression.js';

/** Compressed bytes that cannot be decoded: the input is damaged or cut off. */
export class CompressedDataError extends Error {
  readonly code = 'ECOMPRESSED';
}

const TRUNCATED = 'ends in the middle of its compressed data (truncated?)';

export function decompressingReader(raw: ByteReader, compression: Compression): ByteReader {
  return compression === 'gzip' ? gzipReader(raw) : zstdReader(raw);
}

// Input chunks handed to zlib are fresh: zlib works on them in the thread pool, off the main
// thread, while the splitter works on text already decoded.
const GZIP_IN = 256 * 1024;
const GZIP_OUT = 256 * 1024;

function gzipReader(raw: ByteReader): ByteReader {
  // The stream may ask for one more chunk after close: by then the descriptor may be another file's.
  let closed = false;
  async function* compressed(): AsyncGenerator<Uint8Array> {
    while (!closed) {
      const chunk = Buffer.allocUnsafe(GZIP_IN);
      const n = await raw.read(chunk, 0, chunk.length);
      if (n === 0) return;
      yield chunk.subarray(0, n);
    }
  }
  const gunzip = createGunzip({ chunkSize: GZIP_OUT });
  pipeline(Readable.from(compressed()), gunzip, () => {
    /* the error, if any, is thrown by the next read */
  });
  const text = streamReader(gunzip);
  return {
    async read(into, offset, length) {
      try {
        return await text.read(into, offset, length);
      } catch (error) {
        throw asDataError(error, 'gzip');
      }
    },
    close() {
      closed = true;
      gunzip.destroy();
      raw.close();
    },
  };
}

function zstdReader(raw: ByteReader): ByteReader {
  const zstd = zstdBinding();
  const dctx = new zstd.DCtx();
  const input = Buffer.allocUnsafe(zstd.dStreamInSize());
  let at = 0;
  let end = 0;
  let ended = false;
  // Inside a frame: the input may not end here.
  let inFrame = false;
  return {
    async read(into, offset, length) {
      const out = into.subarray(offset, offset + length);
      for (;;) {
        if (at === end && !ended) {
          end = await raw.read(input, 0, input.length);
          at = 0;
          ended = end === 0;
        }
        let result: [number, number, number];
        try {
          result = dctx.decompressStream(out, input.subarray(at, end));
        } catch (error) {
          throw asDataError(error, 'zstd');
        }
        const [hint, produced, consumed] = result;
        at += consumed;
        // Asked with nothing left, a finished decoder already waits for a next frame's header.
        if (consumed > 0 || produced > 0) inFrame = hint !== 0;
        if (produced > 0) return produced;
        if (at === end && ended) {
          if (inFrame) throw new CompressedDataError(`zstd data ${TRUNCATED}`);
          return 0;
        }
      }
    },
    close: () => raw.close(),
  };
}

// zlib's and zstd's own words, after what kind of data failed; a read error of the file is kept.
function asDataError(error: unknown, compression: Compression): unknown {
  const code = (error as { code?: string } | undefined)?.code;
  if (compression === 'gzip' && !code?.startsWith('Z_')) return error;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'Z_BUF_ERROR') return new CompressedDataError(`gzip data ${TRUNCATED}`);
  return new CompressedDataError(`corrupt ${compression} data (${reason.toLowerCase()})`);
}
