// One table per fold step: each row runs that step alone (exact + --fold STEP) through both the
// byte fast path and the string path, so a row fails if either path gets the step wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKeyer, resolveKeySpec, type KeySpec, type KeyerPath, type StepName } from '../../src/key/index.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

function onlyStep(step: StepName): KeySpec {
  const result = resolveKeySpec('exact', [step]);
  if (result.kind === 'error') throw new Error(result.message);
  return result.spec;
}

function keyOf(spec: KeySpec, text: string, path: KeyerPath): string {
  const keyer = createKeyer(spec, path);
  const bytes = encoder.encode(text);
  const length = keyer.fold(bytes, 0, bytes.length);
  return decoder.decode(keyer.out.subarray(0, length));
}

type Row = readonly [input: string, expected: string, reason: string];

const ROWS: Readonly<Record<StepName, readonly Row[]>> = {
  nfkc: [
    ['ﺃﻛﺪ', 'أكد', 'presentation forms from PDF extraction become letters'],
    ['ﻻ', 'لا', 'lam-alef ligature splits into lam + alef'],
    ['ﷲ', 'الله', 'the Allah ligature spells out'],
    ['ا\u0654', 'أ', 'decomposed hamza composes'],
    ['و\u0654', 'ؤ', 'decomposed hamza on waw composes'],
    ['a\u00A0b', 'a b', 'NBSP becomes a plain space'],
    ['a\u2003b', 'a b', 'em space becomes a plain space'],
    ['ﺍﻟﺴﻼﻡ', 'السلام', 'a whole word of presentation forms'],
  ],
  invisible: [
    ['\uFEFFنص', 'نص', 'BOM at the start'],
    ['مر\u200Fحبا', 'مرحبا', 'RLM inside a word'],
    ['a\u200Bb\u200Cc\u200Dd\u200Ee', 'abcde', 'ZWSP, ZWNJ, ZWJ, LRM'],
    ['\u202Bنص\u202C', 'نص', 'bidi embedding and pop'],
    ['\u2066x\u2069', 'x', 'bidi isolates'],
    ['co\u00ADop', 'coop', 'soft hyphen'],
    ['\u061Cا\u180Eب\u2060ج\u2064', 'ابج', 'ALM, Mongolian vowel separator, word joiner, invisible plus'],
    ['a\u200Ab', 'a\u200Ab', 'U+200A hair space is a space, not an invisible mark'],
  ],
  tatweel: [
    ['الســـلام', 'السلام', 'kashida-stretched word'],
    ['ـ', '', 'a lone tatweel'],
  ],
  diacritics: [
    ['مُحَمَّدٌ', 'محمد', 'harakat, shadda and tanwin'],
    ['هٰذا', 'هذا', 'superscript alef U+0670'],
    ['ٱلرَّحْمَٰنِ', 'ٱلرحمن', 'Quranic spelling keeps its alef wasla: that is the alef step'],
    ['صلى\u0610', 'صلى', 'honorific sign U+0610'],
    ['ذٰلِكَ\u06D6', 'ذلك', 'small high ligature U+06D6'],
    ['ا\u06E5\u06E6', 'ا', 'small waw and small yeh U+06E5, U+06E6'],
    ['ا\u06E9', 'ا\u06E9', 'U+06E9 place-of-sajdah is a symbol, kept'],
  ],
  alef: [
    ['أإآٱٲٳ', 'اااااا', 'every alef form'],
    ['ا\u0674', 'ا', 'the stray high hamza NFKC leaves from U+0675'],
    ['ء', 'ء', 'a bare hamza is not an alef'],
  ],
  hamza: [
    ['مسؤول', 'مسءول', 'hamza on waw'],
    ['شئون', 'شءون', 'hamza on yeh'],
    ['أ', 'أ', "hamza on alef is the alef step's business"],
  ],
  yeh: [
    ['فى', 'في', 'alef maksura'],
    ['الکویت', 'الكويت', 'Persian keyboard: Farsi yeh and keheh'],
    ['ۀ ہ', 'ه ه', 'heh with yeh above and heh goal'],
  ],
  'teh-marbuta': [
    ['الخارجية', 'الخارجيه', 'teh marbuta'],
    ['ت', 'ت', 'plain teh is a different letter'],
  ],
  digits: [
    ['٢٥', '25', 'Arabic-Indic digits'],
    ['۱۴۰۰', '1400', 'Extended (Persian) digits'],
    ['٠١٢٣٤٥٦٧٨٩', '0123456789', 'all ten, in order'],
  ],
  punctuation: [
    ['نعم، لا؛ لماذا؟', 'نعم, لا; لماذا?', 'comma, semicolon, question mark'],
    ['٥٪', '٥%', 'percent sign'],
    ['٣٫١٤ ١٬٠٠٠', '٣.١٤ ١,٠٠٠', 'decimal and thousands separators'],
    ['ختم۔', 'ختم.', 'Urdu full stop'],
    ['«نص»', '«نص»', 'guillemets have no Arabic twin: kept'],
  ],
  case: [
    ['ABC xyz', 'abc xyz', 'ASCII'],
    ['Straße STRASSE', 'strasse strasse', 'sharp s folds to ss'],
    ['ΣΟΦΟΣ σοφος', 'σοφοσ σοφοσ', 'final sigma folds to sigma'],
    ['ÉCOLE', 'école', 'Latin-1 capitals'],
    ['عربي', 'عربي', 'Arabic has no case'],
  ],
  'strip-punctuation': [
    ['a, b! «c» $5', 'a b c 5', 'punctuation and symbols go, spaces stay'],
    ['نعم، لا؟', 'نعم لا', 'Arabic punctuation'],
    ['x—y…z', 'xyz', 'dashes and ellipsis'],
  ],
  'digits-zero': [
    ['2016 ٢٠١٧', '0000 0000', 'ASCII and Arabic-Indic digits'],
    ['١٢ مايو', '00 مايو', 'dated boilerplate'],
  ],
  whitespace: [
    ['  a \t b  ', 'a b', 'runs collapse, ends trim'],
    ['a\nb\r\nc', 'a b c', 'line breaks inside a paragraph are spaces'],
    ['a\u2028b\u2029c\u0085d', 'a b c d', 'Unicode line and paragraph separators, NEL'],
    ['a\u00A0\u00A0b', 'a b', 'NBSP collapses even without NFKC'],
    [' \t ', '', 'only whitespace folds to nothing'],
    ['a\u200Bb', 'a\u200Bb', 'ZWSP is not whitespace (it is the invisible step)'],
  ],
};

