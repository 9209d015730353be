// near/3's score in-process: slot values and the veto, the DF table's format and the shipped
// table, and the score's rules (the length gate applied when the removed copy is the longer, a
// shorter copy contained in the kept one, the wc5 floor, the mix threshold), and near/1's Jaccard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slotDifference, slotValues } from '../../src/near/slot-values.js';
import { decodeDfTable, encodeDfTable, shippedDfTable, wordHash } from '../../src/near/df-table.js';
import { NEAR_THRESHOLD, keyWordHashes, scorePair } from '../../src/near/near-score.js';
import { sideOfKey } from '../helpers/score-side.js';

const side = sideOfKey;
const veto = (a: string, b: string): boolean => {
  const d = slotDifference(slotValues(a), slotValues(b));
  return (d.keptOnly >= 2 && d.removedOnly >= 2) || (d.namedKeptOnly >= 1 && d.namedRemovedOnly >= 1);
};

test('slot values: each group of digits an integer (05 = 5, 14:00 = 14:0), one value per decimal or time, names with prefixes stripped', () => {
  const v = slotValues('يوم 05 مارس 2017 الساعه 14:00 بقيمه 260.800 دينار والاحد');
  assert.deepEqual([...v.numbers.keys()].sort(), ['14:0', '2017', '260.800', '5'].sort());
  assert.deepEqual([...v.named.keys()].sort(), ['احد', 'مارس'].sort());
  assert.deepEqual([...slotValues('٠٧ و 7').numbers], [['7', 2]]);
});

test('slot veto: two values each way or one name each way; one updated count is an edit', () => {
  assert.equal(veto('بين 12 و 18 درجه', 'بين 15 و 21 درجه'), true);
  assert.equal(veto('الجوله السابعه من البطوله', 'الجوله الثامنه من البطوله'), true);
  assert.equal(veto('يوم السبت القادم', 'يوم الاحد القادم'), true);
  assert.equal(veto('ارتفع عدد الضحايا الى 3', 'ارتفع عدد الضحايا الى 5'), false);
  assert.equal(veto('قدرت بـ 207.460 دينار', 'قدرت بـ 260.800 دينار'), false);
  // A name repeated on one side counts: "round 1 of the first league" vs "round 3 of the first league".
  assert.equal(veto('الجوله الاولي من الرابطه الاولي', 'الجوله الثالثه من الرابطه الاولي'), true);
});

test('DF table: a table survives encoding, and the shipped one weighs stock words below rare ones', () => {
  const table = decodeDfTable(
    encodeDfTable(
      100,
      new Map([
        [7, 50],
        [0, 3],
        [9, 1],
      ]),
      new Map([[wordHash('في'), 90]]),
      2,
    ),
  );
  assert.equal(table.documents, 100);
  assert.ok(Math.abs(table.gramIdf(7) - Math.log(101 / 51)) < 1e-9);
  assert.ok(Math.abs(table.gramIdf(0) - Math.log(101 / 4)) < 1e-9, 'hash 0 is stored too');
  assert.equal(table.gramIdf(9), Math.log(101), 'under the minimum DF: left out, read as DF 0');
  assert.ok(Math.abs(table.wordIdf(wordHash('في')) - Math.log(101 / 91)) < 1e-9);
  const shipped = shippedDfTable();
  assert.ok(shipped.documents > 10_000);
  assert.ok(shipped.bytes < 64 * 1024 * 1024);
  const [common, rare] = [...keyWordHashes('في قرطاج')];
  const idf = [shipped.wordIdf(common), shipped.wordIdf(rare)].sort((a, b) => a - b);
  assert.ok(idf[0] < 1 && idf[1] > 4, `idf ${idf}`);
});

const BASE =
  'اعلن وزير الصحه خلال ندوه صحفيه عقدها صباح اليوم بالعاصمه عن اطلاق حمله وطنيه للتلقيح ضد النزله الموسميه تشمل كل الولايات';
const EXTRA = 'واكد الوزير ان الحمله ستتواصل الي غايه نهايه شهر ديسمبر القادم وان اللقاحات متوفره بكل المراكز الصحيه';

test('score: an edit passes; a longer removed copy beyond the gate does not; a shorter one contained does', () => {
  const df = shippedDfTable();
  const same = scorePair('mix', side(BASE), side(BASE.replace('صباح', 'مساء')), df, NEAR_THRESHOLD.mix);
  assert.ok(same.kind === 'mix' && same.accepted && same.rule === 'edit' && same.similarity > 0.9);
  const longer = scorePair('mix', side(BASE), side(`${BASE} ${EXTRA}`), df, NEAR_THRESHOLD.mix);
  assert.ok(longer.kind === 'mix' && longer.lr < 0.66 && longer.rule === 'edit' && !longer.accepted);
  const shorter = scorePair('mix', side(`${BASE} ${EXTRA}`), side(BASE), df, NEAR_THRESHOLD.mix);
  assert.ok(shorter.kind === 'mix' && shorter.rule === 'contained' && shorter.containment >= 0.9 && shorter.accepted);
  // Unrelated text of the same length: nothing shared worth its weight.
  const other = scorePair('mix', side(BASE), side(EXTRA), df, NEAR_THRESHOLD.mix);
  assert.ok(other.kind === 'mix' && !other.accepted && other.similarity < 0.5);
});

test('score: near/1 is the 5-gram Jaccard, with no veto', () => {
  const s = scorePair('jaccard', side(BASE), side(BASE.replace('صباح', 'مساء')), shippedDfTable(), 0.55);
  assert.equal(s.kind, 'jaccard');
  assert.ok(s.accepted && s.similarity > 0.8 && s.similarity < 1);
  assert.equal(s.veto, false);
});
