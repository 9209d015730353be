// Compressed test inputs made in-process (no gzip or zstd tool needed): zstd frames through the
// same zstd-napi binding dedupe uses, gzip through zlib; and readers back for the outputs.
import { gunzipSync, gzipSync } from 'node:zlib';
// zstd-napi's binding is CommonJS without named exports an ES module can see.
import zstd from 'zstd-napi/binding.js';

export const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
export const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);

export function gzip(text: string | Uint8Array, level?: number): Buffer {
  return gzipSync(text, { level });
}

/** One zstd frame (several concatenated make a multi-frame file, as `zstd` appends). */
export function zstdFrame(text: string | Uint8Array): Buffer {
  const src = Buffer.from(text);
  const dst = Buffer.allocUnsafe(zstd.compressBound(src.length));
  return Buffer.from(dst.subarray(0, zstd.compress(dst, src, 3)));
}

export function gunzip(bytes: Uint8Array): Buffer {
  return gunzipSync(bytes);
}

/** Every frame's text, in order. */
export function unzstd(bytes: Uint8Array): Buffer {
  const dctx = new zstd.DCtx();
  const out = Buffer.allocUnsafe(1 << 16);
  const parts: Buffer[] = [];
  let rest = Buffer.from(bytes);
  for (;;) {
    const [, produced, consumed] = dctx.decompressStream(out, rest);
    rest = rest.subarray(consumed);
    if (produced > 0) parts.push(Buffer.from(out.subarray(0, produced)));
    if (rest.length === 0 && produced < out.length) return Buffer.concat(parts);
  }
}

/** What a compressed output holds, by its magic bytes; plain text as it is. */
export function textOf(bytes: Uint8Array): Buffer {
  const b = Buffer.from(bytes);
  if (b.subarray(0, 2).equals(GZIP_MAGIC)) return gunzip(b);
  if (b.subarray(0, 4).equals(ZSTD_MAGIC)) return unzstd(b);
  return b;
}