for (const [step, rows] of Object.entries(ROWS) as [StepName, readonly Row[]][]) {
  for (const [input, expected, reason] of rows) {
    test(`${step}: ${reason}`, () => {
      const spec = onlyStep(step);
      assert.equal(keyOf(spec, input, 'string'), expected, 'string path');
      assert.equal(keyOf(spec, input, 'auto'), expected, 'fast path');
    });
  }
}

test("every step's table has at least one row the step changes", () => {
  for (const [step, rows] of Object.entries(ROWS)) {
    assert.ok(
      rows.some(([input, expected]) => input !== expected),
      step,
    );
  }
});

const STANDARD_ROWS: readonly Row[] = [
  ['أكّدَ الرئيسُ، في ٢٥ مايو', 'اكد الرءيس, في 25 مايو', 'every Arabic step at once'],
  ['ٵ', 'ا', 'NFKC splits U+0675 into alef + U+0674, the alef step drops the high hamza'],
  ['ﺇﻟﻰ', 'الي', 'presentation forms then alef and yeh'],
  ['\uFEFF  ا\u200Fب  ', 'اب', 'BOM, RLM and spaces: nothing of them is left'],
  ['ﱞ', '', 'a shadda ligature NFKC turns into space + marks folds to nothing'],
  ['و\u200C\u0654', 'ء', 'an invisible mark cannot stop a decomposed hamza from composing'],
];

for (const [input, expected, reason] of STANDARD_ROWS) {
  test(`standard: ${reason}`, () => {
    const result = resolveKeySpec('standard');
    assert.equal(result.kind, 'ok');
    const spec = (result as { kind: 'ok'; spec: KeySpec }).spec;
    assert.equal(keyOf(spec, input, 'string'), expected, 'string path');
    assert.equal(keyOf(spec, input, 'auto'), expected, 'fast path');
  });
}

test('a character that only appears after a deletion is folded too (aggressive --no-fold diacritics)', () => {
  // Stripping the comma lets alef + U+0654 compose into أ after the alef step has run; the
  // string path folds again until nothing changes, and so must give ا, not أ.
  const result = resolveKeySpec('aggressive', [], ['diacritics']);
  assert.equal(result.kind, 'ok');
  const spec = (result as { kind: 'ok'; spec: KeySpec }).spec;
  assert.equal(keyOf(spec, 'ا,\u0654', 'string'), 'ا');
  assert.equal(keyOf(spec, 'ا,\u0654', 'auto'), 'ا');
});

test('case folding that decomposes (ΐ) settles on the composed form', () => {
  assert.equal(keyOf(onlyStep('case'), 'ΐ', 'string'), '\u03B9\u0308\u0301', 'case alone does not normalize');
  const result = resolveKeySpec('standard', ['case']);
  assert.equal(result.kind, 'ok');
  assert.equal(keyOf((result as { kind: 'ok'; spec: KeySpec }).spec, 'ΐ', 'string'), '\u0390');
});
