// The byte loop at the edges its speed tricks create: a unit that ends exactly at the end of its
// buffer (the loop reads two bytes at a time), units at every offset, and a lone last byte,
// against the string path; and the foldBytes convenience with an output of exactly +2 bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BAIL, buildFoldTables, createKeyer, foldBytes, resolveKeySpec, type KeySpec } from '../../src/key/index.js';

const encoder = new TextEncoder();

function specOf(profile: string): KeySpec {
  const result = resolveKeySpec(profile, [], []);
  if (result.kind === 'error') throw new Error(result.message);
  return result.spec;
}

const PIECES = [
  'ا',
  'أ',
  'ى',
  'ة',
  'ـ',
  '\u064E',
  ' ',
  '  ',
  '\t',
  '\u00A0',
  '\u200F',
  '\uFEFF',
  '…',
  'a',
  'B',
  '.',
  '١',
  '\u0654',
  'ﻻ',
  '😀',
  '\u2028',
];
const TAILS: number[][] = [[], [0x20], [0x41], [0xd8], [0xe2], [0xe2, 0x80], [0xef, 0xbb], [0x80], [0xff]];

test('fast = string for units ending at their buffer end, at every start offset, with odd last bytes', () => {
  for (const profile of ['standard', 'aggressive']) {
    const fast = createKeyer(specOf(profile), 'auto');
    const slow = createKeyer(specOf(profile), 'string');
    for (let n = 0; n < 4000; n++) {
      let text = '';
      for (let k = 0; k < n % 13; k++) text += PIECES[(n * 7 + k * 13 + k * k) % PIECES.length];
      const body = encoder.encode(text);
      const tail = TAILS[n % TAILS.length];
      const lead = n % 5;
      const unit = Uint8Array.from([...new Array<number>(lead).fill(0x61), ...body, ...tail]);
      // Exactly as long as the unit: no byte past `end` to read.
      const fastLength = fast.fold(unit, lead, unit.length);
      const slowLength = slow.fold(unit, lead, unit.length);
      assert.deepEqual(
        [...fast.out.subarray(0, fastLength)],
        [...slow.out.subarray(0, slowLength)],
        `${profile} ${JSON.stringify(text)} + ${tail}`,
      );
    }
  }
});

test('foldBytes takes an output of input length + 2, and bails on a truncated last character', () => {
  const tables = buildFoldTables(specOf('standard'));
  const bytes = encoder.encode(' أكّد  الـخبر ');
  const out = new Uint8Array(bytes.length + 2);
  const length = foldBytes(tables, bytes, 0, bytes.length, out);
  assert.equal(Buffer.from(out.subarray(0, length)).toString(), 'اكد الخبر');
  for (const tail of [[0xd8], [0xe2, 0x80], [0xef, 0xbb], [0xbf]]) {
    const unit = Uint8Array.from([...encoder.encode('اب'), ...tail]);
    assert.equal(foldBytes(tables, unit, 0, unit.length, new Uint8Array(unit.length + 2)), BAIL, tail.join(' '));
  }
});
