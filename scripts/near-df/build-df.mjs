// Builds data/near-df.bin, near/2's document-frequency table, from the ANT corpus (JawharaFM,
// Apache-2.0): every non-blank line is a paragraph; DF counts distinct standard keys.
// node scripts/near-df/build-df.mjs [../shared/corpus/ant-v1.1-jawharafm] [data/near-df.bin]  (after npx tsc)
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldString, resolveKeySpec } from '../../dist/src/key/index.js';
import { createShingleScratch, distinctSorted, shingleSet } from '../../dist/src/near/shingles.js';
import { encodeDfTable } from '../../dist/src/near/df-table.js';
import { keyWordHashes } from '../../dist/src/near/near-score.js';

const root = process.argv[2] ?? '/work/shared/corpus/ant-v1.1-jawharafm';
const out = process.argv[3] ?? 'data/near-df.bin';
// A share of the files only (every k-th, in sorted order), to measure how robust the weights are.
const every = Number(process.env.EVERY ?? 1);
// Hashes seen in fewer paragraphs than this are left out of the file (they read as DF 0).
const MIN_DF = 2;

const spec = resolveKeySpec('standard').spec;
const keys = new Set();
let files = 0;
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.txt') && files++ % every === 0)
      for (const line of readFileSync(p, 'utf8').split('\n')) {
        const key = foldString(spec, line);
        if (key.length > 0) keys.add(key);
      }
  }
};
walk(root);
const grams = new Map(),
  words = new Map();
const scratch = createShingleScratch();
const enc = new TextEncoder();
for (const key of keys) {
  const bytes = enc.encode(key);
  const n = distinctSorted(scratch.hashes, shingleSet(bytes, bytes.length, scratch));
  for (let i = 0; i < n; i++) grams.set(scratch.hashes[i], (grams.get(scratch.hashes[i]) ?? 0) + 1);
  for (const w of keyWordHashes(key)) words.set(w, (words.get(w) ?? 0) + 1);
}
const file = encodeDfTable(keys.size, grams, words, MIN_DF);
writeFileSync(out, file);
console.error(`${keys.size} paragraphs, ${grams.size} 5-grams, ${words.size} words; ${file.length} bytes to ${out}`);
