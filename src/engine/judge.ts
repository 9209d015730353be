// The pure heart of the run: a unit's key input goes through a key fold, a fingerprint and a
// seen-set, and comes out as a verdict under the keep policy (first, last or none copy kept).
// It knows nothing of Arabic, files or colour: the fold, the fingerprint and the seen-set are
// handed in. Where copies are and how many is tracked only when a report or policy needs it.
import type { SeenSet } from '../seen/seen-table.js';
import type { NearMatch, NearMatcher } from '../near/near-matcher.js';

/** The key stage as the engine sees it: writes key bytes into `out`, returns their length. */
export interface KeyFold {
  readonly out: Uint8Array;
  fold(src: Uint8Array, start: number, end: number): number;
}

export interface Hasher {
  fingerprint(bytes: Uint8Array, length: number, out: Uint32Array): void;
  hash64(bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number): void;
}

export type KeepPolicy = 'first' | 'last' | 'none';

export interface JudgeOptions {
  readonly policy: KeepPolicy;
  /** Record where copies are (for reports); implied by the last and none policies. */
  readonly track: boolean;
  /** Units whose key is shorter than this (in characters / words) are never removed. */
  readonly minChars: number;
  readonly minWords: number;
  /**
   * Near-duplicate matching of the units exact comparison keeps (one matcher per seen-set). Its
   * text.keyHash must be the first word of this judge's fingerprint: the judge hands that over.
   */
  readonly near?: () => NearMatcher;
}

/**
 * Where a unit is: its source's number in the run, its ordinal in that source, its first line,
 * and its bytes' offset and length in the source (for near matching, which may read it again).
 */
export interface UnitPosition { source: number; ordinal: number; line: number; offset?: number; length?: number }

/** Filled by decide() when it returns false; reused, so copy what you keep. */
export interface DuplicateDetail {
  firstSource: number;
  firstLine: number;
  /** The copy that stays: -1 when the policy keeps none. */
  keptSource: number;
  keptLine: number;
  /** Same bytes as the first copy (not only the same key). */
  identical: boolean;
  readonly fingerprint: Uint32Array;
  /** Set when the unit matched an earlier kept one by similarity, not by key. */
  near: NearMatch | undefined;
}

export interface Repeated {
  count: number;
  firstSource: number;
  firstLine: number;
  /** The copy that stays (keep last: the last one; otherwise the first, which keep none removes too). */
  keptSource: number;
  keptLine: number;
  /** The start of the kept copy's own text, unless sampleAt says otherwise. */
  sample: Uint8Array;
  /** Set when no other copy had the kept copy's exact bytes: the sample is this copy's text. */
  sampleAt?: { source: number; line: number };
  /** hash64 of the kept copy's key input, to recognise it when it is read again. */
  readonly keptHash: readonly [number, number];
}

export interface Judge {
  /** The counting pass of the last and none policies: sees every unit once before any decision. */
  count(src: Uint8Array, start: number, end: number, pos: UnitPosition): void;
  /** True: keep the unit. False: it is removed, and `detail` says why. */
  decide(src: Uint8Array, start: number, end: number, pos: UnitPosition): boolean;
  readonly detail: DuplicateDetail;
  readonly needsCountingPass: boolean;
  /** The most repeated keys of the current seen-set, most copies first. */
  mostRepeated(limit: number): Repeated[];
}

// Values kept per distinct key when tracking.
const COUNT = 0, FIRST_SOURCE = 1, FIRST_LINE = 2, LAST_SOURCE = 3, LAST_ORDINAL = 4, LAST_LINE = 5, RAW = 6, SAMPLE = 8;
export const TRACKED_VALUE_WORDS = 9;
/** The source number of a unit known from an earlier run (a persistent index). */
export const EARLIER_RUN = 0xffffffff;

/**
 * Records a fingerprint known before this run (from an index) so that every copy in this run is
 * a repeat: with tracking, an entry without a count would otherwise look new.
 */
