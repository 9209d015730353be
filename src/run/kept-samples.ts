// The summary shows each repeated unit with its kept copy's own text. When no other copy had the
// kept copy's exact bytes, the judge holds only another spelling: for the few rows shown, the
// kept copy is read again from its file at the end of the run (files that can be read again only).
import type { Repeated } from '../engine/judge.js';
import type { Source } from '../input/sources.js';
import type { EncodingName } from '../input/sniff.js';
import { openSource } from '../input/open-source.js';
import { splitUnits, type SplitEvents, type UnitMode } from '../split/split-units.js';

export interface RereadOptions {
  readonly mode: UnitMode;
  readonly bufferSize: number;
  readonly encoding?: EncodingName;
  /** The same number of bytes as the judge's samples. */
  readonly sampleBytes: number;
  /** The judge's hash64, to check that the unit read is the kept copy (the file may have changed). */
  hash64(bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number): void;
}

const NO_STDIN: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() { /* never read */ } };
const FOUND_ALL = Symbol('found all');

/**
 * Replaces, in place, each row's stand-in sample with its kept copy's text where that copy's file
 * can be read again. A row whose file cannot (standard input, a file rewritten in place, gone
 * since) keeps its stand-in, which the summary labels with where it is from.
 */
export async function readKeptSamples(rows: Repeated[], sources: readonly Source[], options: RereadOptions): Promise<void> {
  const bySource = new Map<number, Map<number, Repeated[]>>();
  for (const row of rows) {
    if (!row.sampleAt || sources[row.keptSource]?.kind !== 'file') continue;
    const lines = bySource.get(row.keptSource) ?? new Map<number, Repeated[]>();
    lines.set(row.keptLine, [...(lines.get(row.keptLine) ?? []), row]);
    bySource.set(row.keptSource, lines);
  }
  for (const [index, lines] of bySource) {
    await readLines(sources[index] as Extract<Source, { kind: 'file' }>, lines, options).catch(() => { /* the stand-in stays */ });
  }
}

async function readLines(source: Extract<Source, { kind: 'file' }>, lines: Map<number, Repeated[]>, options: RereadOptions): Promise<void> {
  const opened = await openSource(source, NO_STDIN, options.encoding);
  if (opened.kind !== 'text') return;
  let left = lines.size;
  const raw = new Uint32Array(2);
  const events: SplitEvents = {
    bom() {},
    blank() {},
    // The judge sampled the key's input (a line without its terminator, a paragraph's lines
    // joined): the same bytes are taken here.
    unit(_buf, _start, _end, keyBuf, keyStart, keyEnd, line) {
      const rows = lines.get(line);
      if (!rows) return;
      options.hash64(keyBuf, keyStart, keyEnd, raw, 0);
      const text = Uint8Array.from(keyBuf.subarray(keyStart, Math.min(keyEnd, keyStart + options.sampleBytes)));
      for (const row of rows) {
        if (raw[0] !== row.keptHash[0] || raw[1] !== row.keptHash[1]) continue;
        row.sample = text;
        row.sampleAt = undefined;
      }
      if (--left === 0) throw FOUND_ALL;
    },
    window: () => {},
  };
  try {
    await splitUnits(opened.reader, { mode: options.mode, bufferSize: options.bufferSize, scratch: {} }, events);
  } catch (error) {
    if (error !== FOUND_ALL) throw error;
  } finally {
    opened.reader.close();
  }
}
