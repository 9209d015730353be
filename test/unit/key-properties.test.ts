// Property tests over random and adversarial Arabic: the fast path equals the string path for
// every spec (including --fold/--no-fold mixes and invalid bytes), the key is idempotent, and
// harakat, tatweel or invisible marks inserted anywhere never change the standard key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  createKeyer,
  foldString,
  PROFILE_NAMES,
  resolveKeySpec,
  STEP_NAMES,
  type KeySpec,
  type Keyer,
} from '../../src/key/index.js';

const encoder = new TextEncoder();

function specOf(profile: string, fold: readonly string[] = [], noFold: readonly string[] = []): KeySpec {
  const result = resolveKeySpec(profile, fold, noFold);
  if (result.kind === 'error') throw new Error(result.message);
  return result.spec;
}

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, k) => String.fromCodePoint(from + k));

const HARAKAT = [...range(0x064b, 0x0652), '\u0670'];
const INVISIBLE = [
  '\u00AD',
  '\u061C',
  '\u180E',
  ...range(0x200b, 0x200f),
  ...range(0x202a, 0x202e),
  ...range(0x2060, 0x2064),
  ...range(0x2066, 0x2069),
  '\uFEFF',
];
const INSERTABLE = [...HARAKAT, '\u0640', ...INVISIBLE];

const ARABIC = [
  ...range(0x0621, 0x064a),
  'ٱ',
  'ٲ',
  'ٳ',
  'ی',
  'ک',
  'ۀ',
  'ہ',
  'ە',
  'ے',
  ...range(0x0660, 0x0669),
  ...range(0x06f0, 0x06f9),
  '،',
  '؛',
  '؟',
  '٪',
  '٫',
  '٬',
  '۔',
  '«',
  '»',
  ' ',
  ' ',
  ' ',
  '\u00A0',
  '\t',
  '\n',
  '\r',
];

// Things that interact with neighbours or with NFKC: what the fast path must hand over.
const ADVERSARIAL = [
  '\u0653',
  '\u0654',
  '\u0655',
  ...range(0x0675, 0x0678),
  ...range(0x06d6, 0x06ed),
  ...range(0x0610, 0x061a),
  'ﺃ',
  'ﻛ',
  'ﺪ',
  'ﻻ',
  'ﻷ',
  'ﻹ',
  'ﷲ',
  'ﱞ',
  'ﹰ',
  'ﹱ',
  'ﳲ',
  '\u0301',
  '\u0308',
  '\u0327',
  '\u0338',
  'e',
  '=',
  'A',
  'Z',
  'ß',
  'Σ',
  'ς',
  'ΐ',
  'İ',
  'ǅ',
  '½',
  '‴',
  '\u203E',
  '¨',
  '´',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u3000',
  '\u2003',
  'ᄀ',
  'ᅡ',
  'ᆨ',
  '😀',
  '\u{10080}',
  '…',
  '–',
  '"',
  ',',
  '.',
  '5',
  'é',
  'µ',
  'ª',
  '²',
];

const arabicUnit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ARABIC) },
  { weight: 2, arbitrary: fc.constantFrom(...INSERTABLE) },
  { weight: 2, arbitrary: fc.constantFrom(...ADVERSARIAL) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
// A letter followed by a mark NFKC composes with it (و + U+0654 = ؤ), as separate units so
// that insertions can land between them.
const composingPair = fc
  .constantFrom('ا\u0653', 'ا\u0654', 'ا\u0655', 'و\u0654', 'ي\u0654', 'ە\u0654', 'ہ\u0654', 'ے\u0654', 'e\u0301')
  .map((pair) => [...pair]);
const arabicUnits = fc
  .array(
    fc.oneof({ weight: 9, arbitrary: arabicUnit.map((unit) => [unit]) }, { weight: 1, arbitrary: composingPair }),
    { maxLength: 40 },
  )
  .map((groups) => groups.flat());
const arabicText = arabicUnits.map((units) => units.join(''));

// Short strings where deleting something (a high Quranic mark, a comma) brings a base next to a
// mark it composes with: the string path must renormalize for the key to be idempotent.
const compositionProbe = fc
  .array(
    fc.constantFrom(
      'e',
      'ا',
      'و',
      ',',
      '\u0657',
      '\u0610',
      '\u06D6',
      '\u0301',
      '\u0654',
      '\u0327',
      'ΐ',
      'Σ',
      ' ',
      '\u200B',
    ),
    { maxLength: 6 },
  )
  .map((units) => units.join(''));

const INVALID = [
  [0xff],
  [0xfe],
  [0x80],
  [0xbf],
  [0xc3],
  [0xd8],
  [0xe2, 0x80],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xef, 0xbb],
];
const byteUnit = fc.oneof(
  { weight: 8, arbitrary: arabicUnit.map((unit) => [...encoder.encode(unit)]) },
  { weight: 1, arbitrary: fc.constantFrom(...INVALID) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }).map((byte) => [byte]) },
);
const unitBytes = fc.array(byteUnit, { maxLength: 40 }).map((parts) => Uint8Array.from(parts.flat()));

