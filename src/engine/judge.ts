// The pure heart of the run: a unit's key input goes through a key fold, a fingerprint and a
// seen-set claim, and comes out as a verdict. It knows nothing of Arabic, files or colour: the
// fold, the fingerprint and the seen-set are handed in.

/** The key stage as the engine sees it: writes key bytes into `out`, returns their length. */
export interface KeyFold {
  readonly out: Uint8Array;
  fold(src: Uint8Array, start: number, end: number): number;
}

export interface FingerprintFn {
  fingerprint(bytes: Uint8Array, length: number, out: Uint32Array): void;
}

export interface ClaimSet {
  claim(fp: Uint32Array): boolean;
}

export type Verdict = { kind: 'kept' } | { kind: 'duplicate' };

export interface Judge {
  /** True when the unit is the first of its key (keep it); false when it repeats an earlier one. */
  isFirst(src: Uint8Array, start: number, end: number): boolean;
  /** The fingerprint of the last judged unit (valid until the next call). */
  readonly lastFingerprint: Uint32Array;
}

export function createJudge(key: KeyFold, hash: FingerprintFn, seen: () => ClaimSet): Judge {
  const fp = new Uint32Array(4);
  return {
    isFirst(src, start, end) {
      const length = key.fold(src, start, end);
      hash.fingerprint(key.out, length, fp);
      return seen().claim(fp);
    },
    lastFingerprint: fp,
  };
}
