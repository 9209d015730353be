// Giant units are folded and fingerprinted in pieces (key/giant-key.ts); these check that the
// pieces give the very key and fingerprint of the whole-unit fold, on long random units of the
// characters that make folding hard, for every profile and both fold paths, with tiny pieces so
// that cuts fall everywhere; and that the fingerprint streams agree with the one-go fingerprint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createKeyer, resolveKeySpec, type KeySpec } from '../../src/key/index.js';
import { createFingerprinter, jsFingerprinter, type Fingerprinter } from '../../src/hash/fingerprint.js';
import { createJudge } from '../../src/engine/judge.js';
import { createJudgeSeenSet } from '../../src/engine/judge-seen-set.js';
import { GIANT_UNIT } from '../../src/key/giant-key.js';

const encoder = new TextEncoder();

function specOf(profile: string, fold: string[] = [], noFold: string[] = []): KeySpec {
  const result = resolveKeySpec(profile, fold, noFold);
  if (result.kind === 'error') throw new Error(result.message);
  return result.spec;
}

// Letters and their variants, marks that compose across a neighbour, whitespace of every kind,
// presentation forms, case pairs with a context-dependent lower case, invisible marks.
const PIECES = [
  'ا',
  'أ',
  'ى',
  'ة',
  'ـ',
  '\u064E',
  '\u0651',
  '\u0654',
  '\u0301',
  'و',
  '\u200C',
  ' ',
  '  ',
  '\n',
  '\t',
  '\r',
  '\u00A0',
  '\u3000',
  '\u200F',
  '\uFEFF',
  '…',
  'a',
  'B',
  'Σ',
  'ß',
  'e',
  ',',
  '.',
  '١',
  'ﻻ',
  'ﷺ',
  '😀',
  '\u2028',
];
const INVALID = [[0xff], [0xd8], [0xe2, 0x80], [0x80]];

const unitArbitrary = fc
  .array(
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...PIECES.map((p) => [...encoder.encode(p)])) },
      { weight: 1, arbitrary: fc.constantFrom(...INVALID) },
    ),
    { minLength: 0, maxLength: 400 },
  )
  .map((parts) => Uint8Array.from(parts.flat()));

const SPECS: [string, KeySpec][] = [
  ['standard', specOf('standard')],
  ['exact', specOf('exact')],
  ['aggressive', specOf('aggressive')],
  ['standard --no-fold whitespace', specOf('standard', [], ['whitespace'])],
  ['aggressive --no-fold diacritics', specOf('aggressive', [], ['diacritics'])],
];

function gathered(pieces: (each: (b: Uint8Array, s: number, e: number) => void) => void): number[] {
  const bytes: number[] = [];
  pieces((b, s, e) => {
    for (let i = s; i < e; i++) bytes.push(b[i]);
  });
  return bytes;
}

test('a key folded in pieces = the key folded whole, every profile, both paths, cuts anywhere', () => {
  for (const [name, spec] of SPECS) {
    for (const path of ['auto', 'string'] as const) {
      const whole = createKeyer(spec, path);
      const pieces = createKeyer(spec, path);
      fc.assert(
        fc.property(unitArbitrary, fc.integer({ min: 1, max: 64 }), (unit, pieceSize) => {
          const length = whole.fold(unit, 0, unit.length);
          const expected = [...whole.out.subarray(0, length)];
          const got = gathered((each) => pieces.foldInPieces(unit, 0, unit.length, each, pieceSize));
          assert.deepEqual(got, expected, `${name} (${path}) piece ${pieceSize}`);
        }),
        { numRuns: 300 },
      );
    }
  }
});

async function streamed(f: Fingerprinter, bytes: Uint8Array, cuts: number[]): Promise<number[]> {
  const out = new Uint32Array(4);
  f.begin();
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
    f.update(bytes, at, Math.max(at, cut));
    at = Math.max(at, cut);
  }
  f.digest(out);
  return [...out];
}

test('a fingerprint fed in pieces = the fingerprint in one go, WASM and plain JS', async () => {
  const fast = await createFingerprinter();
  const plain = jsFingerprinter();
  const out = new Uint32Array(4);
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ minLength: 0, maxLength: 3000 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      async (bytes, cuts) => {
        fast.fingerprint(bytes, bytes.length, out);
        const whole = [...out];
        assert.deepEqual(await streamed(fast, bytes, cuts), whole);
        assert.deepEqual(await streamed(plain, bytes, cuts), whole);
      },
    ),
    { numRuns: 300 },
  );
});

test('the judge: a giant unit compares as its whole key would, and its spelling variant is a repeat', async () => {
  const fingerprinter = await createFingerprinter();
  const spec = specOf('standard');
  const line = 'قال الرئيس إن الاجتماع ناجح ، ';
  const variant = 'قَال الرئيس ان الاجتمـاع ناجح ، ';
  const repeat = (text: string): Uint8Array => encoder.encode(text.repeat(Math.ceil((GIANT_UNIT + 10) / 40)));
  const [a, b] = [repeat(line), repeat(variant)];
  assert.ok(a.length > GIANT_UNIT && b.length > GIANT_UNIT);
  const seen = createJudgeSeenSet(false);
  const judge = createJudge(createKeyer(spec), fingerprinter, () => seen, {
    policy: 'first',
    track: false,
    minChars: 0,
    minWords: 0,
  });
  const pos = { source: 0, ordinal: 1, line: 1 };
  assert.equal(judge.decide(a, 0, a.length, pos), true);
  assert.equal(judge.decide(b, 0, b.length, pos), false);
  // The fingerprint is the whole key's.
  const keyer = createKeyer(spec);
  const out = new Uint32Array(4);
  const keyLength = keyer.fold(a, 0, a.length);
  fingerprinter.fingerprint(keyer.out, keyLength, out);
  const viaJudge = new Uint32Array(4);
  assert.equal(judge.fingerprintOf(a, 0, a.length, viaJudge), true);
  assert.deepEqual([...viaJudge], [...out]);
  // Minimum words are counted across pieces.
  const strict = createJudge(createKeyer(spec), fingerprinter, () => createJudgeSeenSet(false), {
    policy: 'first',
    track: false,
    minChars: 0,
    minWords: 1_000_000,
  });
  assert.equal(strict.fingerprintOf(a, 0, a.length, viaJudge), false);
});
