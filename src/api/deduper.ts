// The seen-set alone, for callers who cut their own units: the run's key, fingerprint, table and
// minimums, with no cap on how many units it remembers, and nothing written anywhere.
import { createKeyer } from '../key/index.js';
import { createFingerprinter } from '../hash/fingerprint.js';
import { createSeenTable } from '../seen/seen-table.js';
import { createJudge } from '../engine/judge.js';
import { DedupeOptionsError, encodeWellFormed, planForText, type DedupeOptions } from './options.js';
import { keyInputOf } from '../split/key-input.js';

export interface Deduper {
  /** True the first time a unit's key is met (it is now remembered); false for a repeat. */
  isNew(unit: string | Uint8Array): boolean;
  /** Distinct keys remembered so far. */
  readonly size: number;
}

export type DeduperOptions = Pick<DedupeOptions, 'key' | 'fold' | 'noFold' | 'minChars' | 'minWords'>;
const DEDUPER_OPTIONS: readonly (keyof DeduperOptions)[] = ['key', 'fold', 'noFold', 'minChars', 'minWords'];

export async function createDeduper(options: DeduperOptions = {}): Promise<Deduper> {
  const plan = planForText(options, 'createDeduper', DEDUPER_OPTIONS);
  const seen = createSeenTable();
  const judge = createJudge(createKeyer(plan.keySpec), await createFingerprinter(), () => seen, {
    policy: 'first',
    track: false,
    minChars: plan.minChars,
    minWords: plan.minWords,
  });
  const position = { source: 0, ordinal: 0, line: 0 };
  return {
    isNew(unit) {
      if (typeof unit !== 'string' && !(unit instanceof Uint8Array))
        throw new DedupeOptionsError('isNew: expected a string or a Uint8Array');
      // Compared as a run compares units: without a final line ending, a paragraph's lines joined by LF.
      const given = typeof unit === 'string' ? encodeWellFormed(unit, 'isNew') : unit;
      const bytes = keyInputOf(given, given.length);
      position.ordinal++;
      return judge.decide(bytes, 0, bytes.length, position);
    },
    get size() {
      return seen.size;
    },
  };
}
