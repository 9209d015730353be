// The keyer on raw bytes: invalid UTF-8 kept and never merged, offsets and a growing output
// buffer, which units the fast path takes, and an exhaustive check that the fast path's table
// entries concatenate exactly like the string path for every pair of characters they cover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BAIL, buildFoldTables, createKeyer, foldBytes, resolveKeySpec, type KeySpec } from '../../src/key/index.js';

const encoder = new TextEncoder();

function specOf(profile: string, fold: string[] = [], noFold: string[] = []): KeySpec {
  const result = resolveKeySpec(profile, fold, noFold);
  if (result.kind === 'error') throw new Error(result.message);
  return result.spec;
}

const standard = specOf('standard');

function keyBytes(spec: KeySpec, bytes: Uint8Array, path: 'auto' | 'string' = 'auto'): number[] {
  const keyer = createKeyer(spec, path);
  const length = keyer.fold(bytes, 0, bytes.length);
  return [...keyer.out.subarray(0, length)];
}

const utf8 = (text: string): number[] => [...encoder.encode(text)];
const bytesOf = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? utf8(part) : part)));

test('invalid bytes are kept as they are and the valid text around them is folded', () => {
  const input = bytesOf('أكّد ', [0xff], '  فى', [0xc3]);
  const expected = [...utf8('اكد '), 0xff, ...utf8(' في'), 0xc3];
  assert.deepEqual(keyBytes(standard, input), expected);
  assert.deepEqual(keyBytes(standard, input, 'string'), expected);
});

test('two different invalid bytes never share a key (no U+FFFD merging)', () => {
  const keys = new Set(
    [[0xff], [0xfe], [0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xef, 0xbf, 0xbd]].map((bytes) =>
      keyBytes(standard, bytesOf('x', bytes)).join(','),
    ),
  );
  assert.equal(keys.size, 6);
});

test('a truncated sequence, a surrogate encoding and an overlong form survive byte for byte', () => {
  for (const bad of [
    [0xe2, 0x82],
    [0xed, 0xa0, 0x80],
    [0xc0, 0xaf],
    [0xf4, 0x90, 0x80, 0x80],
  ]) {
    assert.deepEqual(keyBytes(standard, bytesOf('a', bad, 'b')), [...utf8('a'), ...bad, ...utf8('b')], bad.join(' '));
  }
});

test('an astral character whose low surrogate looks like an escape is not mistaken for one', () => {
  // U+10080 is D800 DC80 in UTF-16; DC80 is also the escape of byte 0x80.
  const input = bytesOf('\u{10080}', [0x80]);
  assert.deepEqual(keyBytes(standard, input), [...utf8('\u{10080}'), 0x80]);
});

test('fold reads only src[start, end): offsets into a bigger buffer, neighbours untouched', () => {
  const buffer = bytesOf('xx\n  أكد \nyy');
  const keyer = createKeyer(standard);
  const start = 3;
  const end = buffer.indexOf(0x0a, start);
  const length = keyer.fold(buffer, start, end);
  assert.deepEqual([...keyer.out.subarray(0, length)], utf8('اكد'));
  assert.deepEqual(buffer, bytesOf('xx\n  أكد \nyy'));
});

test('a unit larger than the output buffer grows it, on both paths and under exact', () => {
  const big = 'أكّد '.repeat(20_000);
  const expected = utf8('اكد '.repeat(20_000).trimEnd());
  for (const text of [big, big + 'ﻻ']) {
    const keyer = createKeyer(standard);
    const length = keyer.fold(encoder.encode(text), 0, Buffer.byteLength(text));
    const tail = text.endsWith('ﻻ') ? utf8(' لا') : [];
    assert.deepEqual([...keyer.out.subarray(0, length)], [...expected, ...tail]);
  }
  const exact = createKeyer(specOf('exact'));
  const bytes = encoder.encode(big);
  assert.equal(exact.fold(bytes, 0, bytes.length), bytes.length);
  assert.deepEqual(exact.out.subarray(0, bytes.length), bytes);
});

