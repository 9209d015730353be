// Near mode's part of a run's setup, loaded only by --near runs: its shipped data files checked
// before anything is written, the text it re-reads kept paragraphs from, the paragraphs earlier
// runs kept (with an index), and a matcher maker (a scope that starts again gets a new matcher).
import { createKeyer } from '../key/index.js';
import { describeIoError } from '../input/io-error.js';
import type { Fingerprinter } from '../hash/fingerprint.js';
import type { Source } from '../input/sources.js';
import { createNearMatcher, type NearMatcher } from '../near/near-matcher.js';
import { NEAR_SHAPE } from '../near/near-shape.js';
import { shippedDfTable } from '../near/df-table.js';
import { shippedKeyCodec } from '../near/key-codec.js';
import { createRunNearText, type RunNearText } from './near-text.js';
import type { IndexSession } from './index-session.js';
import type { DedupeRun } from './run-options.js';
import type { OnEvent } from './run-events.js';

/**
 * The data files ship with dedupe: a copy without them is refused once, at the start (before the
 * index is opened, so no new index is left behind), not blamed on the input whose paragraph first
 * needed them. Returns the refusal, if any.
 */
export function nearDataRefusal(withIndex: boolean): string | undefined {
  try {
    shippedDfTable();
    if (withIndex) shippedKeyCodec();
    return undefined;
  } catch (error) {
    const file = error instanceof Error && 'path' in error ? ` ${String(error.path)}` : '';
    return `--near: cannot read its data file${file}: ${describeIoError(error)} (the installation is incomplete)`;
  }
}

export interface NearSetup {
  readonly nearText: RunNearText;
  newMatcher(): NearMatcher;
}

export async function setUpNear(
  dedupe: DedupeRun & { near: NonNullable<DedupeRun['near']> },
  sources: readonly Source[],
  fingerprinter: Fingerprinter,
  index: IndexSession | undefined,
  emit: OnEvent,
): Promise<NearSetup> {
  const nearText = createRunNearText(
    sources,
    createKeyer(dedupe.keySpec),
    (key, length, out) => fingerprinter.fingerprint(key, length, out),
    dedupe.output.kind === 'in-place',
    dedupe.scope === 'file',
  );
  // With an index, the paragraphs earlier runs kept join the matcher, and this run's join the index.
  const archive =
    index && dedupe.index
      ? (await import('./near-archive-setup.js')).openNearArchive(
          index,
          dedupe.index,
          dedupe.near.score,
          dedupe.keySpec.version,
        )
      : undefined;
  // Notices about what earlier runs left in the index say nothing of one this run just made.
  if (index && dedupe.index && !index.created)
    for (const message of archive?.notices ?? []) emit({ kind: 'notice', label: dedupe.index.path, message });
  return {
    nearText,
    newMatcher: () => createNearMatcher({ ...dedupe.near, shape: NEAR_SHAPE, df: shippedDfTable }, nearText, archive),
  };
}
