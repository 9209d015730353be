// The near-duplicate modules on their own: shingle Jaccard against an independent model, the
// signature's estimate, the LSH index's candidates, the matcher's refusal of text that changed,
// the word diff and the template rule.
import { shippedDfTable } from '../../src/near/df-table.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createShingleScratch, distinctSorted, jaccard, shingleSet } from '../../src/near/shingles.js';
import { estimateSimilarity, writeKeySignature, writeSignature } from '../../src/near/signature.js';
import { createNearIndex } from '../../src/near/near-index.js';
import { BUCKET_CAP } from '../../src/near/band-slots.js';
import { createNearMatcher, type NearText } from '../../src/near/near-matcher.js';
import { diffWords, splitWords } from '../../src/near/word-diff.js';
import { differsOnlyInSlots, isSlotWord } from '../../src/near/template-rule.js';
import { jaccardOf } from '../helpers/near-reference.js';

const enc = new TextEncoder();
const setOf = (text: string): { hashes: Uint32Array; n: number } => {
  const scratch = createShingleScratch();
  const bytes = enc.encode(text);
  const all = shingleSet(bytes, bytes.length, scratch);
  const n = distinctSorted(scratch.hashes, all);
  return { hashes: scratch.hashes.slice(0, n), n };
};

// Up to 1,500 pieces: longer than the scratch arrays' first size, so their growth is exercised.
const textArb = fc
  .array(fc.constantFrom('ال', 'م', 'ن', ' ', 'و', 'ة', 'a', 'é', '😀', 'س'), { maxLength: 1500 })
  .map((a) => a.join(''));

test('shingle Jaccard equals the independent model', () => {
  fc.assert(
    fc.property(textArb, textArb, (a, b) => {
      const x = setOf(a),
        y = setOf(b);
      assert.ok(Math.abs(jaccard(x.hashes, x.n, y.hashes, y.n) - jaccardOf(a, b)) < 1e-9);
    }),
    { numRuns: 300 },
  );
});

test('the signature estimates Jaccard within a few hundredths on average', () => {
  const words =
    'أعلن وزير الصحة خلال ندوة صحفية عقدها صباح اليوم بالعاصمة عن إطلاق حملة وطنية للتلقيح ضد النزلة الموسمية تشمل كل الولايات وأضاف أن الحملة ستنطلق من المستشفيات الجهوية'.split(
      ' ',
    );
  let error = 0;
  const trials = 200;
  for (let t = 0; t < trials; t++) {
    const edited = words.map((w, i) => ((i * 7 + t) % 10 < t % 6 ? `${w}x${t}` : w));
    const a = words.join(' '),
      b = edited.join(' ');
    const sa = new Uint8Array(100),
      sb = new Uint8Array(100),
      mins = new Int32Array(100);
    const x = setOf(a),
      y = setOf(b);
    writeSignature(x.hashes, x.n, sa, mins);
    writeSignature(y.hashes, y.n, sb, mins);
    error += Math.abs(estimateSimilarity(sa, 0, sb, 0, 100) - jaccardOf(a, b));
  }
  assert.ok(error / trials < 0.06, `mean absolute error ${error / trials}`);
});

test('the one-pass signature of a key equals the signature of its shingle set', () => {
  fc.assert(
    fc.property(textArb, (text) => {
      const bytes = enc.encode(text);
      const scratch = createShingleScratch();
      const count = shingleSet(bytes, bytes.length, scratch);
      const fromSet = new Uint8Array(100),
        fromKey = new Uint8Array(100),
        mins = new Int32Array(100);
      writeSignature(scratch.hashes, count, fromSet, mins);
      writeKeySignature(bytes, bytes.length, fromKey, mins);
      assert.deepEqual(fromKey, fromSet);
    }),
    { numRuns: 300 },
  );
});

