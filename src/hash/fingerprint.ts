// Turns key bytes into a 128-bit fingerprint: two xxHash64 values with different seeds, written
// as four 32-bit words into a caller's Uint32Array. The WASM instance is created once per run.
// The 64-bit results are split through a shared 8-byte view, so no BigInt arithmetic happens here.
import xxhash from 'xxhash-wasm';

export const FINGERPRINT_WORDS = 4;
export const FINGERPRINT_BITS = 128;

const SEED_LOW = 0n;
// An arbitrary odd constant: any seed other than the first gives an independent second hash.
const SEED_HIGH = 0x9e3779b97f4a7c15n;

export interface Fingerprinter {
  readonly kind: 'xxh64x2';
  /** Writes the fingerprint of bytes[0, length) into out[0..3]. */
  fingerprint(bytes: Uint8Array, length: number, out: Uint32Array): void;
  /** A 64-bit hash of bytes[start, end) into out[at], out[at + 1]: tells identical bytes apart from equal keys. */
  hash64(bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number): void;
}

export async function createFingerprinter(): Promise<Fingerprinter> {
  const { h64Raw } = await xxhash();
  const wide = new BigUint64Array(1);
  const halves = new Uint32Array(wide.buffer);
  return {
    kind: 'xxh64x2',
    fingerprint(bytes, length, out) {
      const view = length === bytes.length ? bytes : bytes.subarray(0, length);
      wide[0] = h64Raw(view, SEED_LOW);
      out[0] = halves[0];
      out[1] = halves[1];
      wide[0] = h64Raw(view, SEED_HIGH);
      out[2] = halves[0];
      out[3] = halves[1];
    },
    hash64(bytes, start, end, out, at) {
      wide[0] = h64Raw(bytes.subarray(start, end), SEED_LOW);
      out[at] = halves[0];
      out[at + 1] = halves[1];
    },
  };
}
