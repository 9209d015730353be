// Remembers, for units met lately, the fingerprint of their key under the fingerprint of their own
// bytes, so that a unit whose very bytes came before is judged without folding its key again (on
// text that repeats a lot the fold is most of the work). It never decides anything and never
// changes a fingerprint: a hit gives what the fold and the hash would give.

// A hit needs all 128 bits of the bytes' fingerprint to match, the same bits `--key exact` trusts,
// so the memo errs only where exact comparison would. Where the bytes rarely repeat it would cost
// one more hash per unit for nothing: it then rests, and looks again now and then.

/** What the memo knows of a unit's bytes. */
export type MemoAnswer = typeof MISS | typeof COMPARES | typeof COMPARES_NONE;
export const MISS = 0;
/** Its key's fingerprint was written into the caller's words. */
export const COMPARES = 1;
/** Its key is empty or under the minimums: the unit is kept whatever it repeats. */
export const COMPARES_NONE = 2;

export interface KeyMemo {
  /** Whether to look the next unit up (false while resting); each true must be followed by lookup(). */
  wanted(): boolean;
  /** Looks `raw` up; on COMPARES the key's fingerprint is in fp[0..3]. */
  lookup(raw: Uint32Array, fp: Uint32Array): MemoAnswer;
  /** Remembers the answer for `raw` after a miss (fp is read only when compares). */
  store(raw: Uint32Array, compares: boolean, fp: Uint32Array): void;
  /**
   * Whether the entry of the last lookup() hit was marked claimed in seen-set `generation`:
   * then its key is in that seen-set already, and claiming it again would only say so.
   */
  claimedIn(generation: number): boolean;
  /** Marks the entry of the last lookup() or store() as claimed in seen-set `generation` (not 0). */
  markClaimed(generation: number): void;
}

// Two-way set-associative: 2^16 sets of two entries. An entry is one 64-byte cache line of 16
// words: the bytes' fingerprint, the key's, the answer, the seen-set it was claimed in, and (in a
// set's first entry) the way the next store replaces; a lookup that hits touches one line. 8 MiB:
// W2's ~31k distinct lines, drawn at random, then nearly all stay in.
const SETS = 1 << 16;
const WORDS = 16;
const ANSWER = 8;
const CLAIMED = 9;
const VICTIM = 10;
// Every WINDOW lookups the hit rate is checked; under one in MIN_HIT_SHARE the memo rests, for
// REST_FIRST units and twice as long each time it rests again in a row, up to REST_MOST (a miss
// costs one more hash of the bytes, about a sixth of folding and hashing the key). A cold memo
// hits little: the first WARM_UP units are always looked up, so that a repeating input fills it.
const WINDOW = 4096;
const MIN_HIT_SHARE = 4;
const WARM_UP = 4 * WINDOW;
const REST_FIRST = 16 * WINDOW;
const REST_MOST = 256 * WINDOW;

export function createKeyMemo(): KeyMemo {
  // Allocated at the first lookup: a run that never asks pays nothing.
  let table: Uint32Array | undefined;
  let warming = WARM_UP;
  let resting = 0;
  let rest = REST_FIRST;
  let asked = 0;
  let hits = 0;
  // Where the entry of the last lookup() hit or store() begins.
  let last = 0;

  const matches = (t: Uint32Array, o: number, raw: Uint32Array): boolean =>
    t[o + ANSWER] !== MISS && t[o] === raw[0] && t[o + 1] === raw[1] && t[o + 2] === raw[2] && t[o + 3] === raw[3];

  return {
    wanted() {
      if (resting === 0) return true;
      resting--;
      return false;
    },
    lookup(raw, fp) {
      table ??= new Uint32Array(SETS * 2 * WORDS);
      if (warming > 0) warming--;
      else if (++asked === WINDOW) {
        if (hits * MIN_HIT_SHARE < WINDOW) {
          resting = rest;
          rest = Math.min(rest * 2, REST_MOST);
        } else {
          rest = REST_FIRST;
        }
        asked = 0;
        hits = 0;
      }
      const first = (raw[0] & (SETS - 1)) * 2 * WORDS;
      let o = first;
      if (!matches(table, o, raw)) {
        o += WORDS;
        if (!matches(table, o, raw)) return MISS;
      }
      hits++;
      last = o;
      // The other way goes first when this set must make room.
      table[first + VICTIM] = o === first ? 1 : 0;
      const answer = table[o + ANSWER];
      if (answer === COMPARES) {
        fp[0] = table[o + 4];
        fp[1] = table[o + 5];
        fp[2] = table[o + 6];
        fp[3] = table[o + 7];
      }
      return answer as MemoAnswer;
    },
    store(raw, compares, fp) {
      if (table === undefined) return;
      const first = (raw[0] & (SETS - 1)) * 2 * WORDS;
      const way = table[first + VICTIM];
      table[first + VICTIM] = way ^ 1;
      const o = first + way * WORDS;
      last = o;
      table[o] = raw[0];
      table[o + 1] = raw[1];
      table[o + 2] = raw[2];
      table[o + 3] = raw[3];
      table[o + ANSWER] = compares ? COMPARES : COMPARES_NONE;
      table[o + CLAIMED] = 0;
      if (!compares) return;
      table[o + 4] = fp[0];
      table[o + 5] = fp[1];
      table[o + 6] = fp[2];
      table[o + 7] = fp[3];
    },
    claimedIn(generation) {
      return table !== undefined && table[last + CLAIMED] === generation;
    },
    markClaimed(generation) {
      if (table !== undefined) table[last + CLAIMED] = generation;
    },
  };
}
