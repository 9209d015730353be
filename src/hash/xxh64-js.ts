// xxHash64 in plain JavaScript, for hosts where no WebAssembly memory can be made: V8 reserves
// about 10 GiB of address space per WASM memory (its bounds-check guard region), which an
// address-space cap (`ulimit -v`, HPC login nodes, cluster schedulers) refuses. Same values as
// xxhash-wasm bit for bit; 64-bit words are kept as two uint32 halves so that no BigInt is made.

// The five xxHash64 primes, as [high, low] halves.
const P1H = 0x9e3779b1,
  P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d,
  P2L = 0x27d4eb4f;
const P3H = 0x165667b1,
  P3L = 0x9e3779f9;
const P4H = 0x85ebca77,
  P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f,
  P5L = 0x165667c5;

// The result of the last 64-bit operation; module state keeps the hot loop free of allocation.
let rh = 0,
  rl = 0;

/** (ah:al) * (bh:bl) mod 2^64. */
function mul(ah: number, al: number, bh: number, bl: number): void {
  const a0 = al & 0xffff,
    a1 = al >>> 16,
    b0 = bl & 0xffff,
    b1 = bl >>> 16;
  const p00 = a0 * b0,
    p01 = a0 * b1,
    p10 = a1 * b0,
    p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  rl = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  rh = (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

function add(ah: number, al: number, bh: number, bl: number): void {
  const low = al + bl;
  rl = low >>> 0;
  rh = (ah + bh + (low > 0xffffffff ? 1 : 0)) >>> 0;
}

/** Rotates left by r, 0 < r < 32 (every rotation xxHash64 uses). */
function rotl(h: number, l: number, r: number): void {
  rh = ((h << r) | (l >>> (32 - r))) >>> 0;
  rl = ((l << r) | (h >>> (32 - r))) >>> 0;
}

/** round(acc, input) = rotl(acc + input * P2, 31) * P1. */
function round(acch: number, accl: number, ih: number, il: number): void {
  mul(ih, il, P2H, P2L);
  add(acch, accl, rh, rl);
  rotl(rh, rl, 31);
  mul(rh, rl, P1H, P1L);
}

/** mergeRound(h, v) = (h ^ round(0, v)) * P1 + P4. */
function mergeRound(hh: number, hl: number, vh: number, vl: number): void {
  round(0, 0, vh, vl);
  mul((hh ^ rh) >>> 0, (hl ^ rl) >>> 0, P1H, P1L);
  add(rh, rl, P4H, P4L);
}

const le32 = (b: Uint8Array, i: number): number => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

/** xxHash64 of bytes[start, end) with the seed given as halves; writes the low word to out[at], the high to out[at + 1]. */
export function xxh64Into(
  bytes: Uint8Array,
  start: number,
  end: number,
  seedHigh: number,
  seedLow: number,
  out: Uint32Array,
  at: number,
): void {
  const length = end - start;
  let i = start;
  let hh: number, hl: number;
  if (length >= 32) {
    add(seedHigh, seedLow, P1H, P1L);
    add(rh, rl, P2H, P2L);
    let v1h = rh,
      v1l = rl;
    add(seedHigh, seedLow, P2H, P2L);
    let v2h = rh,
      v2l = rl;
    let v3h = seedHigh,
      v3l = seedLow;
    // seed - P1 = seed + (2^64 - P1)
    add(seedHigh, seedLow, ~P1H >>> 0, ~P1L >>> 0);
    add(rh, rl, 0, 1);
    let v4h = rh,
      v4l = rl;
    const limit = end - 32;
    for (; i <= limit; i += 32) {
      round(v1h, v1l, le32(bytes, i + 4), le32(bytes, i));
      v1h = rh;
      v1l = rl;
      round(v2h, v2l, le32(bytes, i + 12), le32(bytes, i + 8));
      v2h = rh;
      v2l = rl;
      round(v3h, v3l, le32(bytes, i + 20), le32(bytes, i + 16));
      v3h = rh;
      v3l = rl;
      round(v4h, v4l, le32(bytes, i + 28), le32(bytes, i + 24));
      v4h = rh;
      v4l = rl;
    }
    rotl(v1h, v1l, 1);
    hh = rh;
    hl = rl;
    rotl(v2h, v2l, 7);
    add(hh, hl, rh, rl);
    hh = rh;
    hl = rl;
    rotl(v3h, v3l, 12);
    add(hh, hl, rh, rl);
    hh = rh;
    hl = rl;
    rotl(v4h, v4l, 18);
    add(hh, hl, rh, rl);
    hh = rh;
    hl = rl;
    mergeRound(hh, hl, v1h, v1l);
    mergeRound(rh, rl, v2h, v2l);
    mergeRound(rh, rl, v3h, v3l);
    mergeRound(rh, rl, v4h, v4l);
    hh = rh;
    hl = rl;
  } else {
    add(seedHigh, seedLow, P5H, P5L);
    hh = rh;
    hl = rl;
  }
  // + length (keys are far below 2^32 bytes)
  add(hh, hl, 0, length);
  hh = rh;
  hl = rl;
  for (; i + 8 <= end; i += 8) {
    round(0, 0, le32(bytes, i + 4), le32(bytes, i));
    rotl((hh ^ rh) >>> 0, (hl ^ rl) >>> 0, 27);
    mul(rh, rl, P1H, P1L);
    add(rh, rl, P4H, P4L);
    hh = rh;
    hl = rl;
  }
  if (i + 4 <= end) {
    mul(0, le32(bytes, i), P1H, P1L);
    rotl((hh ^ rh) >>> 0, (hl ^ rl) >>> 0, 23);
    mul(rh, rl, P2H, P2L);
    add(rh, rl, P3H, P3L);
    hh = rh;
    hl = rl;
    i += 4;
  }
  for (; i < end; i++) {
    mul(0, bytes[i], P5H, P5L);
    rotl((hh ^ rh) >>> 0, (hl ^ rl) >>> 0, 11);
    mul(rh, rl, P1H, P1L);
    hh = rh;
    hl = rl;
  }
  // Avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32.
  hl = (hl ^ (hh >>> 1)) >>> 0;
  mul(hh, hl, P2H, P2L);
  hh = rh;
  hl = (rl ^ ((rl >>> 29) | (rh << 3))) >>> 0;
  hh = (hh ^ (hh >>> 29)) >>> 0;
  mul(hh, hl, P3H, P3L);
  out[at] = (rl ^ rh) >>> 0;
  out[at + 1] = rh;
}