test('the LSH index returns every entry sharing a band, once, and nothing else', () => {
  const index = createNearIndex({ bands: 4, rows: 2, length: 8 });
  const sig = (values: number[]): Uint8Array => Uint8Array.from(values);
  const out = new Uint32Array(2);
  const entries = [
    sig([1, 2, 3, 4, 5, 6, 7, 8]),
    sig([1, 2, 0, 0, 0, 0, 0, 0]),
    sig([9, 9, 9, 9, 9, 9, 7, 8]),
    sig([9, 9, 9, 9, 9, 9, 9, 9]),
  ];
  for (const e of entries) {
    index.candidates(e, out);
    index.add(e);
  }
  const found = index.candidates(sig([1, 2, 0, 1, 0, 1, 7, 8]), out);
  // Each entry once (entry 0 shares two bands), in no set order.
  assert.deepEqual(
    [...found.subarray(0, index.found)].sort((a, b) => a - b),
    [0, 1, 2],
  );
  index.candidates(sig([3, 3, 3, 3, 3, 3, 3, 3]), out);
  assert.equal(index.found, 0);
  // Growth keeps every entry findable.
  const big = createNearIndex({ bands: 5, rows: 3, length: 15 });
  const many: Uint8Array[] = [];
  for (let i = 0; i < 5000; i++) {
    const s = Uint8Array.from({ length: 15 }, (_, k) => (i * 31 + k * 17 + ((i * k) % 13)) & 0xff);
    many.push(s);
    big.candidates(s, new Uint32Array(4));
    big.add(s);
  }
  for (let i = 0; i < 5000; i += 97) {
    const found = big.candidates(many[i], new Uint32Array(4));
    assert.ok([...found.subarray(0, big.found)].includes(i), `entry ${i} found after growth`);
  }
});

test('the LSH index lists each entry sharing a band once, in short lists and in long ones', () => {
  // One value per band from three: a query meets from none to every band's first BUCKET_CAP entries
  // (dozens of matches per band in all), so both the small set and the sorted list are used.
  const bands = 20;
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ minLength: bands, maxLength: bands, min: 0, max: 2 }), { maxLength: 120 }),
      (sigs) => {
        const index = createNearIndex({ bands, rows: 1, length: bands });
        // The model: per band and value, the first BUCKET_CAP entries with it (later ones are left out).
        const firsts = new Map<string, number[]>();
        let out: Uint32Array = new Uint32Array(4);
        sigs.forEach((s, entry) => {
          const expected = new Set<number>();
          for (let b = 0; b < bands; b++) for (const e of firsts.get(`${b}:${s[b]}`) ?? []) expected.add(e);
          out = index.candidates(s, out);
          const got = [...out.subarray(0, index.found)];
          assert.equal(got.length, new Set(got).size, 'no entry twice');
          assert.deepEqual(new Set(got), expected);
          assert.equal(index.add(s), entry);
          for (let b = 0; b < bands; b++) {
            const list = firsts.get(`${b}:${s[b]}`) ?? [];
            if (list.length < BUCKET_CAP) list.push(entry);
            firsts.set(`${b}:${s[b]}`, list);
          }
        });
      },
    ),
    { numRuns: 60 },
  );
});

test('the matcher never matches an earlier paragraph whose text changed since it was read', () => {
  const a = 'أعلن وزير الصحة خلال ندوة صحفية عقدها صباح اليوم بالعاصمة عن إطلاق حملة وطنية للتلقيح ضد النزلة الموسمية';
  const b = 'أعلن وزير الصحة خلال ندوة صحفية عقدها مساء اليوم بالعاصمة عن إطلاق حملة وطنية للتلقيح ضد النزلة الموسمية';
  let onDisk = enc.encode(a);
  const text: NearText = {
    rereadable: () => true,
    reread: () => onDisk,
    key: (t) => t.slice(),
    keyHash: (k, n) => {
      let h = 0;
      for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + k[i]) >>> 0;
      return h;
    },
  };
  const config = {
    score: 'jaccard' as const,
    df: shippedDfTable,
    threshold: 0.55,
    minChars: 80,
    removeTemplates: false,
    shape: { bands: 20, rows: 5, length: 100 },
  };
  const run = (changed: boolean): boolean => {
    const m = createNearMatcher(config, text);
    onDisk = enc.encode(a);
    const ab = enc.encode(a),
      bb = enc.encode(b);
    assert.equal(
      m.check(ab, 0, ab.length, ab, ab.length, { source: 0, line: 1, offset: 0, length: ab.length }),
      undefined,
    );
    if (changed) onDisk = enc.encode(a.replace('الصحة', 'الصحه'));
    return (
      m.check(bb, 0, bb.length, bb, bb.length, { source: 0, line: 2, offset: 0, length: bb.length })?.remove === true
    );
  };
  assert.equal(run(false), true);
  assert.equal(run(true), false);
});

