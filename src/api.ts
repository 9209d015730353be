// The library's public surface, exported as the package's main entry with types: the same engine
// and options as the CLI, for code that cleans text without spawning a process. Nothing here
// prints, reads the environment or exits; problems are thrown as typed errors.
import { createKeyer } from './key/index.js';
import { DedupeOptionsError, encodeWellFormed, planForText, type DedupeOptions } from './api/options.js';
import { keyInputOf } from './split/key-input.js';
import type { DedupeRun } from './run/run-options.js';
import { runInMemory } from './api/run-memory.js';
import type { RemovedUnit, Totals } from './api/removed.js';

export { createDeduper, type Deduper, type DeduperOptions } from './api/deduper.js';
export { dedupeStream } from './api/stream.js';
export { dedupeFiles, type DedupeEvent, type DedupeFilesOptions, type DedupeFilesResult } from './api/files.js';
export { DedupeOptionsError, type DedupeOptions, type FilesOptions, type FilesOutput } from './api/options.js';
export { DedupeInputError } from './api/run-memory.js';
export type { KeptCopy, RemovedUnit, Totals } from './api/removed.js';

export interface BytesResult {
  /** The input minus the removed units, byte for byte. */
  readonly bytes: Uint8Array;
  readonly removed: RemovedUnit[];
  readonly totals: Totals;
  readonly warnings: readonly string[];
}

export interface TextResult {
  readonly text: string;
  readonly removed: RemovedUnit[];
  readonly totals: Totals;
  readonly warnings: readonly string[];
}

/** Deduplicates bytes in any supported encoding; the result is the input minus whole units. */
export async function dedupeBytes(bytes: Uint8Array, options: DedupeOptions = {}): Promise<BytesResult> {
  if (!(bytes instanceof Uint8Array))
    throw new DedupeOptionsError('dedupeBytes: expected a Uint8Array (for a string, use dedupeText)');
  return bytesRun(bytes, planForText(options, 'dedupeBytes'));
}

async function bytesRun(bytes: Uint8Array, plan: DedupeRun): Promise<BytesResult> {
  const chunks: Uint8Array[] = [];
  const input = (async function* () {
    if (bytes.length > 0) yield bytes;
  })();
  const run = await runInMemory(
    plan,
    input,
    (chunk) => {
      chunks.push(chunk);
    },
    true,
  );
  return { bytes: Buffer.concat(chunks), removed: run.removed, totals: run.totals, warnings: run.warnings };
}

/** Deduplicates a string (handled as UTF-8). */
export async function dedupeText(text: string, options: DedupeOptions = {}): Promise<TextResult> {
  if (typeof text !== 'string') throw new DedupeOptionsError('dedupeText: expected a string');
  const plan = planForText(options, 'dedupeText');
  const result = await bytesRun(encodeWellFormed(text, 'dedupeText'), plan);
  return {
    text: Buffer.from(result.bytes).toString('utf8'),
    removed: result.removed,
    totals: result.totals,
    warnings: result.warnings,
  };
}

const decoder = new TextDecoder();

/** The comparison key of one unit, as `dedupe key` prints it (a paragraph's lines joined by LF). */
export function comparisonKey(text: string, options: Pick<DedupeOptions, 'key' | 'fold' | 'noFold'> = {}): string {
  if (typeof text !== 'string') throw new DedupeOptionsError('comparisonKey: expected a string');
  const keyer = createKeyer(planForText(options, 'comparisonKey', ['key', 'fold', 'noFold']).keySpec);
  // The key of the unit as a run reads it: no final line ending, a paragraph's lines joined by LF.
  const given = encodeWellFormed(text, 'comparisonKey');
  const bytes = keyInputOf(given, given.length);
  const length = keyer.fold(bytes, 0, bytes.length);
  return decoder.decode(keyer.out.subarray(0, length));
}
