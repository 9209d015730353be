// Units read again at the end of a run, for the summary: a kept copy that passed before anyone
// knew it would be repeated is found again in its file by its line, and checked to still have
// the key it was counted under (the file may have changed). Files that can be read again only.
import type { Source } from '../input/sources.js';
import type { EncodingName } from '../input/sniff.js';
import { openSource } from '../input/open-source.js';
import { splitUnits, type SplitEvents, type UnitMode } from '../split/split-units.js';
import type { UnitRequest } from '../report/report.js';

export interface RereadOptions {
  readonly mode: UnitMode;
  readonly bufferSize: number;
  readonly encoding?: EncodingName;
  /** The judge's fingerprint of a key input (false: it compares none). */
  fingerprintOf(src: Uint8Array, start: number, end: number, out: Uint32Array): boolean;
}

const NO_STDIN: AsyncIterable<Uint8Array> = {
  async *[Symbol.asyncIterator]() {
    /* never read */
  },
};
// Thrown to stop the splitter early once every wanted unit is found; never escapes this file.
const FOUND_ALL = new Error('found all');

/**
 * For each request whose unit is found with its key, the first maxBytes of its key input. A
 * request whose file cannot be read again (standard input, gone since) is left out.
 */
export async function readUnitsAgain(
  wanted: readonly UnitRequest[],
  maxBytes: number,
  sources: readonly Source[],
  options: RereadOptions,
): Promise<Map<UnitRequest, Uint8Array>> {
  const found = new Map<UnitRequest, Uint8Array>();
  const bySource = new Map<number, Map<number, UnitRequest[]>>();
  for (const request of wanted) {
    if (sources[request.source]?.kind !== 'file') continue;
    const lines = bySource.get(request.source) ?? new Map<number, UnitRequest[]>();
    lines.set(request.line, [...(lines.get(request.line) ?? []), request]);
    bySource.set(request.source, lines);
  }
  for (const [index, lines] of bySource) {
    await readLines(sources[index] as Extract<Source, { kind: 'file' }>, lines, maxBytes, options, found).catch(() => {
      /* not found */
    });
  }
  return found;
}

async function readLines(
  source: Extract<Source, { kind: 'file' }>,
  lines: Map<number, UnitRequest[]>,
  maxBytes: number,
  options: RereadOptions,
  found: Map<UnitRequest, Uint8Array>,
): Promise<void> {
  const opened = await openSource(source, NO_STDIN, options.encoding);
  if (opened.kind !== 'text') return;
  let left = lines.size;
  const fp = new Uint32Array(4);
  const events: SplitEvents = {
    bom() {},
    blank() {},
    unit(_buf, _start, _end, keyBuf, keyStart, keyEnd, line) {
      const requests = lines.get(line);
      if (!requests) return;
      const keyed = options.fingerprintOf(keyBuf, keyStart, keyEnd, fp);
      const text = Uint8Array.from(keyBuf.subarray(keyStart, Math.min(keyEnd, keyStart + maxBytes)));
      for (const request of requests) {
        const f = request.fingerprint;
        if (!f || (keyed && fp[0] === f[0] && fp[1] === f[1] && fp[2] === f[2] && fp[3] === f[3]))
          found.set(request, text);
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
