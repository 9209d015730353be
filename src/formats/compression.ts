// The compressions dedupe reads and writes back (gzip, zstd): each one's magic bytes, which decide
// what an input is (never its name), and the file-name endings that decide what `-o FILE` writes.
// Defined once here; decoding and encoding live beside it (decode-reader.ts, encode-sink.ts).

export type Compression = 'gzip' | 'zstd';

interface CompressionSpec {
  readonly magic: readonly number[];
  /** Endings of a named output that asks for this compression (`-o out.txt.gz`). */
  readonly endings: readonly string[];
}

export const COMPRESSIONS: Readonly<Record<Compression, CompressionSpec>> = {
  // RFC 1952: ID1 ID2 and CM = 8 (deflate), the only method gzip defines.
  gzip: { magic: [0x1f, 0x8b, 0x08], endings: ['.gz'] },
  // RFC 8878: the frame magic 0xFD2FB528, little-endian.
  zstd: { magic: [0x28, 0xb5, 0x2f, 0xfd], endings: ['.zst', '.zstd'] },
};

/** Fewest head bytes that tell every compression apart. */
export const MAGIC_BYTES = Math.max(...Object.values(COMPRESSIONS).map((c) => c.magic.length));

/** The compression a head of input bytes starts with, if any. */
export function compressionOf(head: Uint8Array): Compression | undefined {
  for (const [name, spec] of SPECS) if (startsWith(head, spec.magic)) return name;
  return undefined;
}

// Asked once per input: a folder of 20,000 files should not build the list 20,000 times.
const SPECS = Object.entries(COMPRESSIONS) as [Compression, CompressionSpec][];

/** True when `bytes` begins with `prefix`. */
export function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** The compression an output's name asks for (`.gz`, `.zst`), if any; case does not matter. */
export function compressionOfName(path: string): Compression | undefined {
  const lower = path.toLowerCase();
  for (const [name, spec] of SPECS) {
    if (spec.endings.some((ending) => lower.endsWith(ending))) return name;
  }
  return undefined;
}
