// The review page's boilerplate table: every key removed by exact comparison, with how many copies
// and files it has in this run and the first places it was removed, tallied as removed units pass.
// Memory stays bounded (keys, places and text per key are capped); it ranks, it never decides.
import type { KeptPlace } from '../engine/decider.js';
import type { RemovedUnit } from '../engine/unit-router.js';
import { keyInputOf } from '../split/key-input.js';
import { fingerprintHex } from './report.js';

/** Keys tallied at most; later new keys are counted as left out, not ranked. */
export const REPEAT_KEY_LIMIT = 100_000;
/** Places listed under one boilerplate row. */
export const PLACES_PER_REPEAT = 50;
/** Bytes of text kept per key. */
const TEXT_BYTES = 1200;

export interface RepeatRow {
  /** The first removed copy's text (its key input), cut at TEXT_BYTES. */
  readonly text: Uint8Array;
  readonly cut: boolean;
  /** Copies in this run: the removed ones and the kept one when it is in this run. */
  readonly copies: number;
  readonly removed: number;
  /** Files of this run holding a copy. */
  readonly files: number;
  readonly kept: KeptPlace;
  /** The first PLACES_PER_REPEAT removed copies. */
  readonly places: readonly { readonly source: number; readonly line: number }[];
}

interface Tally {
  text: Uint8Array;
  cut: boolean;
  removed: number;
  files: number;
  lastSource: number;
  keptSourceHit: boolean;
  kept: KeptPlace;
  places: { source: number; line: number }[];
  order: number;
}

export interface RepeatTally {
  add(source: number, unit: RemovedUnit): void;
  /** The most repeated keys, most copies first; and how many keys were not tallied. */
  rows(limit: number): { rows: RepeatRow[]; keys: number; untallied: number };
}

/** perSource: each input has a seen-set of its own (--scope file), so a key is one input's. */
export function createRepeatTally(perSource: boolean): RepeatTally {
  const byKey = new Map<string, Tally>();
  let untallied = 0;
  return {
    add(source, unit) {
      const d = unit.detail;
      if (d.near) return; // a near copy has a key of its own
      const key = perSource ? `${source}:${fingerprintHex(d.fingerprint)}` : fingerprintHex(d.fingerprint);
      let tally = byKey.get(key);
      if (!tally) {
        if (byKey.size >= REPEAT_KEY_LIMIT) {
          untallied++;
          return;
        }
        const text = keyInputOf(unit.bytes, TEXT_BYTES + 1);
        tally = {
          text: text.subarray(0, TEXT_BYTES),
          cut: text.length > TEXT_BYTES,
          removed: 0,
          files: 0,
          lastSource: -1,
          keptSourceHit: false,
          kept: d.kept,
          places: [],
          order: byKey.size,
        };
        byKey.set(key, tally);
      }
      tally.removed++;
      if (tally.lastSource !== source) {
        tally.files++;
        tally.lastSource = source;
      }
      if (d.kept.kind === 'source' && d.kept.source === source) tally.keptSourceHit = true;
      if (tally.places.length < PLACES_PER_REPEAT) tally.places.push({ source, line: unit.line });
    },
    rows(limit) {
      const all = [...byKey.values()].map((t) => {
        const keptHere = t.kept.kind === 'source';
        return {
          order: t.order,
          row: {
            text: t.text,
            cut: t.cut,
            copies: t.removed + (keptHere ? 1 : 0),
            removed: t.removed,
            files: t.files + (keptHere && !t.keptSourceHit ? 1 : 0),
            kept: t.kept,
            places: t.places,
          },
        };
      });
      all.sort((a, b) => b.row.copies - a.row.copies || b.row.files - a.row.files || a.order - b.order);
      return { rows: all.slice(0, limit).map((a) => a.row), keys: byKey.size, untallied };
    },
  };
}