test('an empty unit has an empty key', () => {
  for (const profile of ['standard', 'exact', 'aggressive']) {
    assert.equal(createKeyer(specOf(profile)).fold(new Uint8Array(0), 0, 0), 0);
  }
});

test('the fast path takes everyday Arabic: harakat, tatweel, NBSP, RLM, digits, Latin-1, quotes', () => {
  const tables = buildFoldTables(standard);
  const lines = [
    'أكّدَ وزير الخارجيّة، يوم الخميس ٢٥ مايو، أنّ «المفاوضات» مستمرة…',
    'الســـلام\u00A0عليكم\u200F – “نص” ؟ ١٠٪ café',
    '\uFEFFمسؤول في الکویت',
  ];
  for (const line of lines) {
    const bytes = encoder.encode(line);
    assert.notEqual(foldBytes(tables, bytes, 0, bytes.length, new Uint8Array(bytes.length + 2)), BAIL, line);
  }
});

test('the fast path hands over what it cannot decide', () => {
  const tables = buildFoldTables(standard);
  const cases: [string, Uint8Array][] = [
    ['presentation form', bytesOf('ﺃﻛﺪ')],
    ['decomposed hamza', bytesOf('ا\u0654')],
    ['combining acute', bytesOf('e\u0301')],
    ['Greek', bytesOf('Σ')],
    ['CJK', bytesOf('中')],
    ['emoji', bytesOf('😀')],
    ['invalid byte', bytesOf('ا', [0xff])],
    ['truncated at the end', bytesOf('ا', [0xd8])],
    ['½ grows under NFKC', bytesOf('½')],
  ];
  for (const [why, bytes] of cases) {
    assert.equal(foldBytes(tables, bytes, 0, bytes.length, new Uint8Array(bytes.length + 2)), BAIL, why);
  }
});

test('under --no-fold diacritics the fast path leaves harakat to the string path (NFKC reorders them)', () => {
  const tables = buildFoldTables(specOf('standard', [], ['diacritics']));
  const bytes = bytesOf('مّ');
  assert.equal(foldBytes(tables, bytes, 0, bytes.length, new Uint8Array(bytes.length + 2)), BAIL);
  // shadda + fatha and fatha + shadda are one text: NFKC orders them fatha first.
  assert.deepEqual(keyBytes(specOf('standard', [], ['diacritics']), bytesOf('م\u0651\u064E')), utf8('م\u064E\u0651'));
});

// Every character the fast path covers, paired with every other, must fold like the string
// path: the tables are per character, and a pair is where that assumption would break
// (composition, canonical reordering, whitespace at the seam). Longer mixes are the property
// test's job.
const EXHAUSTIVE_SPECS: readonly KeySpec[] = [
  standard,
  specOf('aggressive'),
  specOf('standard', [], ['nfkc', 'whitespace']),
];

function coveredCharacters(spec: KeySpec): string[] {
  const tables = buildFoldTables(spec);
  const characters: string[] = [];
  const out = new Uint8Array(8);
  for (let codePoint = 0; codePoint <= 0xffff; codePoint++) {
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
    const bytes = encoder.encode(String.fromCharCode(codePoint));
    if (foldBytes(tables, bytes, 0, bytes.length, out) !== BAIL) characters.push(String.fromCharCode(codePoint));
  }
  return characters;
}

for (const spec of EXHAUSTIVE_SPECS) {
  test(`fast = string for every pair of covered characters under ${spec.version}`, () => {
    const characters = coveredCharacters(spec);
    assert.ok(characters.length > 400, `only ${characters.length} covered`);
    const fast = createKeyer(spec, 'auto');
    const slow = createKeyer(spec, 'string');
    const buffer = new Uint8Array(16);
    for (const a of characters) {
      for (const b of characters) {
        const length = encoder.encodeInto(a + b, buffer).written;
        const fastLength = fast.fold(buffer, 0, length);
        const slowLength = slow.fold(buffer, 0, length);
        if (fastLength !== slowLength || fast.out.subarray(0, fastLength).some((byte, k) => byte !== slow.out[k])) {
          assert.fail(`${spec.version}: ${JSON.stringify(a + b)} folds differently`);
        }
      }
    }
  });
}
