// Routes split events to the output: a unit the judge calls first is kept, a repeat is dropped,
// blank lines and a BOM always pass. In paragraph mode a blank run between two paragraphs is
// written only when both sides are kept, so dropping a paragraph drops exactly one separator.
import type { SplitEvents, UnitMode } from '../split/split-units.js';
import type { Judge } from './judge.js';

export interface KeptBytes {
  keep(buf: Uint8Array, start: number, end: number): void;
  window(buf: Uint8Array): void | Promise<void>;
}

export interface DuplicateEvent {
  readonly kind: 'duplicate';
  readonly line: number;
  readonly offset: number;
  readonly length: number;
}

export interface SourceTally {
  units: number;
  duplicates: number;
  bytesIn: number;
  bytesOut: number;
}

export interface RouterOptions {
  readonly mode: UnitMode;
  readonly judge: Judge;
  readonly out: KeptBytes;
  readonly tally: SourceTally;
  readonly onDuplicate?: (event: DuplicateEvent, unit: Uint8Array) => void;
}

export interface UnitRouter extends SplitEvents {
  /** At the end of the source: the blank run after the last paragraph is the input's own tail, kept. */
  finish(): void;
}

export function createUnitRouter(options: RouterOptions): UnitRouter {
  const { judge, out, tally, onDuplicate } = options;
  const paragraphs = options.mode === 'paragraph';
  let seenUnit = false; // a paragraph (kept or not) came before: blank lines are now separators
  let keptUnit = false; // a kept paragraph came before: the held separator goes out before the next kept one
  let held = new Uint8Array(0);
  let heldLength = 0;

  const pass = (buf: Uint8Array, start: number, end: number): void => {
    tally.bytesIn += end - start;
    tally.bytesOut += end - start;
    out.keep(buf, start, end);
  };

  const hold = (buf: Uint8Array, start: number, end: number): void => {
    const need = heldLength + end - start;
    if (need > held.length) {
      const bigger = new Uint8Array(Math.max(need, held.length * 2, 64));
      bigger.set(held.subarray(0, heldLength));
      held = bigger;
    }
    held.set(buf.subarray(start, end), heldLength);
    heldLength = need;
  };

  return {
    bom: pass,
    blank(buf, start, end) {
      if (paragraphs && seenUnit) {
        tally.bytesIn += end - start;
        hold(buf, start, end);
      } else {
        pass(buf, start, end);
      }
    },
    unit(buf, start, end, keyBuf, keyStart, keyEnd, line, offset) {
      tally.units++;
      if (judge.isFirst(keyBuf, keyStart, keyEnd)) {
        if (paragraphs) {
          if (keptUnit && heldLength > 0) {
            tally.bytesOut += heldLength;
            out.keep(held, 0, heldLength);
          }
          heldLength = 0;
          keptUnit = true;
        }
        pass(buf, start, end);
      } else {
        tally.bytesIn += end - start;
        tally.duplicates++;
        heldLength = 0;
        onDuplicate?.({ kind: 'duplicate', line, offset, length: end - start }, buf.subarray(start, end));
      }
      seenUnit = true;
    },
    window(buf) {
      return out.window(buf);
    },
    finish() {
      if (heldLength > 0) {
        tally.bytesOut += heldLength;
        out.keep(held, 0, heldLength);
        heldLength = 0;
      }
    },
  };
}