const anySpec = fc
  .record({
    profile: fc.constantFrom(...PROFILE_NAMES),
    fold: fc.subarray([...STEP_NAMES]),
    noFold: fc.subarray([...STEP_NAMES]),
  })
  .map(({ profile, fold, noFold }) =>
    specOf(
      profile,
      fold,
      noFold.filter((name) => !fold.includes(name)),
    ),
  );

// Keyers build tables once per spec; a few hundred distinct specs come up, so cache them.
const keyers = new Map<string, { fast: Keyer; slow: Keyer }>();
function keyersFor(spec: KeySpec): { fast: Keyer; slow: Keyer } {
  const id = `${spec.version}`;
  let pair = keyers.get(id);
  if (pair === undefined) {
    pair = { fast: createKeyer(spec, 'auto'), slow: createKeyer(spec, 'string') };
    keyers.set(id, pair);
  }
  return pair;
}

function hex(keyer: Keyer, bytes: Uint8Array): string {
  const length = keyer.fold(bytes, 0, bytes.length);
  return Buffer.from(keyer.out.subarray(0, length)).toString('hex');
}

test('fast path = string path, for every spec, over adversarial Arabic and invalid bytes', () => {
  fc.assert(
    fc.property(anySpec, unitBytes, (spec, bytes) => {
      const { fast, slow } = keyersFor(spec);
      assert.equal(hex(fast, bytes), hex(slow, bytes), spec.version);
    }),
    { numRuns: 3000 },
  );
});

test('fast path = string path on plain Arabic lines, where the fast path actually runs', () => {
  const plain = fc
    .array(fc.constantFrom(...ARABIC, ...INSERTABLE), { maxLength: 80 })
    .map((units) => encoder.encode(units.join('')));
  fc.assert(
    fc.property(anySpec, plain, (spec, bytes) => {
      const { fast, slow } = keyersFor(spec);
      assert.equal(hex(fast, bytes), hex(slow, bytes), spec.version);
    }),
    { numRuns: 2000 },
  );
});

for (const profile of PROFILE_NAMES) {
  test(`idempotent: key(key(x)) = key(x) under ${profile}, on strings and through the keyer`, () => {
    const spec = specOf(profile);
    const keyer = createKeyer(spec);
    const text = fc.oneof(arabicText, compositionProbe, fc.string({ unit: 'binary', maxLength: 30 }));
    fc.assert(
      fc.property(text, (input) => {
        const once = foldString(spec, input);
        assert.equal(foldString(spec, once), once);
        const bytes = encoder.encode(input);
        const first = Uint8Array.from(keyer.out.subarray(0, keyer.fold(bytes, 0, bytes.length)));
        assert.equal(hex(keyer, first), Buffer.from(first).toString('hex'));
      }),
      { numRuns: 2000 },
    );
  });
}

test('inserting harakat, tatweel or invisible marks anywhere never changes the standard key', () => {
  const spec = specOf('standard');
  const { fast, slow } = keyersFor(spec);
  const insertion = fc.tuple(fc.nat(), fc.array(fc.constantFrom(...INSERTABLE), { minLength: 1, maxLength: 3 }));
  fc.assert(
    fc.property(arabicUnits, fc.array(insertion, { minLength: 1, maxLength: 4 }), (units, insertions) => {
      const marked = [...units];
      for (const [at, marks] of insertions) marked.splice(at % (marked.length + 1), 0, ...marks);
      const plain = encoder.encode(units.join(''));
      const withMarks = encoder.encode(marked.join(''));
      assert.equal(hex(fast, withMarks), hex(fast, plain));
      assert.equal(hex(slow, withMarks), hex(slow, plain));
    }),
    { numRuns: 3000 },
  );
});

test('different invalid bytes at the same place never share a key', () => {
  const spec = specOf('standard');
  const { fast } = keyersFor(spec);
  const stray = fc.integer({ min: 0x80, max: 0xff });
  fc.assert(
    fc.property(arabicText, stray, stray, arabicText, (before, x, y, after) => {
      fc.pre(x !== y);
      const around = (byte: number): Uint8Array =>
        Uint8Array.from([...encoder.encode(before), byte, ...encoder.encode(after)]);
      assert.notEqual(hex(fast, around(x)), hex(fast, around(y)));
    }),
    { numRuns: 2000 },
  );
});

test('idempotent for --fold/--no-fold mixes too', () => {
  const text = fc.oneof(arabicText, compositionProbe);
  fc.assert(
    fc.property(anySpec, text, (spec, input) => {
      const once = foldString(spec, input);
      assert.equal(foldString(spec, once), once, spec.version);
    }),
    { numRuns: 3000 },
  );
});
