// Routes split events to the output: a unit the judge keeps goes out, a removed one does not,
// blank lines and a BOM always pass. In paragraph mode a blank run between two paragraphs is
// written only when both sides are kept, so removing a paragraph removes exactly one separator:
// the one before it, or (when no paragraph of this input was kept yet) the one after it.
// Reporters may watch every byte range with its fate, and every removed unit with its details.
import type { SplitEvents, UnitMode } from '../split/split-units.js';
import type { DuplicateDetail, UnitDecider } from './decider.js';

export interface KeptBytes {
  keep(buf: Uint8Array, start: number, end: number): void;
  window(buf: Uint8Array): void | Promise<void>;
}

export interface SourceTally {
  units: number;
  duplicates: number;
  bytesIn: number;
  bytesOut: number;
  /** Files or records left with nothing but blank lines, and so not written. */
  dropped?: number;
}

/** A removed unit, as reporters see it. Its offset and length include the separator removed with it. */
export interface RemovedUnit {
  readonly kind: 'removed';
  /** 1-based ordinal among the source's units. */
  readonly ordinal: number;
  readonly line: number;
  readonly endLine: number;
  offset: number;
  length: number;
  /** A copy of the unit's own bytes (no separator). */
  readonly bytes: Uint8Array;
  readonly detail: Readonly<Omit<DuplicateDetail, 'fingerprint'>> & { readonly fingerprint: Uint32Array };
  /** A unit of a JSON Lines record's field: `line` is the record's, this says where in the field. */
  readonly record?: RecordPlace;
}

/** Where a removed unit of a record is: its field lines, and the records' ids (--id-field). */
export interface RecordPlace {
  readonly fieldLine: number;
  readonly fieldEndLine: number;
  readonly id?: string;
  readonly firstId?: string;
  readonly keptId?: string;
}

export interface RouterWatch {
  /** Every input byte range in order, with its fate; removed ranges name their unit. */
  span?(kept: boolean, buf: Uint8Array, start: number, end: number, unit: RemovedUnit | undefined): void;
  /**
   * Bytes of the input replaced by others (a JSON Lines record's field literal, rewritten): in the
   * order of the spans around them; the unit is the first one removed from that text.
   */
  rewrite?(old: Uint8Array, replacement: Uint8Array, unit: RemovedUnit | undefined): void;
  /** A kept unit's own bytes (no separator), with its first line. */
  kept?(buf: Uint8Array, start: number, end: number, line: number): void;
  /** A removed unit, once its byte range is final. */
  removed?(unit: RemovedUnit): void;
  /** The source has ended (after finish()). */
  end?(): void;
}

export interface RouterOptions {
  readonly mode: UnitMode;
  /** Removed units reach the watch only when the decider says why (has a detail). */
  readonly judge: UnitDecider;
  /** This source's number in the run (for the judge's positions). */
  readonly source: number;
  readonly out: KeptBytes;
  readonly tally: SourceTally;
  readonly watch?: RouterWatch;
  /** Units already counted in this source (its earlier records): ordinals go on from there. */
  readonly ordinalsBefore?: number;
  /** The input's own bytes behind a range of the (transcoded) text, for the tally; else its length. */
  readonly diskLength?: (buf: Uint8Array, start: number, end: number) => number;
}

export interface UnitRouter extends SplitEvents {
  /** At the end of the source: the blank run after the last paragraph is the input's own tail, kept. */
  finish(): void;
  /**
   * Begins another source (or the same one again) as a router made with `next` would: one router
   * serves a run's small files one after another. The mode stays the one it was made with.
   */
  restart(next: RouterOptions): void;
}

const NOTHING_HELD = new Uint8Array(0);

