// What `standard` must merge (the pairs, our own, and real variants from the ANT news
// corpus in fixtures/) and what it must keep apart, checked through both key paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createKeyer, resolveKeySpec, type KeySpec, type KeyerPath } from '../../src/key/index.js';

const encoder = new TextEncoder();

function specOf(profile: string, noFold: string[] = []): KeySpec {
  const result = resolveKeySpec(profile, [], noFold);
  if (result.kind === 'error') throw new Error(result.message);
  return result.spec;
}

function keyOf(spec: KeySpec, input: string | Uint8Array, path: KeyerPath = 'auto'): string {
  const keyer = createKeyer(spec, path);
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const length = keyer.fold(bytes, 0, bytes.length);
  return Buffer.from(keyer.out.subarray(0, length)).toString('hex');
}

function assertSameKey(spec: KeySpec, a: string, b: string, why: string): void {
  for (const path of ['auto', 'string'] as const) {
    assert.equal(keyOf(spec, a, path), keyOf(spec, b, path), `${why} (${path} path)`);
  }
}

function assertDistinctKeys(spec: KeySpec, a: string, b: string, why: string): void {
  for (const path of ['auto', 'string'] as const) {
    assert.notEqual(keyOf(spec, a, path), keyOf(spec, b, path), `${why} (${path} path)`);
  }
}

const standard = specOf('standard');

const SAME: readonly (readonly [string, string, string])[] = [
  ['ذهب الولد إلى المدرسة', 'ذَهَبَ الوَلَدُ إِلَى المَدْرَسَةِ', 'plain vs fully vocalized sentence'],
  ['أكد', 'اكد', 'hamza on alef'],
  ['في', 'فى', 'yeh vs alef maksura'],
  ['الخارجية', 'الخارجيه', 'teh marbuta vs heh'],
  ['السلام عليكم', 'الســـــلام عليـــكم', 'kashida-stretched text'],
  ['وزير الخارجية', 'وزير\u00A0الخارجية', 'NBSP-separated words'],
  ['مرحبا بكم', 'مر\u200Fحبا\u200B بكم\u200E', 'RLM, ZWSP, LRM inside the text'],
  ['نص', '\uFEFFنص', 'BOM at start'],
  ['أكد', 'ﺃﻛﺪ', 'presentation forms'],
  ['أكد', 'ا\u0654كد', 'decomposed hamza'],
  ['الكويت', 'الکویت', 'Persian-keyboard spelling'],
  ['الله', 'ٱلله', 'alef wasla'],
  ['هذا', 'هٰذا', 'superscript alef'],
  ['25', '٢٥', 'Arabic-Indic digits'],
  ['25', '۲۵', 'Extended Arabic-Indic digits'],
  ['مسؤول', 'مسئول', 'hamza seat, Egyptian vs Levantine'],
  ['شؤون', 'شئون', 'hamza seat, plural'],
  ['لا', 'ﻻ', 'lam-alef ligature'],
  ['الأمنية', 'اﻷمنية', 'lam-alef-hamza ligature as the corpus has it'],
  ['نعم، لا', 'نعم, لا', 'Arabic comma vs Latin comma'],
  ['كيف؟', 'كيف?', 'Arabic question mark'],
  ['a b', '  a \t b  ', 'whitespace runs and ends'],
  ['سطر أول سطر ثان', 'سطر أول\nسطر ثان', "a paragraph's line break is a space"],
  ['سطر\r', 'سطر', 'a stray CR is whitespace'],
  ['مدرسة', 'مدرسۀ', 'heh with yeh above'],
];

for (const [a, b, why] of SAME) {
  test(`standard merges: ${why}`, () => assertSameKey(standard, a, b, why));
}

const DISTINCT: readonly (readonly [string, string, string])[] = [
  ['25', '26', 'different digits'],
  ['٢٥', '٢٦', 'different Arabic-Indic digits'],
  ['الخميس', 'الجمعة', 'different weekday'],
  ['كتب', 'كتاب', 'different words that differ by one alef'],
  ['ab', 'a b', 'a space between words matters'],
  ['Tunis', 'tunis', 'case matters in standard'],
  ['نعم، لا', 'نعم لا', 'punctuation matters in standard'],
  ['2016', '2017', 'years stay apart in standard'],
  ['مسؤول', 'مسؤولة', 'a suffix is not a spelling'],
  ['ء', '', 'a bare hamza is a letter, not a mark'],
];

for (const [a, b, why] of DISTINCT) {
  test(`standard keeps apart: ${why}`, () => assertDistinctKeys(standard, a, b, why));
}

test('aggressive merges dated boilerplate and case, still keeps words apart', () => {
  const aggressive = specOf('aggressive');
  assertSameKey(
    aggressive,
    'نشرة الأخبار ليوم 12 مايو 2016',
    'نشرة الاخبار - ليوم ٢٥ مايو ٢٠١٧!',
    'dates and punctuation',
  );
  assertSameKey(aggressive, 'Tunis, Sfax', 'TUNIS SFAX', 'case and commas');
  assertDistinctKeys(aggressive, 'الخميس', 'الجمعة', 'weekdays');
});

test('the documented escape hatches keep single-word spellings apart', () => {
  assertSameKey(standard, 'كتابة', 'كتابه', 'standard merges them (accepted cost)');
  assertSameKey(standard, 'إلى', 'إلي', 'standard merges them (accepted cost)');
  assertSameKey(standard, 'سأل', 'سال', 'standard merges them (accepted cost)');
  const careful = specOf('standard', ['teh-marbuta', 'yeh']);
  assertDistinctKeys(careful, 'كتابة', 'كتابه', '--no-fold teh-marbuta');
  assertDistinctKeys(careful, 'إلى', 'إلي', '--no-fold yeh');
  assertDistinctKeys(specOf('exact'), 'سأل', 'سال', '--key exact');
});

test('exact: the bytes are the key, nothing folds', () => {
  const exact = specOf('exact');
  assertDistinctKeys(exact, 'a b', 'a  b', 'spaces');
  assertDistinctKeys(exact, 'نص', '\uFEFFنص', 'BOM');
  assert.equal(keyOf(exact, ' أكّد\t'), Buffer.from(' أكّد\t').toString('hex'));
});

test('real variants from the ANT news corpus fold together (fixtures/key-corpus-variants.txt)', () => {
  const fixture = new URL('../../../fixtures/key-corpus-variants.txt', import.meta.url);
  const blocks = readFileSync(fixture, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line !== ''));
  const pairs = blocks.filter((block) => block.length === 2);
  assert.equal(pairs.length, 5);
  for (const [a, b] of pairs) {
    assert.notEqual(a, b);
    assertSameKey(standard, a, b, a);
  }
});
