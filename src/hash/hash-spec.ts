// The fingerprint function's identity: name, width and seeds. A persistent index records it and
// refuses fingerprints made any other way, so this is the one place these numbers are written.

export const HASH_ALGORITHM = 'xxh64x2';
export const HASH_BITS = 128;
/** Seeds of the two xxHash64 values that make a fingerprint: [low half, high half]. */
export const HASH_SEEDS: readonly bigint[] = [0n, 0x9e3779b97f4a7c15n];

export const HASH_SPEC = { algorithm: HASH_ALGORITHM, bits: HASH_BITS, seeds: HASH_SEEDS } as const;
