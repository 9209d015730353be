// Seeded pseudo-random numbers for the corpus generator: mulberry32 streams keyed by (seed, id),
// so any unit can be regenerated from its number alone and the generator never stores text.
// Not cryptographic; chosen because it is tiny, fast in V8 and identical on every platform.

export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  u32(): number;
  /** A uniform float in [0, 1). */
  float(): number;
  /** A uniform integer in [0, n). */
  below(n: number): number;
  /** An integer in [lo, hi], both inclusive. */
  between(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** Mixes two 32-bit values into a well-spread 32-bit seed (murmur3's finaliser on a combination). */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A mulberry32 stream. The same seed always gives the same sequence. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const u32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const float = (): number => u32() / 4294967296;
  return {
    u32,
    float,
    below: (n) => Math.floor(float() * n),
    between: (lo, hi) => lo + Math.floor(float() * (hi - lo + 1)),
    chance: (p) => float() < p,
  };
}

/** A stream for one numbered thing (a unit, a variant) under a run's seed. */
export function rngFor(seed: number, id: number, salt = 0): Rng {
  // ids go past 2^32 only in the opt-in huge scenario; fold the high part in so they stay distinct.
  const high = Math.floor(id / 4294967296);
  return createRng(mixSeed(mixSeed(seed, id >>> 0), high * 0x10001 + salt));
}
