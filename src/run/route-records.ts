// The per-source loop for JSON Lines records: each record's field text is split and judged like a
// text of its own, and the record is written back with only that field's string literal replaced
// (an unchanged record is written as it was read, byte for byte). A line that is not a record with
// the field is passed through as it is and told to the caller. Records left blank may be dropped.
import {
  createUnitRouter,
  type KeptBytes,
  type RemovedUnit,
  type RouterWatch,
  type SourceTally,
} from '../engine/unit-router.js';
import type { UnitDecider } from '../engine/decider.js';
import type { Judge } from '../engine/judge.js';
import { keyPass } from './unit-pass.js';
import type { KeptWriter } from '../output/kept-writer.js';
import type { SplitScratch, UnitMode } from '../split/split-units.js';
import { jsonStringLiteral } from '../formats/json-string.js';
import { splitRecords, type FieldRecord, type RecordFormat } from '../formats/record-split.js';
import type { TextOpened } from './route-source.js';
import { keptNothing } from './source-writers.js';

export interface RecordRouteOptions {
  readonly format: RecordFormat;
  readonly mode: UnitMode;
  readonly bufferSize: number;
  readonly scratch: SplitScratch;
  readonly fieldScratch: SplitScratch;
  readonly judge: UnitDecider;
  readonly source: number;
  readonly tally: SourceTally;
  readonly out: KeptWriter;
  readonly watch?: RouterWatch;
  /** Drop a record whose field kept nothing but blank lines (a duplicate document always is). */
  readonly dropEmpty: boolean;
  /** --scope document: called before each record, which is then judged on its own. */
  readonly newRecordScope?: () => void;
  /** --scope document under keep last or none: each record's units are counted before it is judged. */
  readonly countFirst?: Judge['count'];
  /** Ids of records met so far (--id-field), by line, for naming the copies a removal refers to. */
  readonly ids?: RecordIds;
  /** A line passed through because it is not a record with the field. */
  broken(line: number, reason: string): void;
  onWindow(write: () => Promise<void> | void, buf: Uint8Array): Promise<void> | void;
}

export interface RecordIds {
  set(source: number, line: number, id: string): void;
  get(source: number, line: number): string | undefined;
}

export function createRecordIds(): RecordIds {
  const ids = new Map<number, string>();
  const key = (source: number, line: number): number => source * 0x1_0000_0000 + line;
  return {
    set: (source, line, id) => void ids.set(key(source, line), id),
    get: (source, line) => ids.get(key(source, line)),
  };
}

