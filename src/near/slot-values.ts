// The slot values of a key for near/3's slot veto: its numbers (as integers, so 05 = 5; a decimal,
// time or date written with . , : / is one value) and its weekday, month and ordinal names (the
// template rule's lists, prefixes stripped). Two copies that each have slot values the other lacks
// tell another occasion, not an edit. The word lists stay defined once, in template-rule.ts.
import { MONTHS, ORDINAL_STEMS, PREFIXES, WEEKDAYS, slotForm } from './template-rule.js';

const NAMED = new Set<string>([...MONTHS, ...WEEKDAYS, ...ORDINAL_STEMS, ...ORDINAL_STEMS.map((s) => `ال${s}`)]);
const TOKEN = /\p{Nd}+(?:[.,:/٫٬]\p{Nd}+)*|[\p{L}\p{M}]+/gu;
const DIGIT = /\p{Nd}/u;

/** The named slot a word is (a weekday, month or ordinal, prefix stripped), or undefined. */
export function namedSlot(word: string): string | undefined {
  const w = slotForm(word);
  if (NAMED.has(w)) return w.startsWith('ال') && NAMED.has(w.slice(2)) ? w.slice(2) : w;
  for (const p of PREFIXES) if (w.startsWith(p) && NAMED.has(w.slice(p.length))) return namedSlot(w.slice(p.length));
  return undefined;
}

/** Each slot value with how many times it occurs: "round 1 of the first league" holds "first" twice. */
export interface SlotValues {
  readonly numbers: Map<string, number>;
  readonly named: Map<string, number>;
}

/** The slot values of a key, counted. */
export function slotValues(key: string): SlotValues {
  const numbers = new Map<string, number>();
  const named = new Map<string, number>();
  const add = (m: Map<string, number>, v: string): void => {
    m.set(v, (m.get(v) ?? 0) + 1);
  };
  for (const [token] of key.matchAll(TOKEN)) {
    if (DIGIT.test(token[0])) add(numbers, numberValue(token));
    else {
      const name = namedSlot(token);
      if (name !== undefined) add(named, name);
    }
  }
  return { numbers, named };
}

// Each group of digits as an integer (any script's decimal digits), separators kept.
function numberValue(token: string): string {
  return token
    .replace(/\p{Nd}/gu, (d) => String(digitValue(d)))
    .replace(/٫/gu, '.')
    .replace(/٬/gu, ',')
    .replace(/(^|[^0-9])0+(?=[0-9])/gu, '$1');
}

function digitValue(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  for (const zero of [0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xff10]) if (cp >= zero && cp <= zero + 9) return cp - zero;
  return 0;
}

export interface SlotDifference {
  /** Slot values (numbers and names) only the kept copy has, and only the removed one has. */
  readonly keptOnly: number;
  readonly removedOnly: number;
  /** Of those, the named ones (weekday, month, ordinal). */
  readonly namedKeptOnly: number;
  readonly namedRemovedOnly: number;
  /** Occurrences of slot values (numbers too, counted) the removed copy has beyond the kept one's. */
  readonly removedExtra: number;
}

export function slotDifference(kept: SlotValues, removed: SlotValues): SlotDifference {
  // Names count by occurrence ("round 1 of the first league" vs "round 3 of the first league"
  // holds "first" once more), numbers by value: a list repeats its scores and counts at will.
  const only = (a: Map<string, number>, b: Map<string, number>, counted: boolean): number => {
    let n = 0;
    for (const [v, count] of a) n += counted ? Math.max(0, count - (b.get(v) ?? 0)) : b.has(v) ? 0 : 1;
    return n;
  };
  const namedKeptOnly = only(kept.named, removed.named, true);
  const namedRemovedOnly = only(removed.named, kept.named, true);
  return {
    removedExtra: only(removed.numbers, kept.numbers, true) + namedRemovedOnly,
    keptOnly: only(kept.numbers, removed.numbers, false) + namedKeptOnly,
    removedOnly: only(removed.numbers, kept.numbers, false) + namedRemovedOnly,
    namedKeptOnly,
    namedRemovedOnly,
  };
}
