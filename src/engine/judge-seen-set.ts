// The judge's seen-set and what it keeps per distinct key when copies are tracked: how many,
// where the first and last are, a hash of the first copy's bytes, and (--min-files) in how many
// documents. The value layout is defined here once; judge.ts alone reads and writes the values.
import { createSeenTable, type SeenSet } from '../seen/seen-table.js';
import { EARLIER_RUN_PLACE, sourcePlace, type UnitPlace } from './decider.js';

/** A seen-set laid out for a judge, which a persistent index fills with what earlier runs kept. */
export interface JudgeSeenSet extends SeenSet {
  /** Records a fingerprint known before this run, so that every copy in this run is a repeat. */
  rememberEarlier(fp: Uint32Array): void;
}

// Value words per distinct key when tracking; the source of a unit known from an earlier run is
// EARLIER_RUN.
export const COUNT = 0,
  FIRST_SOURCE = 1,
  FIRST_LINE = 2,
  LAST_SOURCE = 3,
  LAST_ORDINAL = 4,
  LAST_LINE = 5,
  RAW = 6;
const TRACKED_VALUE_WORDS = 8;
// With --min-files, also: in how many distinct documents the key was met, and the last of them
// (documents come in order, so a change of document is a new one).
export const SPREAD = 8,
  LAST_DOCUMENT = 9;
const SPREAD_VALUE_WORDS = 10;
const EARLIER_RUN = 0xffffffff;

export const placeOf = (source: number, line: number): UnitPlace =>
  source === EARLIER_RUN ? EARLIER_RUN_PLACE : sourcePlace(source, line);

/**
 * A seen-set for a judge that tracks copies (reports, keep last or none) or not, and (spread) in
 * how many documents. `onNew` hears every key this run adds (not those remembered from earlier
 * runs): an index appends them.
 */
export function createJudgeSeenSet(
  tracked: boolean,
  capacity = 1 << 12,
  onNew?: (fp: Uint32Array) => void,
  spread = false,
): JudgeSeenSet {
  const table = createSeenTable(capacity, spread ? SPREAD_VALUE_WORDS : tracked ? TRACKED_VALUE_WORDS : 0);
  const rememberEarlier = (fp: Uint32Array): void => {
    if (!tracked) {
      table.claim(fp);
      return;
    }
    // With tracking, an entry without a count would otherwise look new.
    const e = table.upsert(fp);
    if (!table.wasNew) return;
    const o = e * table.valueWords;
    table.values[o + COUNT] = 1;
    table.values[o + FIRST_SOURCE] = EARLIER_RUN;
    table.values[o + LAST_SOURCE] = EARLIER_RUN;
  };
  if (!onNew) return Object.assign(table, { rememberEarlier });
  return {
    claim(f) {
      const isNew = table.claim(f);
      if (isNew) onNew(f);
      return isNew;
    },
    upsert(f) {
      const e = table.upsert(f);
      if (table.wasNew) onNew(f);
      return e;
    },
    find: (f) => table.find(f),
    get wasNew() {
      return table.wasNew;
    },
    get values() {
      return table.values;
    },
    valueWords: table.valueWords,
    get size() {
      return table.size;
    },
    get bytes() {
      return table.bytes;
    },
    rememberEarlier,
  };
}