export async function routeRecords(opened: TextOpened, options: RecordRouteOptions): Promise<void> {
  const { out, tally, watch, ids, source } = options;
  const kept = createCollector();
  const fieldLines: number[] = []; // per unit of the current record: its first and last line in the field
  let units = 0; // of this source's earlier records
  let current: { record: FieldRecord; tally: SourceTally; finish(): void } | undefined;
  const { countFirst } = options;
  let counted = false; // this record's scope began with its counting split

  // A diff report watches the input's own lines: a record's changes are told in those terms.
  let firstRemoved: RemovedUnit | undefined;
  const idOf = (place: { kind: string; source?: number; line?: number }): string | undefined =>
    place.kind === 'source' ? ids?.get(place.source!, place.line!) : undefined;
  const recordWatch: RouterWatch | undefined = watch && {
    kept: watch.kept?.bind(watch),
    removed(unit) {
      const at = (unit.ordinal - units - 1) * 2;
      const record = current!.record;
      const named: RemovedUnit = {
        ...unit,
        record: {
          fieldLine: fieldLines[at],
          fieldEndLine: fieldLines[at + 1],
          ...(ids ? { id: record.id, firstId: idOf(unit.detail.first), keptId: idOf(unit.detail.kept) } : {}),
        },
      };
      firstRemoved ??= named;
      watch.removed?.(named);
    },
  };

  const pass = (buf: Uint8Array, start: number, end: number): void => {
    tally.bytesIn += end - start;
    tally.bytesOut += end - start;
    watch?.span?.(true, buf, start, end, undefined);
    out.keep(buf, start, end);
  };

  await splitRecords(
    opened.reader,
    {
      format: options.format,
      mode: options.mode,
      bufferSize: options.bufferSize,
      scratch: options.scratch,
      fieldScratch: options.fieldScratch,
    },
    {
      other(buf, start, end, line, reason) {
        pass(buf, start, end);
        if (reason !== undefined) options.broken(line, reason);
      },
      count: countFirst
        ? (record) => {
            options.newRecordScope?.();
            counted = true;
            // The same ordinals and record line as the judging split that follows.
            const { events, position } = keyPass(source, countFirst, () => Promise.resolve());
            position.ordinal = units;
            return {
              ...events,
              unit: (buf, start, end, key, keyStart, keyEnd, _line, _endLine, offset) =>
                events.unit(buf, start, end, key, keyStart, keyEnd, record.line, record.line, offset),
            };
          }
        : undefined,
      begin(record) {
        if (!counted) options.newRecordScope?.();
        counted = false;
        if (ids && record.id !== undefined) ids.set(source, record.line, record.id);
        kept.reset();
        fieldLines.length = 0;
        firstRemoved = undefined;
        const recordTally: SourceTally = { units: 0, duplicates: 0, bytesIn: 0, bytesOut: 0 };
        const router = createUnitRouter({
          mode: options.mode,
          judge: options.judge,
          source,
          tally: recordTally,
          out: kept,
          watch: recordWatch,
          ordinalsBefore: units,
        });
        current = { record, tally: recordTally, finish: () => router.finish() };
        return {
          bom: router.bom,
          blank: router.blank,
          // Units are placed at the record's line: that is how the judge and the reports name them.
          unit(buf, start, end, key, keyStart, keyEnd, line, endLine, offset) {
            fieldLines.push(line, endLine);
            router.unit(buf, start, end, key, keyStart, keyEnd, record.line, record.line, offset);
          },
          window: () => undefined,
        };
      },
      end(record) {
        const { tally: recordTally, finish } = current!;
        finish();
        current = undefined;
        units += recordTally.units;
        tally.units += recordTally.units;
        tally.duplicates += recordTally.duplicates;
        if (recordTally.duplicates === 0) {
          pass(record.buf, record.start, record.end);
          return;
        }
        tally.bytesIn += record.end - record.start;
        if (keptNothing(recordTally, options.mode, options.dropEmpty)) {
          tally.dropped = (tally.dropped ?? 0) + 1;
          watch?.span?.(false, record.buf, record.start, record.end, firstRemoved);
          return;
        }
        // A fresh literal each time: the writer reads kept bytes only at the next window.
        const literal = jsonStringLiteral(kept.bytes(), 0, kept.length());
        out.keep(record.buf, record.start, record.literalStart);
        out.keep(literal, 0, literal.length);
        out.keep(record.buf, record.literalEnd, record.end);
        if (watch) {
          watch.span?.(true, record.buf, record.start, record.literalStart, undefined);
          watch.rewrite?.(record.buf.subarray(record.literalStart, record.literalEnd), literal, firstRemoved);
          watch.span?.(true, record.buf, record.literalEnd, record.end, undefined);
        }
        tally.bytesOut += record.literalStart - record.start + literal.length + record.end - record.literalEnd;
      },
      window: (buf) => options.onWindow(() => out.window(buf), buf),
    },
  );
  watch?.end?.();
}

// A record's kept field text, gathered as the router hands it on (its bytes are copied at once:
// the field's split window is reused by the next record).
function createCollector(): KeptBytes & { reset(): void; bytes(): Uint8Array; length(): number } {
  let buf = Buffer.allocUnsafe(4096);
  let used = 0;
  return {
    keep(src, start, end) {
      const need = used + end - start;
      if (need > buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(need, buf.length * 2));
        buf.copy(bigger, 0, 0, used);
        buf = bigger;
      }
      buf.set(src.subarray(start, end), used);
      used = need;
    },
    window: () => undefined,
    reset: () => void (used = 0),
    bytes: () => buf,
    length: () => used,
  };
}
