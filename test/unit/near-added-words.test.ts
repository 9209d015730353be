// near/3's "adds nothing" tests in-process: what counts as a word the removed copy adds (a new
// word, a rare one, another form of a kept word) and what does not (a spelling, a clitic, a slot
// value, counted apart), and how each one decides the score.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addedWords, keyWords } from '../../src/near/added-words.js';
import { shippedDfTable } from '../../src/near/df-table.js';
import { NEAR_THRESHOLD, RARE_WORD_IDF, scorePair } from '../../src/near/near-score.js';
import { sideOfKey } from '../helpers/score-side.js';

const side = sideOfKey;
const added = (kept: string, removed: string) =>
  addedWords(keyWords(kept), keyWords(removed), shippedDfTable().wordIdf);

test('added words: spellings, clitics and slot values are not words the removed copy adds', () => {
  assert.deepEqual(added('ياتي هذا القرار', 'وياتي هذا القرار'), { count: 0, rarest: 0, forms: 0 });
  assert.deepEqual(added('الاحتياطات اللازمه', 'الاحتياطاة اللازمه'), { count: 0, rarest: 0, forms: 0 });
  assert.deepEqual(added('الجوله 3 يوم السبت', 'الجوله 4 يوم الاحد'), { count: 0, rarest: 0, forms: 0 });
});

test('added words: a new word is counted with its IDF; another person, tense or pronoun is another form', () => {
  const name = added('تحول الفريق الي سوسه', 'تحول الفريق الي سوسه رفقه كاسبارجاك');
  assert.equal(name.count, 2);
  assert.ok(name.rarest >= RARE_WORD_IDF, `a name is rare: ${name.rarest}`);
  assert.equal(added('يعلن المدرب القاءمه', 'اعلن المدرب القاءمه').forms, 1);
  assert.equal(added('معلومات بخصوصه', 'معلومات بخصوصهما').forms, 1);
});

const BASE =
  'اعلن وزير الصحه خلال ندوه صحفيه عقدها صباح اليوم بالعاصمه عن اطلاق حمله وطنيه للتلقيح ضد النزله الموسميه تشمل كل الولايات';

test('score: an edit that adds nothing is a near copy; one that adds a count, a name or a form is kept', () => {
  const df = shippedDfTable();
  const score = (removed: string) => scorePair('mix', side(BASE), side(removed), df, NEAR_THRESHOLD.mix);
  const dropped = score(BASE.replace(' بالعاصمه', ''));
  assert.ok(dropped.kind === 'mix' && dropped.accepted, JSON.stringify(dropped));
  const count = score(`${BASE} 25`);
  assert.ok(count.kind === 'mix' && count.similar && !count.accepted && count.adds.slots === 1);
  const rare = score(BASE.replace('بالعاصمه', 'بالعاصمه رفقه كاسبارجاك'));
  assert.ok(rare.kind === 'mix' && rare.similar && !rare.accepted && rare.adds.rarest >= RARE_WORD_IDF);
  const tense = score(BASE.replace('اعلن', 'يعلن'));
  assert.ok(tense.kind === 'mix' && tense.similar && !tense.accepted && tense.adds.forms === 1);
});
