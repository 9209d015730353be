// Research (not shipped): features of "does the removed copy add anything?" for every judged pair:
// the labelled set (pairs.jsonl, with the removal labels in label_removal when present) and the
// blind-review sheets. Writes /tmp/removal-features.json for removal-eval.mjs.
// node scripts/near-research/removal.mjs [../shared/corpus]  (after npx tsc)
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { corpusKeys, dfOf, features, keyOf, words, grams } from './features.mjs';
import { slotValues, slotDifference } from '../../dist/src/near/slot-values.js';

const root = process.argv[2] ?? '/work/shared/corpus';
const jsonl = (f) =>
  readFileSync(f, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const df = dfOf(corpusKeys(root));
const idf = (m, x) => Math.log((df.n + 1) / ((m.get(x) ?? 0) + 1));
const judged = [];
for (const p of jsonl('fixtures/near/pairs.jsonl'))
  judged.push({
    set: 'pairs',
    id: p.id,
    a: p.a,
    b: p.b,
    label: p.label,
    strict: p.label_strict,
    removal: p.label_removal,
  });
for (const f of ['fixtures/near/review-sheet.jsonl', 'fixtures/near/review-sheet-round1.jsonl'])
  for (const r of jsonl(f))
    judged.push({
      set: f.includes('round1') ? 'rev1' : 'rev2',
      id: r.id,
      a: r.kept.text,
      b: r.removed.text,
      removal: r.verdict === 'copy' ? 'copy' : 'new-info',
    });
if (existsSync('/tmp/relabel/mapping.json')) {
  const map = JSON.parse(readFileSync('/tmp/relabel/mapping.json', 'utf8'));
  const byId = new Map(judged.filter((j) => j.set === 'pairs').map((j) => [j.id, j]));
  for (let k = 1; k <= 4; k++) {
    const f = `/tmp/relabel/verdicts${k}.jsonl`;
    if (!existsSync(f)) continue;
    for (const v of jsonl(f)) byId.get(map[v.id]).removal = v.verdict;
  }
}
const rows = judged.map((j) => {
  const ka = keyOf(j.a),
    kb = keyOf(j.b);
  const f = features(ka, kb, df);
  const d = slotDifference(slotValues(ka), slotValues(kb));
  const WA = words(ka),
    WB = words(kb);
  const novel = [...WB].filter((w) => !WA.has(w)).map((w) => [w, +idf(df.w, w).toFixed(2)]);
  const lost = [...WA].filter((w) => !WB.has(w)).map((w) => [w, +idf(df.w, w).toFixed(2)]);
  // 5-grams of the removed key absent from the kept one, weighted: new material, typo-tolerant.
  const GA = grams(ka);
  let novelGram = 0;
  for (const g of grams(kb)) if (!GA.has(g)) novelGram += idf(df.g, g);
  return { ...j, ...f, d, novel, lost, novelGram };
});
writeFileSync('/tmp/removal-features.json', JSON.stringify(rows));
console.error(`${rows.length} rows`);
