// Issue 20, the per-byte half: the key memo (engine/key-memo.ts) must never change a verdict. A
// judge with it and one without decide the same on random repeat-heavy units, under every key,
// with minimums and with the seen-set replaced midway (--scope file); and the memo itself answers
// only for all 128 bits of the bytes' fingerprint, and knows a claim only for its own seen-set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createKeyer, resolveKeySpec } from '../../src/key/index.js';
import { createFingerprinter } from '../../src/hash/fingerprint.js';
import { createJudge, type Judge } from '../../src/engine/judge.js';
import { createJudgeSeenSet } from '../../src/engine/judge-seen-set.js';
import type { SeenSet } from '../../src/seen/seen-table.js';
import { COMPARES, COMPARES_NONE, createKeyMemo, MISS } from '../../src/engine/key-memo.js';

const encoder = new TextEncoder();

test('the memo: a hit needs all four words; a store replaces the way not used last; claims per seen-set', () => {
  const memo = createKeyMemo();
  const raw = Uint32Array.of(5, 6, 7, 8);
  const fp = new Uint32Array(4);
  assert.equal(memo.wanted(), true);
  assert.equal(memo.lookup(raw, fp), MISS);
  memo.store(raw, true, Uint32Array.of(1, 2, 3, 4));
  assert.equal(memo.lookup(raw, fp), COMPARES);
  assert.deepEqual([...fp], [1, 2, 3, 4]);
  for (let k = 0; k < 4; k++) {
    const other = Uint32Array.from(raw);
    other[k] ^= 1 << 20;
    assert.equal(memo.lookup(other, fp), MISS, `word ${k} differs`);
  }
  // Same set (low 16 bits of the first word), two other fingerprints: the oldest way goes.
  const second = Uint32Array.of(5 + (1 << 16), 0, 0, 1);
  const third = Uint32Array.of(5 + (2 << 16), 0, 0, 2);
  assert.equal(memo.lookup(second, fp), MISS);
  memo.store(second, false, fp);
  assert.equal(memo.lookup(raw, fp), COMPARES); // raw used last: second is the victim
  assert.equal(memo.lookup(second, fp), COMPARES_NONE); // now raw is the victim
  memo.store(third, true, Uint32Array.of(9, 9, 9, 9));
  assert.equal(memo.lookup(raw, fp), MISS);
  assert.equal(memo.lookup(second, fp), COMPARES_NONE);
  assert.equal(memo.lookup(third, fp), COMPARES);
  // A claim is known for the seen-set it was marked in only, and a store forgets it.
  assert.equal(memo.claimedIn(1), false);
  memo.markClaimed(1);
  assert.equal(memo.lookup(third, fp), COMPARES);
  assert.equal(memo.claimedIn(1), true);
  assert.equal(memo.claimedIn(2), false);
  memo.store(third, true, fp);
  assert.equal(memo.claimedIn(1), false);
});

test('the memo rests on input whose bytes do not repeat, and looks again later', () => {
  const memo = createKeyMemo();
  const raw = new Uint32Array(4);
  const fp = new Uint32Array(4);
  let asked = 0;
  for (let k = 0; k < 2_000_000; k++) {
    if (!memo.wanted()) continue;
    asked++;
    raw[0] = k;
    raw[1] = k * 7;
    if (memo.lookup(raw, fp) === MISS) memo.store(raw, true, raw);
  }
  assert.ok(asked < 400_000, `asked ${asked} of 2,000,000 distinct units`);
  assert.ok(asked > 16_384, `asked ${asked}: the warm-up looks every unit up`);
});

async function judgeFor(key: string, memo: boolean, minChars: number, seen: () => SeenSet): Promise<Judge> {
  const spec = resolveKeySpec(key);
  if (spec.kind !== 'ok') throw new Error(spec.message);
  const fingerprinter = await createFingerprinter();
  return createJudge(createKeyer(spec.spec, 'lazy', fingerprinter.keyRoom()), fingerprinter, seen, {
    policy: 'first',
    track: false,
    minChars,
    minWords: 0,
    memo,
  });
}

const WORDS = ['قال', 'قَال', 'الرئيس', 'الرئيـس', 'إن', 'ان', 'hello', 'Hello', 'ـ', ' ', 'ّ', '١٢', '12', 'x'];
const unit = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 4 }).map((w) => w.join(' '));

test('with and without the memo: the same verdicts, every key, minimums, a new seen-set midway', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(unit, { minLength: 1, maxLength: 30 }),
      fc.array(fc.nat(29), { minLength: 200, maxLength: 400 }),
      fc.constantFrom('standard', 'aggressive', 'exact'),
      fc.constantFrom(0, 3),
      fc.array(fc.nat(399), { maxLength: 3 }),
      async (pool, draws, key, minChars, scopeBreaks) => {
        const verdicts: boolean[][] = [];
        for (const memo of [false, true]) {
          let seen: SeenSet = createJudgeSeenSet(false);
          const judge = await judgeFor(key, memo, minChars, () => seen);
          const out: boolean[] = [];
          // A window of text, as a splitter hands it, each unit at its own place in it.
          const text = encoder.encode(draws.map((d) => pool[d % pool.length]).join('\n'));
          let at = 0;
          draws.forEach((d, i) => {
            if (scopeBreaks.includes(i)) seen = createJudgeSeenSet(false);
            const length = encoder.encode(pool[d % pool.length]).length;
            out.push(judge.decide(text, at, at + length, { source: 0, ordinal: i + 1, line: i + 1 }));
            at += length + 1;
          });
          verdicts.push(out);
        }
        assert.deepEqual(verdicts[1], verdicts[0]);
      },
    ),
    { numRuns: 60 },
  );
});

test('past the warm-up and through rests: the same verdicts with and without the memo', async () => {
  // 300,000 units: distinct runs (the memo rests) between repeat-heavy runs (it looks again).
  const lines: string[] = [];
  for (let k = 0; k < 300_000; k++) {
    const phase = Math.floor(k / 50_000) % 2;
    lines.push(phase === 0 ? `سطر رقم ${k}` : `الخبر ${k % 97} قال`);
  }
  const text = encoder.encode(lines.join('\n'));
  const kept: number[] = [];
  for (const memo of [false, true]) {
    const seen = createJudgeSeenSet(false);
    const judge = await judgeFor('standard', memo, 0, () => seen);
    let count = 0;
    let at = 0;
    for (const [i, line] of lines.entries()) {
      const length = encoder.encode(line).length;
      if (judge.decide(text, at, at + length, { source: 0, ordinal: i + 1, line: i + 1 })) count++;
      at += length + 1;
    }
    kept.push(count);
  }
  assert.equal(kept[1], kept[0]);
  assert.equal(kept[0], 150_000 + 97);
});