export function markSeenBefore(table: SeenSet, fp: Uint32Array): void {
  if (table.valueWords === 0) { table.claim(fp); return; }
  const e = table.upsert(fp);
  if (!table.wasNew) return;
  const o = e * TRACKED_VALUE_WORDS;
  table.values[o + COUNT] = 1;
  table.values[o + FIRST_SOURCE] = EARLIER_RUN;
  table.values[o + LAST_SOURCE] = EARLIER_RUN;
}
/** Bytes of a repeated unit's text kept for summaries. */
export const SAMPLE_BYTES = 400;
/** Units above this many bytes are compared by their exact bytes (see prepare). */
export const HUGE_UNIT = 256 * 1024 * 1024;
const SAMPLE_LIMIT = 100_000;

export function createJudge(key: KeyFold, hash: Hasher, seen: () => SeenSet, options: JudgeOptions): Judge {
  const fp = new Uint32Array(4);
  const raw = new Uint32Array(2);
  const track = options.track || options.policy !== 'first';
  const samples: { text: Uint8Array; raw0: number; raw1: number; at?: { source: number; line: number } }[] = [];
  // Keys whose first copy near mode removed, with the place of the copy that stays instead (few:
  // one per near removal), so reports never name a removed line as the kept one.
  const keptThroughNear = new Map<string, { source: number; line: number }>();
  const fingerprintKey = (): string => `${fp[0]}:${fp[1]}:${fp[2]}:${fp[3]}`;
  const detail: DuplicateDetail = { firstSource: 0, firstLine: 0, keptSource: 0, keptLine: 0, identical: false, fingerprint: fp, near: undefined };

  // Folds and fingerprints; false when the unit must be kept whatever it repeats: its key is
  // empty (a line of only tatweel or harakat has nothing left to compare) or under the minimums.
  let keyLength = -1; // -1: the unit was compared by its exact bytes, not a key
  const prepare = (src: Uint8Array, start: number, end: number): boolean => {
    keyLength = -1;
    if (end - start > HUGE_UNIT) {
      // Folding goes through a JS string for rare characters, and V8 strings stop near 512M
      // characters: a unit this large is compared by its exact bytes.
      hash.fingerprint(src.subarray(start, end), end - start, fp);
      return true;
    }
    const length = key.fold(src, start, end);
    if (length === 0) return false;
    if ((options.minChars > 0 || options.minWords > 0) && isShort(key.out, length, options.minChars, options.minWords)) return false;
    hash.fingerprint(key.out, length, fp);
    keyLength = length;
    return true;
  };

  // A unit exact comparison keeps may still be a near copy of an earlier kept one.
  const nearKeeps = (src: Uint8Array, start: number, end: number, pos: UnitPosition): boolean => {
    if (!options.near || keyLength < 0) return true;
    // The matcher's key hash is the first word of the run's fingerprint, which prepare() computed.
    const match = options.near().check(src, start, end, key.out, keyLength, { source: pos.source, line: pos.line, offset: pos.offset ?? 0, length: pos.length ?? end - start }, fp[0]);
    if (!match?.remove) return true;
    detail.firstSource = detail.keptSource = match.source;
    detail.firstLine = detail.keptLine = match.line;
    detail.identical = false;
    detail.near = match;
    return false;
  };

  const record = (table: SeenSet, src: Uint8Array, start: number, end: number, pos: UnitPosition): number => {
    const e = table.upsert(fp);
    const v = table.values;
    const o = e * TRACKED_VALUE_WORDS;
    if (table.wasNew) {
      v[o + FIRST_SOURCE] = pos.source;
      v[o + FIRST_LINE] = pos.line;
      hash.hash64(src, start, end, v, o + RAW);
    } else if (v[o + SAMPLE] > 0 || samples.length < SAMPLE_LIMIT) {
      noteSample(v, o, src, start, end, pos);
    }
    v[o + COUNT]++;
    v[o + LAST_SOURCE] = pos.source;
    v[o + LAST_ORDINAL] = pos.ordinal;
    v[o + LAST_LINE] = pos.line;
    return o;
  };

  // Summaries show a short sample of a repeated unit's kept copy. Keep last keeps the latest
  // copy's text. Otherwise the first copy's is wanted, but by the second copy only its hash is
  // known: a copy with the same bytes gives the text; until one comes, another spelling stands in
  // and says where it is from. Repeats stop here after one comparison in the common case.
  const noteSample = (v: Uint32Array, o: number, src: Uint8Array, start: number, end: number, pos: UnitPosition): void => {
    const current = v[o + SAMPLE] > 0 ? samples[v[o + SAMPLE] - 1] : undefined;
    const last = options.policy === 'last';
    if (current && !current.at && !last) return;
    hash.hash64(src, start, end, raw, 0);
    if (current && raw[0] === current.raw0 && raw[1] === current.raw1) return;
    const isFirst = raw[0] === v[o + RAW] && raw[1] === v[o + RAW + 1];
    if (current && !last && !isFirst) return;
    const sample = {
      text: Uint8Array.from(src.subarray(start, Math.min(end, start + SAMPLE_BYTES))), raw0: raw[0], raw1: raw[1],
      at: last || isFirst ? undefined : { source: pos.source, line: pos.line },
    };
    if (current) samples[v[o + SAMPLE] - 1] = sample;
    else v[o + SAMPLE] = samples.push(sample);
  };

  const fillDetail = (v: Uint32Array, o: number, src: Uint8Array, start: number, end: number, keptSource: number, keptLine: number): void => {
    detail.firstSource = v[o + FIRST_SOURCE];
    detail.firstLine = v[o + FIRST_LINE];
    detail.keptSource = keptSource;
    detail.keptLine = keptLine;
    hash.hash64(src, start, end, raw, 0);
    detail.identical = raw[0] === v[o + RAW] && raw[1] === v[o + RAW + 1];
  };

  return {
    detail,
    needsCountingPass: options.policy !== 'first',
    count(src, start, end, pos) {
      if (prepare(src, start, end)) record(seen(), src, start, end, pos);
    },
    decide(src, start, end, pos) {
      detail.near = undefined;
      if (!prepare(src, start, end)) return true;
      const table = seen();
      if (!track) return table.claim(fp) && nearKeeps(src, start, end, pos);
      if (options.policy === 'first') {
        const o = record(table, src, start, end, pos);
        const v = table.values;
        if (v[o + COUNT] === 1) {
          if (nearKeeps(src, start, end, pos)) return true;
          // This key's first copy is gone too: its later copies are kept by the near match's copy.
          keptThroughNear.set(fingerprintKey(), { source: detail.keptSource, line: detail.keptLine });
          return false;
        }
        const via = keptThroughNear.size > 0 ? keptThroughNear.get(fingerprintKey()) : undefined;
        fillDetail(v, o, src, start, end, via ? via.source : v[o + FIRST_SOURCE], via ? via.line : v[o + FIRST_LINE]);
        return false;
      }
      const e = table.find(fp);
      if (e < 0) return true; // not seen in the counting pass (cannot happen for a re-read input)
      const v = table.values;
      const o = e * TRACKED_VALUE_WORDS;
      if (options.policy === 'last') {
        if (v[o + LAST_SOURCE] === pos.source && v[o + LAST_ORDINAL] === pos.ordinal) return true;
        fillDetail(v, o, src, start, end, v[o + LAST_SOURCE], v[o + LAST_LINE]);
        return false;
      }
      if (v[o + COUNT] === 1) return true;
      fillDetail(v, o, src, start, end, -1, 0);
      return false;
    },
    mostRepeated(limit) {
      const table = seen();
      const v = table.values;
      const found: Repeated[] = [];
      for (let o = 0; o < v.length; o += TRACKED_VALUE_WORDS) {
        if (v[o + SAMPLE] === 0) continue;
        const sample = samples[v[o + SAMPLE] - 1];
        const last = options.policy === 'last';
        found.push({
          count: v[o + COUNT], firstSource: v[o + FIRST_SOURCE], firstLine: v[o + FIRST_LINE],
          keptSource: v[o + (last ? LAST_SOURCE : FIRST_SOURCE)], keptLine: v[o + (last ? LAST_LINE : FIRST_LINE)],
          sample: sample.text, sampleAt: sample.at, keptHash: [v[o + RAW], v[o + RAW + 1]],
        });
      }
      found.sort((a, b) => b.count - a.count || a.firstSource - b.firstSource || a.firstLine - b.firstLine);
      return found.slice(0, limit);
    },
  };
}

// Key length in characters (UTF-8 lead bytes) and in words (runs of non-space bytes).
function isShort(key: Uint8Array, length: number, minChars: number, minWords: number): boolean {
  let chars = 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < length; i++) {
    const b = key[i];
    if ((b & 0xc0) !== 0x80) chars++;
    const space = b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return chars < minChars || words < minWords;
}
