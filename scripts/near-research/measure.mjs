// Research (not shipped): near/2 features of the labelled pairs and P/R of candidate rules.
// node scripts/near-research/measure.mjs [../shared/corpus]  (after npx tsc)
import { readFileSync, writeFileSync } from 'node:fs';
import { corpusKeys, dfOf, features, keyOf } from './features.mjs';
import { slotValues, slotDifference } from '../../dist/src/near/slot-values.js';
import { diffWords, splitWords } from '../../dist/src/near/word-diff.js';
import { differsOnlyInSlots } from '../../dist/src/near/template-rule.js';

const root = process.argv[2] ?? '/work/shared/corpus';
const pairs = readFileSync('fixtures/near/pairs.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const t0 = Date.now();
const dfs = {
  corpus: dfOf(corpusKeys(root)),
  tenth: dfOf(corpusKeys(root, 10)),
  input: dfOf([...new Set(pairs.flatMap((p) => [keyOf(p.a), keyOf(p.b)]))]),
  none: undefined,
};
console.error(`DF built in ${Date.now() - t0} ms; N = ${dfs.corpus.n}`);
const rows = pairs.map((p) => {
  const ka = keyOf(p.a),
    kb = keyOf(p.b);
  const d = slotDifference(slotValues(ka), slotValues(kb));
  const r = { id: p.id, label: p.label, strict: p.label_strict, veto: d.keptOnly >= 2 && d.removedOnly >= 2, d };
  r.words = diffWords(splitWords(p.a), splitWords(p.b), keyOf);
  r.slotsOnly = differsOnlyInSlots(r.words);
  for (const [name, df] of Object.entries(dfs)) r[name] = features(ka, kb, df);
  return r;
});
writeFileSync('/tmp/near-features.json', JSON.stringify(rows));