export function createUnitRouter(options: RouterOptions): UnitRouter {
  let { judge, out, tally, watch } = options;
  const paragraphs = options.mode === 'paragraph';
  const position = { source: options.source, ordinal: options.ordinalsBefore ?? 0, line: 0, offset: 0, length: 0 };
  let explained = watch !== undefined ? judge.detail : undefined;
  let diskLength = options.diskLength;
  const size = (buf: Uint8Array, start: number, end: number): number =>
    diskLength ? diskLength(buf, start, end) : end - start;
  let seenUnit = false; // a paragraph came before: blank lines are now separators
  let keptUnit = false; // a kept paragraph came before: the held separator goes out before the next kept one
  let held = NOTHING_HELD; // made on the first blank run held: most sources never hold one
  let heldLength = 0;
  let heldOffset = 0;
  let pending: RemovedUnit | undefined; // removed before any kept paragraph: takes the separator after it

  const pass = (buf: Uint8Array, start: number, end: number): void => {
    const bytes = size(buf, start, end);
    tally.bytesIn += bytes;
    tally.bytesOut += bytes;
    watch?.span?.(true, buf, start, end, undefined);
    out.keep(buf, start, end);
  };

  const hold = (buf: Uint8Array, start: number, end: number, offset: number): void => {
    if (heldLength === 0) heldOffset = offset;
    const need = heldLength + end - start;
    if (need > held.length) {
      const bigger = new Uint8Array(Math.max(need, held.length * 2, 64));
      bigger.set(held.subarray(0, heldLength));
      held = bigger;
    }
    held.set(buf.subarray(start, end), heldLength);
    heldLength = need;
  };

  // The held separator goes with a removed unit: before it (unit given) or after the pending one.
  const dropHeld = (owner: RemovedUnit | undefined): void => {
    if (heldLength === 0) return;
    if (owner) {
      if (owner.offset > heldOffset) owner.offset = heldOffset;
      owner.length += heldLength;
    }
    watch?.span?.(false, held, 0, heldLength, owner);
    heldLength = 0;
  };

  const settlePending = (): void => {
    if (pending) watch?.removed?.(pending);
    pending = undefined;
  };

  return {
    bom: pass,
    blank(buf, start, end, offset) {
      if (paragraphs && seenUnit) {
        tally.bytesIn += size(buf, start, end);
        hold(buf, start, end, offset);
      } else {
        pass(buf, start, end);
      }
    },
    unit(buf, start, end, keyBuf, keyStart, keyEnd, line, endLine, offset) {
      tally.units++;
      position.ordinal++;
      position.line = line;
      position.offset = offset;
      position.length = end - start;
      const keep = judge.decide(keyBuf, keyStart, keyEnd, position);
      seenUnit = true;
      if (keep) {
        watch?.kept?.(buf, start, end, line);
        if (paragraphs) {
          if (keptUnit) {
            if (heldLength > 0) {
              tally.bytesOut += size(held, 0, heldLength);
              watch?.span?.(true, held, 0, heldLength, undefined);
              out.keep(held, 0, heldLength);
              heldLength = 0;
            }
          } else {
            dropHeld(pending);
            settlePending();
          }
          keptUnit = true;
        }
        pass(buf, start, end);
        return;
      }
      tally.bytesIn += size(buf, start, end);
      tally.duplicates++;
      // The places in the detail are built afresh for each verdict: shared, not copied.
      const unit: RemovedUnit | undefined = explained
        ? {
            kind: 'removed',
            ordinal: position.ordinal,
            line,
            endLine,
            offset,
            length: end - start,
            bytes: Uint8Array.from(buf.subarray(start, end)),
            detail: {
              ...explained,
              fingerprint: Uint32Array.from(explained.fingerprint),
              near: explained.near && { ...explained.near },
            },
          }
        : undefined;
      if (paragraphs && keptUnit) {
        dropHeld(unit); // the separator before it
        watch?.span?.(false, buf, start, end, unit);
        if (unit) watch?.removed?.(unit);
        return;
      }
      if (paragraphs) {
        dropHeld(pending); // the separator after the previous removed paragraph
        settlePending();
        watch?.span?.(false, buf, start, end, unit);
        pending = unit;
        return;
      }
      watch?.span?.(false, buf, start, end, unit);
      if (unit) watch?.removed?.(unit);
    },
    window(buf) {
      return out.window(buf);
    },
    restart(next) {
      ({ judge, out, tally, watch, diskLength } = next);
      explained = watch !== undefined ? judge.detail : undefined;
      position.source = next.source;
      position.ordinal = next.ordinalsBefore ?? 0;
      position.line = position.offset = position.length = 0;
      seenUnit = keptUnit = false;
      heldLength = heldOffset = 0;
      pending = undefined;
    },
    finish() {
      settlePending();
      if (heldLength > 0) {
        tally.bytesOut += size(held, 0, heldLength);
        watch?.span?.(true, held, 0, heldLength, undefined);
        out.keep(held, 0, heldLength);
        heldLength = 0;
      }
      watch?.end?.();
    },
  };
}
