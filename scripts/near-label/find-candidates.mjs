#!/usr/bin/env node
// Reproducible candidate scan for the labelled near-duplicate set (fixtures/near/).
// Plain Node ESM, no dependencies. Not part of the build or of package.json.
//
// Usage: node scripts/near-label/find-candidates.mjs [CORPUS_DIR] [OUT_JSONL] [DEDUPE_BIN]
//   CORPUS_DIR  default ../shared/corpus (relative to the repository root)
//   OUT_JSONL   default /tmp/near-candidates.jsonl: every candidate pair with Jaccard >= 0.2
//   DEDUPE_BIN  default bin/dedupe.js (the project's own CLI, used for `dedupe key`)
//
// Steps:
//  1. List every .txt file under CORPUS_DIR (sorted), read its lines (split on LF).
//  2. Get each non-blank line's standard comparison key with `dedupe key FILE...` (batches of
//     files; the number of keys printed is checked against the number of non-blank lines).
//  3. Drop paragraphs whose key is shorter than 80 code points; collapse paragraphs with
//     identical keys (exact duplicates) to their first occurrence (8 digits of the ANT file
//     name as written, then path, then line; see the ordering note).
//  4. Shingle each key into the set of character 5-grams (code points, spaces kept); build an
//     inverted index; ignore shingles present in more than CAP distinct keys; count shared
//     shingles per pair; compute the exact Jaccard for pairs sharing at least
//     0.1 * max(|A|, |B|) indexed shingles; keep pairs with Jaccard >= 0.2.
//  5. Write them as JSON lines: {a, b, a_src, b_src, a_key, b_key, jaccard} with `a` the earlier.
//  6. Draw a deterministic stratified sample to read and label (SAMPLE_JSONL, default
//     /tmp/near-sample.jsonl): per Jaccard band a fixed quota, seeded PRNG (mulberry32, seed 9),
//     each distinct key in at most 2 sampled pairs so that one template family or one article
//     filed twice cannot fill a band. Set SAMPLE_FROM=<candidates.jsonl> to skip steps 1-5.
//  7. Draw a second, targeted sample (SAMPLE2_JSONL, default /tmp/near-sample2.jsonl) because the
//     first one is dominated by weather bulletins and fixture headers in the low bands: pairs
//     published at most 2 days apart, neither paragraph a weather bulletin, a "headlines of DATE"
//     line or a power-cut notice (keyword filter WEATHERISH), not in the first sample, same
//     per-key limit, band quotas BANDS2, seed 10.
//  8. A third sample (SAMPLE3_JSONL, default /tmp/near-sample3.jsonl) to add more pairs where the
//     labels are decided, Jaccard >= 0.5: same filters as step 7 but any publication gap, quotas
//     BANDS3, seed 11, excluding pairs drawn in steps 6-7.
//  Ordering note: the scan orders paragraphs by the 8 digits of the file name as written; a few
//  ANT files write their date DDMMYYYY (e.g. JA-localNews-340-17012017.txt), so the fixture
//  re-orients each labelled pair by the real date (realDate below) to keep `a` the earlier one.
// Labels were then assigned by reading every sampled pair (see fixtures/near/README.md).

import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = resolve(process.argv[2] ?? join(repo, '../shared/corpus'));
const outPath = process.argv[3] ?? '/tmp/near-candidates.jsonl';
const bin = resolve(process.argv[4] ?? join(repo, 'bin/dedupe.js'));
const MIN_KEY = 80,
  N = 5,
  CAP = 300,
  MIN_J = 0.2,
  BATCH = 400;

// Same notion of "blank" as src/split/blank.ts: whitespace and invisible marks only.
const BLANK =
  /^[ \t\v\f\u00a0\u061c\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f\u2060-\u2064\u2066-\u2069\u3000\ufeff]*$/;

function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (name.endsWith('.txt')) out.push(p);
  }
  return out;
}