test('the matcher finds a near copy of a paragraph longer than its scratch arrays, and an index sized ahead by a projection', () => {
  // Over 1,024 characters: the shingle scratch grows while the query's own set is built.
  const base = Array.from({ length: 260 }, (_, i) => `كلمة${i % 37}س${i}`).join(' ');
  const a = enc.encode(base),
    b = enc.encode(base.replace('كلمة5س5', 'تعديل'));
  let share = 0;
  const text: NearText = {
    rereadable: () => true,
    reread: () => a,
    key: (t) => t.slice(),
    keyHash: (k, n) => {
      let h = 0;
      for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + k[i]) >>> 0;
      return h;
    },
    share: () => share,
  };
  const m = createNearMatcher(
    {
      score: 'jaccard' as const,
      df: shippedDfTable,
      threshold: 0.55,
      minChars: 80,
      removeTemplates: false,
      shape: { bands: 25, rows: 4, length: 100 },
    },
    text,
  );
  assert.equal(m.check(a, 0, a.length, a, a.length, { source: 0, line: 1, offset: 0, length: a.length }), undefined);
  // 10,000 unrelated paragraphs, with a share that projects 20,000 in the end: the tables grow
  // once to that size, and the first paragraph is still found.
  const letters = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';
  let x = 7;
  const letter = (): string => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return letters[(x >>> 0) % letters.length];
  };
  for (let i = 0; i < 10_000; i++) {
    share = (i + 1) / 20_000;
    const u = enc.encode(Array.from({ length: 100 }, letter).join(''));
    m.check(u, 0, u.length, u, u.length, { source: 0, line: i + 2, offset: 0, length: u.length });
  }
  assert.equal(m.size, 10_001);
  const match = m.check(b, 0, b.length, b, b.length, { source: 0, line: 99_999, offset: 0, length: b.length });
  assert.equal(match?.kind, 'near');
  assert.equal(match?.line, 1);
});

test('word diff names the differing words in order, compared by their folded form', () => {
  const fold = (w: string): string => w.replace(/[أإآ]/g, 'ا');
  const d = diffWords(
    splitWords('قال أحمد إن الاجتماع سيعقد يوم 12 ماي'),
    splitWords('قال احمد  إن الاجتماع سيعقد\u00a0غدا يوم 14 جوان'),
    fold,
  );
  assert.deepEqual(d, { keptOnly: ['12', 'ماي'], removedOnly: ['غدا', '14', 'جوان'] });
});

test('template rule: numbers, months, weekdays and ordinals are slots; relative days are not', () => {
  for (const w of [
    '12',
    '٣٥',
    '12:30',
    '25%',
    'ماي',
    'جانفي',
    'وجانفي',
    'الثلاثاء',
    'الثالثة',
    'للثالث',
    'March',
    '3rd',
    '2017.',
  ])
    assert.ok(isSlotWord(w), w);
  for (const w of ['اليوم', 'غدا', 'أمس', 'الوزير', 'تونس']) assert.ok(!isSlotWord(w), w);
  assert.equal(differsOnlyInSlots({ keptOnly: ['12', 'ماي'], removedOnly: ['14', 'جوان'] }), true);
  assert.equal(differsOnlyInSlots({ keptOnly: ['12'], removedOnly: ['غدا'] }), false);
  assert.equal(differsOnlyInSlots({ keptOnly: ['120'], removedOnly: ['135'] }), false, 'one updated number is an edit');
  assert.equal(differsOnlyInSlots({ keptOnly: [], removedOnly: [] }), false);
});
