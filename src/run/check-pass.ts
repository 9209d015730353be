// A compressed file under keep first is decompressed once to nowhere before it is judged: a
// damaged or cut-off file is then found before any of its units is claimed or written, so it
// fails alone (nothing of it written, no later copy removed in favour of text never written).
// The judged reading is then held to this one's seal, like keep last's second reading.
import type { Readable } from './run-events.js';
import { yieldToEventLoop, type SourceRun } from './source-run.js';
import type { TextOpened } from './route-source.js';
import type { Seal, SealTap } from './read-seal.js';
import { canReadTwice } from '../input/spool.js';
import { describeIoError } from '../input/io-error.js';

const DRAIN = 1 << 18;
let drain: Buffer | undefined;

/** Whether a source just opened is checked first: compressed, and a file that gives its bytes again. */
export function needsCheck(source: Readable, opened: TextOpened, sealed: boolean): boolean {
  return !sealed && opened.compression !== undefined && source.kind === 'file' && canReadTwice(source.path);
}

/** Reads `opened` to its end and closes it: the reading's seal, or undefined (told as this source's error). */
export async function checkReading(
  run: SourceRun,
  source: Readable,
  opened: TextOpened,
  tap: SealTap,
): Promise<Seal | undefined> {
  try {
    drain ??= Buffer.allocUnsafe(DRAIN);
    while ((await opened.reader.read(drain, 0, DRAIN)) > 0) await yieldToEventLoop();
    return tap.seal();
  } catch (error) {
    run.problem(source.label, describeIoError(error), 'error');
    return undefined;
  } finally {
    opened.reader.close();
  }
}
