// Finds unit boundaries in a stream of bytes: lines (LF, CRLF or lone CR), paragraphs (maximal
// runs of non-blank lines) or the whole document (everything after a BOM, unless it is all blank).
// Works on a reused window buffer, or on a whole input already in memory (splitWhole: no read, no
// await), and pushes offsets, never strings; a unit cut by the end of a read is carried into the
// next one. Lossless: every input byte is handed on exactly once, as a BOM, a blank line or a unit.
// These are the entry points; the scanning itself is splitter.ts's.
import type { ByteReader } from '../input/byte-reader.js';
import { createSplitter } from './splitter.js';

export type UnitMode = 'line' | 'paragraph' | 'document';

export interface SplitEvents {
  /** A leading UTF-8 BOM: encoding metadata, never part of a unit. */
  bom(buf: Uint8Array, start: number, end: number): void;
  /** A blank line, terminator included; offset is its place in the input. */
  blank(buf: Uint8Array, start: number, end: number, offset: number): void;
  /**
   * A unit to judge. Its output bytes are buf[start, end) (terminators included); its key input is
   * keyBuf[keyStart, keyEnd): the content without terminators, lines of a paragraph joined by LF.
   */
  unit(
    buf: Uint8Array,
    start: number,
    end: number,
    keyBuf: Uint8Array,
    keyStart: number,
    keyEnd: number,
    line: number,
    endLine: number,
    offset: number,
  ): void;
  /** Called before the bytes handed out so far are moved or overwritten. */
  window(buf: Uint8Array): void | Promise<void>;
}

export interface SplitOptions {
  readonly mode: UnitMode;
  /** Initial window size; it doubles while a single unit does not fit. */
  readonly bufferSize: number;
  /** Buffers reused from one source to the next: many small files must not mean many big allocations. */
  readonly scratch?: SplitScratch;
}

export interface SplitScratch {
  window?: Buffer;
  key?: Uint8Array;
}

export async function splitUnits(reader: ByteReader, options: SplitOptions, events: SplitEvents): Promise<void> {
  const split = createSplitter(options, events);
  for (;;) {
    const buf = split.room();
    const n = await reader.read(buf, split.filled, buf.length - split.filled);
    if (!split.scan(n)) continue;
    const written = events.window(buf);
    if (written) await written;
    if (!split.compact()) return;
  }
}

/**
 * The whole input is already in input[0, length) (a small file read at once): split in one pass,
 * without a read or an await. Returns what the one window() call returned.
 */
export function splitWhole(
  input: Buffer,
  length: number,
  options: SplitOptions,
  events: SplitEvents,
): void | Promise<void> {
  createSplitter(options, events, input).scan(length, true);
  return events.window(input);
}

const EMPTY = Buffer.alloc(0);

/**
 * splitWhole for a run's small files one after another, into the same events: the splitter is made
 * once and begun again for each input (a folder of 20,000 files makes one, not 20,000).
 */
export function wholeSplitter(
  options: SplitOptions,
  events: SplitEvents,
): (input: Buffer, length: number) => void | Promise<void> {
  const split = createSplitter(options, events, EMPTY);
  return (input, length) => {
    split.begin(input);
    split.scan(length, true);
    return events.window(input);
  };
}
