// Near copies for the benchmark corpus: a later line that drops a word, spells one word another way
// (one letter apart) or is cut short, the edits near/3 removes because they add nothing. Rewrites
// the plain spelling of a line as arabic-text.ts writes it; never touches its first (serial) word.
import { isSlotWord } from '../src/near/template-rule.js';
import type { Scratch } from './arabic-text.js';
import type { Rng } from './prng.js';

export type NearEdit = 'drop' | 'respell' | 'cut';
const EDITS: readonly NearEdit[] = ['drop', 'respell', 'cut'];

// Only lines at least this long (code points, after the edit) become near copies: well above
// --near-min-chars (80), and long enough that one edit leaves a 5-gram Jaccard of about 0.83 or
// more, where the 20 x 3 LSH misses a pair about once in 10^7. The count the scenario checks
// then holds exactly, not on average.
export const NEAR_COPY_MIN_CHARS = 110;

const SPACE = 0x20;
const LF = 0x0a;
const FULL_STOP = 0x2e;
const ARABIC_COMMA = 0x060c;
const ALEF = 0x0627;
const LAM = 0x0644;
// near/3 strips a leading و ف ب ل (or a compound of them) before it compares spellings: a word
// starting with one of those could lose a different prefix once respelled.
const CLITIC_STARTS = new Set([0x0648, 0x0641, 0x0628, 0x0644]);
// Replacement letters: none of them can start or end an attached pronoun (ه ك ن ا م ي ت) or
// join a clitic, so the respelled word reads as a typo of the kept one, not another form of it.
const RESPELL_LETTERS = [...'بدرسعفقجحخزشصضطظغذث'].map((c) => c.codePointAt(0)!);

interface Word {
  letters: number[];
  /** A comma or full stop written after the word, or 0. */
  mark: number;
}

/**
 * Rewrites the line in out.bytes[start, out.length) (one line ended by LF) as a near copy of
 * itself, choosing the edit with `rng`. Returns false, leaving `out` as it was, when the line is
 * too short to make one reliably.
 */
export function makeNearCopy(out: Scratch, start: number, rng: Rng): boolean {
  const words = parseWords(out.bytes, start, out.length);
  if (words.length < 8) return false;
  const edit = EDITS[rng.below(EDITS.length)];
  if (edit === 'drop' || (edit === 'respell' && !respell(words, rng))) {
    // Neither the serial nor the last word, nor a word that reads as a slot value.
    const at = 1 + rng.below(words.length - 2);
    if (isSlot(words[at])) return false;
    words.splice(at, 1);
  } else if (edit === 'cut') {
    const keep = words.length - Math.max(1, Math.round(words.length * 0.1));
    if (words.slice(keep).some(isSlot)) return false;
    words.length = keep;
    words[keep - 1].mark = 0;
  }
  let chars = words.length - 1;
  for (const w of words) chars += w.letters.length;
  if (chars < NEAR_COPY_MIN_CHARS) return false;
  out.length = start;
  for (let i = 0; i < words.length; i++) {
    if (i > 0) put(out, SPACE);
    for (const cp of words[i].letters) put(out, cp);
    if (words[i].mark !== 0) put(out, words[i].mark);
  }
  put(out, LF);
  return true;
}

// A random word can spell a month or weekday (فاب: ف + آب, August): a copy that loses one lacks a
// slot value of the kept line, which near/3 reads as another occasion (a template), not a copy.
const isSlot = (w: Word): boolean => isSlotWord(String.fromCodePoint(...w.letters));

// One letter of a long word replaced, away from both ends: near/3 reads it as a spelling of the
// kept word (one edit apart, words of four letters or more). False when no word qualifies.
function respell(words: Word[], rng: Rng): boolean {
  const eligible: number[] = [];
  for (let i = 1; i < words.length; i++) if (respellRange(words[i].letters) !== undefined) eligible.push(i);
  if (eligible.length === 0) return false;
  const word = words[eligible[rng.below(eligible.length)]];
  const [from, to] = respellRange(word.letters)!;
  const at = from + rng.below(to - from + 1);
  const letters = [...word.letters];
  while (letters[at] === word.letters[at]) letters[at] = RESPELL_LETTERS[rng.below(RESPELL_LETTERS.length)];
  if (isSlot(word) || isSlot({ letters, mark: 0 })) return false;
  word.letters = letters;
  return true;
}

// The letters that may change: after a definite article (whose body keeps four letters or more),
// or after the first letter of a word of five or more that starts with no clitic; never the last.
function respellRange(letters: readonly number[]): [number, number] | undefined {
  const n = letters.length;
  if (letters[0] === ALEF && letters[1] === LAM) return n - 2 >= 4 ? [3, n - 2] : undefined;
  if (letters[0] === ALEF || CLITIC_STARTS.has(letters[0]) || n < 5) return undefined;
  return [1, n - 2];
}

// The generator writes only ASCII and U+0600..U+06FF (two UTF-8 bytes).
function parseWords(bytes: Uint8Array, start: number, end: number): Word[] {
  const words: Word[] = [];
  let word: Word = { letters: [], mark: 0 };
  for (let i = start; i < end;) {
    const b = bytes[i];
    const cp = b < 0x80 ? b : ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
    i += b < 0x80 ? 1 : 2;
    if (cp === SPACE || cp === LF) {
      if (word.letters.length > 0) words.push(word);
      word = { letters: [], mark: 0 };
    } else if (cp === FULL_STOP || cp === ARABIC_COMMA) {
      word.mark = cp;
    } else {
      word.letters.push(cp);
    }
  }
  return words;
}

function put(out: Scratch, cp: number): void {
  if (out.length + 2 > out.bytes.length) {
    const bigger = new Uint8Array(out.bytes.length * 2);
    bigger.set(out.bytes.subarray(0, out.length));
    out.bytes = bigger;
  }
  if (cp < 0x80) {
    out.bytes[out.length++] = cp;
  } else {
    out.bytes[out.length++] = 0xc0 | (cp >> 6);
    out.bytes[out.length++] = 0x80 | (cp & 0x3f);
  }
}
