// Cuts a JSON Lines input into records, and each record's field text into units: every line is a
// record; a blank line, or one that is not a record with the field as a string, is handed on as it
// is (with the reason when it is broken). It never decides what is removed and never writes.
import { memoryReader, type ByteReader } from '../input/byte-reader.js';
import { splitUnits, type SplitEvents, type SplitScratch, type UnitMode } from '../split/split-units.js';
import { readRecordField, type FieldPath } from './jsonl-record.js';

/** How records are read: the field whose text is deduplicated, and the field that names a record. */
export interface RecordFormat {
  readonly kind: 'jsonl';
  readonly field: FieldPath;
  readonly idField?: FieldPath;
}

export interface FieldRecord {
  /** The record's line in its input (1-based). */
  readonly line: number;
  /** The record's line, terminator included, as buf[start, end): valid until the next window. */
  readonly buf: Buffer;
  readonly start: number;
  readonly end: number;
  /** The field's string literal, quotes included, within buf. */
  readonly literalStart: number;
  readonly literalEnd: number;
  /** The field's text as UTF-8 (maybe a view of buf: valid as long as the record's line). */
  readonly text: Buffer;
  readonly id?: string;
}

export interface RecordEvents {
  /** A line handed on as it is: a BOM or blank line (reason undefined), or a broken record. */
  other(buf: Buffer, start: number, end: number, line: number, reason: string | undefined): void;
  /** When given: a first split of each record's field, before begin (keep last's counting, per record). */
  count?(record: FieldRecord): SplitEvents;
  /** A record: the events its field's units go to (their lines counted inside the field). */
  begin(record: FieldRecord): SplitEvents;
  /** The record's field has been split to its end. */
  end(record: FieldRecord): void;
  /** Before the input's bytes handed on so far are moved or overwritten. */
  window(buf: Uint8Array): void | Promise<void>;
}

export interface RecordSplitOptions {
  readonly format: RecordFormat;
  readonly mode: UnitMode;
  readonly bufferSize: number;
  /** Buffers for the input's lines, and for the field texts (split inside a line's window). */
  readonly scratch: SplitScratch;
  readonly fieldScratch: SplitScratch;
}

type Pending =
  | { kind: 'other'; start: number; end: number; line: number }
  | { kind: 'record'; start: number; contentEnd: number; end: number; line: number };

export async function splitRecords(
  reader: ByteReader,
  options: RecordSplitOptions,
  events: RecordEvents,
): Promise<void> {
  const { format } = options;
  // Lines are queued as the splitter finds them and handled before its window moves: a field's
  // own split is asynchronous, and the line splitter's callbacks are not.
  const pending: Pending[] = [];
  const fieldOptions = { mode: options.mode, bufferSize: options.bufferSize, scratch: options.fieldScratch };
  const lines: SplitEvents = {
    bom(_buf, start, end) {
      pending.push({ kind: 'other', start, end, line: 1 });
    },
    blank(_buf, start, end, _offset) {
      pending.push({ kind: 'other', start, end, line: 0 });
    },
    unit(_buf, start, end, _key, _keyStart, keyEnd, line) {
      pending.push({ kind: 'record', start, contentEnd: keyEnd, end, line });
    },
    async window(buf) {
      const lineBuf = buf as Buffer;
      for (const p of pending) {
        if (p.kind === 'other') {
          events.other(lineBuf, p.start, p.end, p.line, undefined);
          continue;
        }
        const found = readRecordField(lineBuf, p.start, p.contentEnd, format.field, format.idField);
        if (found.kind === 'broken') {
          events.other(lineBuf, p.start, p.end, p.line, found.reason);
          continue;
        }
        const record: FieldRecord = {
          line: p.line,
          buf: lineBuf,
          start: p.start,
          end: p.end,
          literalStart: found.literalStart,
          literalEnd: found.literalEnd,
          text: fieldBytes(lineBuf, found.literalStart, found.literalEnd, found.text),
          id: found.id,
        };
        if (events.count) await splitUnits(memoryReader(record.text), fieldOptions, events.count(record));
        await splitUnits(memoryReader(record.text), fieldOptions, events.begin(record));
        events.end(record);
      }
      pending.length = 0;
      await events.window(buf);
    },
  };
  await splitUnits(reader, { mode: 'line', bufferSize: options.bufferSize, scratch: options.scratch }, lines);
}

// A literal without escapes holds the text's own UTF-8 bytes (the line is valid UTF-8): no encoding.
function fieldBytes(line: Buffer, literalStart: number, literalEnd: number, text: string): Buffer {
  const inside = line.subarray(literalStart + 1, literalEnd - 1);
  return inside.includes(0x5c) ? Buffer.from(text, 'utf8') : inside;
}

/** Key passes (counting, marking): a record's units are placed at the record's line. */
export function recordKeyEvents(inner: SplitEvents, onRecord?: (record: FieldRecord) => void): RecordEvents {
  let recordLine = 0;
  const field: SplitEvents = {
    bom() {},
    blank() {},
    unit(buf, start, end, key, keyStart, keyEnd, _line, _endLine, offset) {
      inner.unit(buf, start, end, key, keyStart, keyEnd, recordLine, recordLine, offset);
    },
    window() {},
  };
  return {
    other() {},
    begin(record) {
      recordLine = record.line;
      onRecord?.(record);
      return field;
    },
    end() {},
    window: (buf) => inner.window(buf),
  };
}
