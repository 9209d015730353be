// The fingerprint function's identity: name, width and seeds, and the interface every way of
// computing it offers. A persistent index records the identity and refuses fingerprints made any
// other way, so this is the one place these numbers are written.

export const HASH_ALGORITHM = 'xxh64x2';
export const HASH_BITS = 128;
/** Seeds of the two xxHash64 values that make a fingerprint: [low half, high half]. */
export const HASH_SEEDS: readonly bigint[] = [0n, 0x9e3779b97f4a7c15n];

export const HASH_SPEC = { algorithm: HASH_ALGORITHM, bits: HASH_BITS, seeds: HASH_SEEDS } as const;

export const SEED_LOW = HASH_SEEDS[0];
// An arbitrary odd constant: any seed other than the first gives an independent second hash.
export const SEED_HIGH = HASH_SEEDS[1];
/** A fingerprint's 32-bit words, the low seed's low word first. */
export const FINGERPRINT_WORDS = HASH_BITS / 32;
export const FINGERPRINT_BITS = HASH_BITS;

export interface Fingerprinter {
  readonly kind: typeof HASH_ALGORITHM;
  /** Writes the fingerprint of bytes[0, length) into out[0..3]. */
  fingerprint(bytes: Uint8Array, length: number, out: Uint32Array): void;
  /** fingerprint() of bytes[start, end), read where they lie: for a key that is the unit's own bytes. */
  fingerprintRange(bytes: Uint8Array, start: number, end: number, out: Uint32Array): void;
  /** A 64-bit hash of bytes[start, end) into out[at], out[at + 1]: tells identical bytes apart from equal keys. */
  hash64(bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number): void;
  /**
   * A buffer whose bytes this fingerprinter hashes where they lie (no copy), for one keyer to
   * fold into: handed out once, undefined to any later caller and where there is none.
   */
  keyRoom(): Uint8Array | undefined;
  /**
   * The same for a read window of the size asked at creation (a splitter's scratch window, whose
   * lines are then hashed where they were read): handed out once; undefined elsewhere.
   */
  windowRoom(): Buffer | undefined;
  /**
   * The same fingerprint for bytes fed in pieces (a giant unit's key, never held whole): begin(),
   * update() each piece in order, then digest(out). One stream at a time per fingerprinter.
   */
  begin(): void;
  update(bytes: Uint8Array, start: number, end: number): void;
  digest(out: Uint32Array): void;
}

// A 64-bit result (the module's i64 comes back signed) as its low and high words.
export function wordsOf(value: bigint, out: Uint32Array, at: number): void {
  out[at] = Number(BigInt.asUintN(32, value));
  out[at + 1] = Number(BigInt.asUintN(32, value >> 32n));
}