const sampleOut = process.env.SAMPLE_JSONL ?? '/tmp/near-sample.jsonl';
const BANDS = [
  // [low, high, quota]
  [0.2, 0.3, 20],
  [0.3, 0.35, 20],
  [0.35, 0.4, 30],
  [0.4, 0.45, 35],
  [0.45, 0.5, 40],
  [0.5, 0.55, 45],
  [0.55, 0.6, 45],
  [0.6, 0.65, 35],
  [0.65, 0.7, 30],
  [0.7, 0.8, 40],
  [0.8, 1.01, 40],
];
function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const BANDS2 = [
  [0.3, 0.4, 25],
  [0.4, 0.5, 35],
  [0.5, 0.55, 25],
  [0.55, 0.65, 35],
  [0.65, 0.8, 25],
];
const WEATHERISH = /الريح|الحراره القصوي|مغشي بسحب|ابرز عناوين الاخبار|التيار الكهرباءي|الطقس/;
export function realDate(src) {
  // "YYYYMMDD" from an ANT file name, whichever order its digits use
  const d = src.match(/-(\d{8})\.txt(:\d+)?$/)?.[1] ?? '00000000';
  return /^(19|20)\d\d/.test(d) ? d : d.slice(4) + d.slice(2, 4) + d.slice(0, 2);
}
function days(d) {
  return Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8)) / 864e5;
}
function shuffle(arr, rnd) {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [arr[i], arr[j]] = [arr[j], arr[i]];
  }
}
const BANDS3 = [
  [0.5, 0.55, 15],
  [0.55, 0.65, 25],
  [0.65, 0.8, 25],
  [0.8, 1.01, 10],
];
function sample2(
  cands,
  first,
  opts = { seed: 10, bands: BANDS2, maxGap: 2, env: 'SAMPLE2_JSONL', def: '/tmp/near-sample2.jsonl' },
) {
  const rnd = mulberry32(opts.seed),
    used = new Map(),
    picked = [];
  const seen = new Set(first.map((c) => c.a_src + '|' + c.b_src));
  for (const c of first) for (const k of [c.a_key, c.b_key]) used.set(k, (used.get(k) ?? 0) + 1);
  for (const [lo, hi, quota] of opts.bands) {
    const band = cands.filter(
      (c) =>
        c.jaccard >= lo &&
        c.jaccard < hi &&
        !seen.has(c.a_src + '|' + c.b_src) &&
        !WEATHERISH.test(c.a_key) &&
        !WEATHERISH.test(c.b_key) &&
        Math.abs(days(realDate(c.a_src)) - days(realDate(c.b_src))) <= opts.maxGap,
    );
    shuffle(band, rnd);
    let n = 0;
    for (const c of band) {
      if (n >= quota) break;
      if ((used.get(c.a_key) ?? 0) >= 2 || (used.get(c.b_key) ?? 0) >= 2) continue;
      used.set(c.a_key, (used.get(c.a_key) ?? 0) + 1);
      used.set(c.b_key, (used.get(c.b_key) ?? 0) + 1);
      picked.push(c);
      n++;
    }
  }
  picked.sort((x, y) => x.jaccard - y.jaccard);
  const out2 = process.env[opts.env] ?? opts.def;
  writeFileSync(out2, picked.map((o) => JSON.stringify(o)).join('\n') + '\n');
  process.stderr.write(`${picked.length} targeted pairs -> ${out2}\n`);
  return picked;
}
function sample(cands) {
  const rnd = mulberry32(9),
    used = new Map(),
    picked = [];
  for (const [lo, hi, quota] of BANDS) {
    const band = cands.filter((c) => c.jaccard >= lo && c.jaccard < hi);
    for (let i = band.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [band[i], band[j]] = [band[j], band[i]];
    }
    let n = 0;
    for (const c of band) {
      if (n >= quota) break;
      if ((used.get(c.a_key) ?? 0) >= 2 || (used.get(c.b_key) ?? 0) >= 2) continue;
      used.set(c.a_key, (used.get(c.a_key) ?? 0) + 1);
      used.set(c.b_key, (used.get(c.b_key) ?? 0) + 1);
      picked.push(c);
      n++;
    }
  }
  picked.sort((x, y) => x.jaccard - y.jaccard);
  writeFileSync(sampleOut, picked.map((o) => JSON.stringify(o)).join('\n') + '\n');
  process.stderr.write(`${picked.length} sampled pairs -> ${sampleOut}\n`);
  const second = sample2(cands, picked);
  sample2(cands, [...picked, ...second], {
    seed: 11,
    bands: BANDS3,
    maxGap: Infinity,
    env: 'SAMPLE3_JSONL',
    def: '/tmp/near-sample3.jsonl',
  });
}
if (process.env.SAMPLE_FROM) {
  sample(
    readFileSync(process.env.SAMPLE_FROM, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
  );
  process.exit(0);
}

const files = listFiles(corpus);
const paras = []; // {src, text, key, date, path, line}
for (let s = 0; s < files.length; s += BATCH) {
  const batch = files.slice(s, s + BATCH);
  const units = [];
  for (const f of batch) {
    const lines = readFileSync(f, 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    const rel = relative(corpus, f);
    const date = rel.match(/-(\d{8})\.txt$/)?.[1] ?? '00000000';
    lines.forEach((text, i) => {
      if (!BLANK.test(text)) units.push({ src: `${rel}:${i + 1}`, text, date, path: rel, line: i + 1 });
    });
  }
  const keys = execFileSync(process.execPath, [bin, 'key', ...batch], { maxBuffer: 1 << 28, encoding: 'utf8' }).split(
    '\n',
  );
  if (keys.at(-1) === '') keys.pop();
  if (keys.length !== units.length)
    throw new Error(`batch ${s}: ${keys.length} keys for ${units.length} non-blank lines`);
  units.forEach((u, i) => {
    u.key = keys[i];
    paras.push(u);
  });
}
process.stderr.write(`${files.length} files, ${paras.length} paragraphs\n`);

paras.sort((x, y) => x.date.localeCompare(y.date) || x.path.localeCompare(y.path) || x.line - y.line);
const byKey = new Map();
for (const p of paras) {
  if ([...p.key].length < MIN_KEY) continue;
  const e = byKey.get(p.key);
  if (e) e.copies++;
  else byKey.set(p.key, { ...p, copies: 1 });
}
const uniq = [...byKey.values()];
process.stderr.write(`${uniq.length} distinct keys of >= ${MIN_KEY} code points\n`);

const shingles = uniq.map((u) => {
  const cp = [...u.key];
  const set = new Set();
  for (let i = 0; i + N <= cp.length; i++) set.add(cp.slice(i, i + N).join(''));
  return set;
});
const index = new Map();
shingles.forEach((set, id) => {
  for (const g of set) {
    let l = index.get(g);
    if (!l) index.set(g, (l = []));
    l.push(id);
  }
});

function jaccard(a, b) {
  let inter = 0;
  const [s, l] = a.size <= b.size ? [a, b] : [b, a];
  for (const g of s) if (l.has(g)) inter++;
  return inter / (a.size + b.size - inter);
}

const out = [];
for (let i = 0; i < uniq.length; i++) {
  const counts = new Map();
  for (const g of shingles[i]) {
    const l = index.get(g);
    if (l.length > CAP) continue;
    for (const j of l) {
      if (j >= i) break;
      counts.set(j, (counts.get(j) ?? 0) + 1);
    }
  }
  for (const [j, c] of counts) {
    if (c < 0.1 * Math.max(shingles[i].size, shingles[j].size)) continue;
    const jac = jaccard(shingles[i], shingles[j]);
    if (jac < MIN_J) continue;
    const a = uniq[j],
      b = uniq[i]; // j < i: a is the earlier occurrence
    out.push({
      a: a.text,
      b: b.text,
      a_src: `ant-v1.1-jawharafm/${a.src.replace(/^ant-v1\.1-jawharafm\//, '')}`,
      b_src: `ant-v1.1-jawharafm/${b.src.replace(/^ant-v1\.1-jawharafm\//, '')}`,
      a_key: a.key,
      b_key: b.key,
      jaccard: Math.round(jac * 1000) / 1000,
    });
  }
}
out.sort((x, y) => x.jaccard - y.jaccard || x.a_src.localeCompare(y.a_src) || x.b_src.localeCompare(y.b_src));
writeFileSync(outPath, out.map((o) => JSON.stringify(o)).join('\n') + '\n');
process.stderr.write(`${out.length} candidate pairs with Jaccard >= ${MIN_J} -> ${outPath}\n`);
sample(out);
