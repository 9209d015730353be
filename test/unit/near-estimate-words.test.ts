// The signature estimate read four values at a time must equal the one read value by value: the
// index estimates every candidate with the former, the exact rule's tests reason with the latter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { estimateSimilarity, estimateSimilarityWords } from '../../src/near/signature.js';
import { createNearIndex } from '../../src/near/near-index.js';
import { BLOCK_ENTRIES } from '../../src/near/near-records.js';

const words = (bytes: Uint8Array): Uint32Array => new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);

test('estimateSimilarityWords equals estimateSimilarity on any two signatures', () => {
  // Values drawn from a few bytes so that agreements are common, plus 0x00, 0x7f, 0x80 and 0xff edges.
  const value = fc.constantFrom(0, 1, 0x7f, 0x80, 0x81, 0xfe, 0xff);
  fc.assert(
    fc.property(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 32 }), (pairs) => {
      const n = pairs.length * 4;
      const a = new Uint8Array(n),
        b = new Uint8Array(n);
      pairs.forEach(([x, y], i) => {
        a.fill(x, 4 * i, 4 * i + 4);
        b.fill(y, 4 * i, 4 * i + 4);
        a[4 * i + (i % 4)] = y; // agree on a varying byte of each word
      });
      assert.equal(estimateSimilarityWords(words(a), 0, words(b), 0, n / 4), estimateSimilarity(a, 0, b, 0, n));
    }),
  );
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 60, maxLength: 60 }),
      fc.uint8Array({ minLength: 60, maxLength: 60 }),
      (a, b) => {
        const x = new Uint8Array(a),
          y = new Uint8Array(b);
        for (let i = 0; i < 60; i += 3) y[i] = x[i];
        assert.equal(estimateSimilarityWords(words(x), 0, words(y), 0, 15), estimateSimilarity(x, 0, y, 0, 60));
      },
    ),
  );
});

test("the index's estimate of an entry equals estimateSimilarity of its stored signature", () => {
  const index = createNearIndex({ bands: 20, rows: 3, length: 60 });
  const sigs: Uint8Array[] = [];
  // Past the first block of records, so that the second block is read too.
  for (let e = 0; e < BLOCK_ENTRIES + 904; e++) {
    const sig = new Uint8Array(60);
    for (let i = 0; i < 60; i++) sig[i] = (Math.imul(e + 1, 2654435761) >>> (i % 24)) & (i < 30 ? 0xff : 0x3);
    sigs.push(sig);
    index.append(sig);
  }
  const query = new Uint8Array(60).fill(1);
  for (const e of [0, 1, 4095, 4096, BLOCK_ENTRIES - 1, BLOCK_ENTRIES, BLOCK_ENTRIES + 903]) {
    assert.equal(index.estimate(e, query), estimateSimilarity(sigs[e], 0, query, 0, 60));
    assert.equal(index.estimate(e, sigs[e]), estimateSimilarity(sigs[e], 0, sigs[e], 0, 60));
  }
});
