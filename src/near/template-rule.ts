// Tells templated text from edited text: two paragraphs that differ only in slots (numbers,
// month and weekday names, ordinals) are a template filled twice (a weather bulletin, a fixture
// list), each carrying its own information. Relative-day words (اليوم, غدا) are not slots:
// "today" against "tomorrow" is usually an edit of the same story.
import type { WordDiff } from './word-diff.js';

export const MONTHS: readonly string[] = [
  // Maghreb (the corpus is Tunisian), Egyptian/Gulf, Levantine/Iraqi names.
  'جانفي',
  'فيفري',
  'مارس',
  'افريل',
  'ماي',
  'جوان',
  'جويليه',
  'جويلية',
  'اوت',
  'سبتمبر',
  'اكتوبر',
  'نوفمبر',
  'ديسمبر',
  'يناير',
  'فبراير',
  'ابريل',
  'مايو',
  'يونيو',
  'يونيه',
  'يوليو',
  'يوليه',
  'اغسطس',
  'اغشت',
  'شتنبر',
  'دجنبر',
  'نونبر',
  'يوليوز',
  'كانون',
  'شباط',
  'اذار',
  'نيسان',
  'ايار',
  'حزيران',
  'تموز',
  'اب',
  'ايلول',
  'تشرين',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
];
export const WEEKDAYS: readonly string[] = [
  'الاثنين',
  'اثنين',
  'الثلاثاء',
  'ثلاثاء',
  'الاربعاء',
  'اربعاء',
  'الخميس',
  'خميس',
  'الجمعه',
  'جمعه',
  'السبت',
  'سبت',
  'الاحد',
  'احد',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];
export const ORDINAL_STEMS: readonly string[] = [
  'حادي',
  'حاديه',
  'عشر',
  'عشره',
  'عشرين',
  'ثلاثين',
  'اربعين',
  'اول',
  'اولي',
  'ثاني',
  'ثانيه',
  'ثالث',
  'ثالثه',
  'رابع',
  'رابعه',
  'خامس',
  'خامسه',
  'سادس',
  'سادسه',
  'سابع',
  'سابعه',
  'ثامن',
  'ثامنه',
  'تاسع',
  'تاسعه',
  'عاشر',
  'عاشره',
];
const ENGLISH_ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
];

const SLOTS = new Set<string>([
  ...MONTHS,
  ...WEEKDAYS,
  ...ENGLISH_ORDINALS,
  ...ORDINAL_STEMS,
  ...ORDINAL_STEMS.map((s) => `ال${s}`),
]);

/** Folds a word for the slot lists: no harakat or tatweel, one alef, ya for alef maksura, ha for ta marbuta. */
export function slotForm(word: string): string {
  return word
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u064b-\u065f\u0670\u0640\u200c\u200d]/gu, '')
    .replace(/[أإآٱ]/gu, 'ا')
    .replace(/ى/gu, 'ي')
    .replace(/ة/gu, 'ه')
    .replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
}

// Prefixes a slot word may carry: و (and), ف, ب (in), ل (for), and their combinations with ال.
export const PREFIXES: readonly string[] = ['وبال', 'وال', 'بال', 'فال', 'لل', 'و', 'ف', 'ب', 'ل'];

const NUMBER = /^[\p{Nd}.,:%/+\-٫٬°]*\p{Nd}[\p{Nd}.,:%/+\-٫٬°]*(st|nd|rd|th|h|م|ه)?$/u;

export function isNumberWord(word: string): boolean {
  return NUMBER.test(slotForm(word));
}

export function isSlotWord(word: string): boolean {
  const w = slotForm(word);
  if (w.length === 0) return true; // punctuation alone
  if (NUMBER.test(w)) return true;
  if (SLOTS.has(w)) return true;
  for (const p of PREFIXES) if (w.startsWith(p) && SLOTS.has(w.slice(p.length))) return true;
  return false;
}

/**
 * True when most of what differs between the two copies is slot values: a template filled again
 * changes its slots (a date and its weekday, a round's ordinal, the temperatures), with perhaps a
 * connecting word. One changed number alone is an edit (a corrected figure, an updated count);
 * one changed month, weekday or ordinal is another occurrence.
 */
export function differsOnlyInSlots(diff: WordDiff): boolean {
  // Punctuation standing alone neither counts for nor against.
  const words = [...diff.keptOnly, ...diff.removedOnly].filter((w) => slotForm(w).length > 0);
  if (words.length === 0) return false;
  const slots = words.filter(isSlotWord);
  if (slots.length * 3 < words.length * 2) return false;
  const named = slots.some((w) => !isNumberWord(w));
  const perSide = (side: readonly string[]): number =>
    side.filter((w) => slotForm(w).length > 0 && isSlotWord(w)).length;
  return named || Math.max(perSide(diff.keptOnly), perSide(diff.removedOnly)) >= 2;
}
