// What a removed paragraph says that its kept copy does not: its words absent from the kept key
// that are not spellings of a kept word (a prefix such as و or ال, or one letter, apart). near/3
// removes a paragraph only when it adds almost nothing: few such words, and none of them rare
// (a rare word is a name, a place, a new fact). The IDF comes from the DF table (df-table.ts).
import { PREFIXES } from './template-rule.js';
import { wordHash } from './df-table.js';
import { namedSlot } from './slot-values.js';

/** The distinct words of a key (runs of letters, marks and digits), in order of first occurrence. */
export function keyWords(key: string): readonly string[] {
  return [...new Set(key.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [])];
}

export interface AddedWords {
  /** Words of the removed key that the kept key lacks, spellings of kept words aside. */
  readonly count: number;
  /** The highest IDF among them (0 when there are none). */
  readonly rarest: number;
  /**
   * Kept words in another form: another person or tense of a verb (يعلن / أعلن), another pronoun
   * (بخصوصه / بخصوصهما). One letter apart, yet "was announced" or "the two of them" is a new fact.
   */
  readonly forms: number;
}

export function addedWords(
  kept: readonly string[],
  removed: readonly string[],
  wordIdf: (hash: number) => number,
): AddedWords {
  const keptSet = new Set(kept);
  const keptStems = kept.map(stem);
  let count = 0,
    rarest = 0,
    forms = 0;
  for (const word of removed) {
    // Numbers, weekdays, months and ordinals are slot values, counted by slot-values.ts.
    if (keptSet.has(word) || /\p{Nd}/u.test(word) || namedSlot(word) !== undefined) continue;
    const s = stem(word);
    if (keptStems.some((k) => otherForm(s, k))) forms++;
    else if (keptStems.some((k) => withinOneEdit(s, k))) continue;
    else {
      count++;
      rarest = Math.max(rarest, wordIdf(wordHash(word)));
    }
  }
  return { count, rarest, forms };
}

// The imperfect's person prefixes and the attached pronouns, after the key's folding (أ -> ا).
const PERSON_PREFIXES = new Set(['ي', 'ت', 'ن', 'ا']);
const PRONOUNS = ['هما', 'هم', 'هن', 'ها', 'ه', 'كم', 'ك', 'نا'];

function otherForm(a: string, b: string): boolean {
  if (a === b) return false;
  const x = [...a],
    y = [...b];
  if (x.length === y.length && x.length >= 3 && x.slice(1).join('') === y.slice(1).join(''))
    return PERSON_PREFIXES.has(x[0]) && PERSON_PREFIXES.has(y[0]);
  const bare = (w: string): string => {
    for (const p of PRONOUNS) if (w.endsWith(p) && [...w].length - [...p].length >= 3) return w.slice(0, -p.length);
    return w;
  };
  return bare(a) === bare(b);
}

// A leading clitic (و ف ب ل ال and their compounds) stripped while three letters remain: "ويأتي"
// and "يأتي" are one word to a reader.
const CLITICS = [...PREFIXES, 'ال'].sort((a, b) => b.length - a.length);

function stem(word: string): string {
  for (const p of CLITICS) if (word.startsWith(p) && [...word].length - [...p].length >= 3) return word.slice(p.length);
  return word;
}

// One code point inserted, deleted or replaced: a typo or a spelling variant, not another word.
// Words of three letters or fewer must match exactly: one letter is most of them.
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const x = [...a],
    y = [...b];
  if (Math.min(x.length, y.length) <= 3 || Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const rest = (p: string[], q: string[]): boolean => p.join('') === q.join('');
  return rest(x.slice(i + 1), y.slice(i + 1)) || rest(x.slice(i), y.slice(i + 1)) || rest(x.slice(i + 1), y.slice(i));
}
