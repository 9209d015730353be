// What each fold step does, as a plain string -> string function: the single definition of the
// key. The string path runs these in order; the byte tables of the fast path are computed by
// running these same functions on each character, so the two paths cannot drift apart.
import type { StepName } from './key-spec.js';

export interface Step {
  readonly name: StepName;
  /** One phrase for --help. */
  readonly summary: string;
  readonly apply: (text: string) => string;
}

const INVISIBLE_MARKS = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;
const TATWEEL = /\u0640/gu;
const ARABIC_DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]/gu;
const ALEF_FORMS = /[\u0622\u0623\u0625\u0671\u0672\u0673]/gu;
// NFKC turns U+0675 (high hamza alef) into alef + U+0674; the lone high hamza carries nothing.
const HIGH_HAMZA = /\u0674/gu;
const HAMZA_SEATS = /[\u0624\u0626]/gu;
const ARABIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/gu;
// Only runs that are not already a single plain space: replacing every word gap with an
// identical space would make this the slowest step.
const WHITESPACE_TO_COLLAPSE = /[\p{White_Space}--[ ]]\p{White_Space}*| \p{White_Space}+/gv;
// Lowercase ASCII is the common case and never changes, so it stays out of the callback.
const CASED = /[\p{Changes_When_Casemapped}--[a-z]]/gv;
const PUNCTUATION_OR_SYMBOL = /[\p{P}\p{S}]/gu;
const ANY_DIGIT = /\p{Nd}/gu;

const YEH_AND_PERSIAN_KEYBOARD: Readonly<Record<string, string>> = {
  '\u0649': '\u064A', // ى alef maksura -> ي
  '\u06CC': '\u064A', // ی Farsi yeh -> ي
  '\u06A9': '\u0643', // ک keheh -> ك
  '\u06C0': '\u0647', // ۀ heh with yeh above -> ه
  '\u06C1': '\u0647', // ہ heh goal -> ه
};
const PERSIAN_KEYBOARD_LETTERS = /[\u0649\u06CC\u06A9\u06C0\u06C1]/gu;

const LATIN_TWIN: Readonly<Record<string, string>> = {
  '\u060C': ',', // ، comma
  '\u061B': ';', // ؛ semicolon
  '\u061F': '?', // ؟ question mark
  '\u066A': '%', // ٪ percent
  '\u066B': '.', // ٫ decimal separator
  '\u066C': ',', // ٬ thousands separator
  '\u06D4': '.', // ۔ full stop
};
const ARABIC_PUNCTUATION = /[\u060C\u061B\u061F\u066A\u066B\u066C\u06D4]/gu;

export const applyNfkc = (text: string): string => text.normalize('NFKC');
export const stripInvisibleMarks = (text: string): string => text.replace(INVISIBLE_MARKS, '');
export const stripTatweel = (text: string): string => text.replace(TATWEEL, '');
export const stripDiacritics = (text: string): string => text.replace(ARABIC_DIACRITICS, '');
export const unifyAlef = (text: string): string => text.replace(ALEF_FORMS, '\u0627').replace(HIGH_HAMZA, '');
export const unifyHamzaSeats = (text: string): string => text.replace(HAMZA_SEATS, '\u0621');
export const unifyYehAndPersianLetters = (text: string): string =>
  text.replace(PERSIAN_KEYBOARD_LETTERS, (ch) => YEH_AND_PERSIAN_KEYBOARD[ch]);
export const tehMarbutaToHeh = (text: string): string => text.replace(/\u0629/gu, '\u0647');
export const arabicDigitsToAscii = (text: string): string =>
  text.replace(ARABIC_DIGITS, (ch) => {
    const code = ch.charCodeAt(0);
    return String.fromCharCode(0x30 + code - (code >= 0x06f0 ? 0x06f0 : 0x0660));
  });
export const arabicPunctuationToLatin = (text: string): string =>
  text.replace(ARABIC_PUNCTUATION, (ch) => LATIN_TWIN[ch]);
// Per character, never per word: toLowerCase() on a whole string picks final sigma by context,
// which a deletion elsewhere could flip. Upper-then-lower reaches case folding's ß = ss, ς = σ.
export const foldCase = (text: string): string => text.replace(CASED, (ch) => ch.toUpperCase().toLowerCase());
export const stripPunctuationAndSymbols = (text: string): string => text.replace(PUNCTUATION_OR_SYMBOL, '');
export const digitsToZero = (text: string): string => text.replace(ANY_DIGIT, '0');
export const collapseWhitespace = (text: string): string => {
  const collapsed = text.replace(WHITESPACE_TO_COLLAPSE, ' ');
  const from = collapsed.startsWith(' ') ? 1 : 0;
  const to = collapsed.length > from && collapsed.endsWith(' ') ? collapsed.length - 1 : collapsed.length;
  return collapsed.slice(from, to);
};

export const STEPS: Readonly<Record<StepName, Step>> = {
  nfkc: {
    name: 'nfkc',
    summary: 'Unicode NFKC: presentation forms, lam-alef ligatures, odd spaces, decomposed hamza',
    apply: applyNfkc,
  },
  invisible: {
    name: 'invisible',
    summary: 'delete invisible and bidi marks (ZWSP, ZWNJ, LRM/RLM, BOM, soft hyphen...)',
    apply: stripInvisibleMarks,
  },
  tatweel: { name: 'tatweel', summary: 'delete tatweel (kashida) ـ', apply: stripTatweel },
  diacritics: {
    name: 'diacritics',
    summary: 'delete harakat, shadda, superscript alef and Quranic marks',
    apply: stripDiacritics,
  },
  alef: { name: 'alef', summary: 'أ إ آ ٱ ٲ ٳ to ا', apply: unifyAlef },
  hamza: { name: 'hamza', summary: 'hamza seats ؤ ئ to ء (مسؤول = مسئول)', apply: unifyHamzaSeats },
  yeh: { name: 'yeh', summary: 'ى and Farsi ی to ي; keheh ک to ك; ۀ ہ to ه', apply: unifyYehAndPersianLetters },
  'teh-marbuta': { name: 'teh-marbuta', summary: 'ة to ه', apply: tehMarbutaToHeh },
  digits: { name: 'digits', summary: 'Arabic-Indic digits ٠-٩ ۰-۹ to 0-9', apply: arabicDigitsToAscii },
  punctuation: {
    name: 'punctuation',
    summary: 'Arabic punctuation ، ؛ ؟ ٪ ٫ ٬ ۔ to , ; ? % . , .',
    apply: arabicPunctuationToLatin,
  },
  case: { name: 'case', summary: 'Unicode case folding (A = a, ß = ss)', apply: foldCase },
  'strip-punctuation': {
    name: 'strip-punctuation',
    summary: 'delete all punctuation and symbols',
    apply: stripPunctuationAndSymbols,
  },
  'digits-zero': {
    name: 'digits-zero',
    summary: 'every digit to 0 (dates and counts stop mattering)',
    apply: digitsToZero,
  },
  whitespace: {
    name: 'whitespace',
    summary: 'collapse whitespace runs (tabs, NBSP, line breaks) to one space; trim',
    apply: collapseWhitespace,
  },
};
