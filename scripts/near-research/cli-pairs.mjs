// Research (not shipped): the labelled pairs through the built CLI, scored under the final
// definition (contained pairs apart); prints P/R for both labellings and the template count.
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { keyOf } from './features.mjs';
const pairs = readFileSync('fixtures/near/pairs.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const dir = mkdtempSync(join(tmpdir(), 'near-pairs-'));
for (const p of pairs) writeFileSync(join(dir, `${p.id}.txt`), `${p.a}\n${p.b}\n`);
const r = spawnSync(
  'node',
  ['bin/dedupe.js', '--near', '--scope', 'file', '--report', 'json', ...process.argv.slice(2), dir],
  { maxBuffer: 1 << 28 },
);
rmSync(dir, { recursive: true });
const got = new Map();
for (const line of r.stdout.toString().trim().split('\n')) {
  const e = JSON.parse(line);
  if (e.type === 'duplicate') got.set(e.path.replace(/^.*\/(p\w+)\.txt$/, '$1'), e.match);
}
const len = (s) => [...keyOf(s)].length;
for (const which of ['label', 'label_strict']) {
  let tp = 0,
    fp = 0,
    fn = 0,
    t = 0,
    nt = 0,
    c = 0,
    nc = 0;
  for (const p of pairs) {
    const la = len(p.a),
      lb = len(p.b),
      lr = Math.min(la, lb) / Math.max(la, lb);
    let l = p[which];
    if (l === 'near' && lr < 0.66) l = lb < la ? 'contained' : 'related';
    const f = got.get(p.id) === 'near';
    if (l === 'template') {
      nt++;
      if (f) t++;
      continue;
    }
    if (l === 'contained') {
      nc++;
      if (f) c++;
      continue;
    }
    if (f && l === 'near') tp++;
    else if (f) fp++;
    else if (l === 'near') fn++;
  }
  console.log(
    which,
    `P ${(tp / (tp + fp)).toFixed(3)} R ${(tp / (tp + fn)).toFixed(3)} tp ${tp} fp ${fp} fn ${fn} templates ${t}/${nt} contained ${c}/${nc}`,
  );
}
if (process.env.SHOW)
  console.log(
    [...got]
      .filter(([, m]) => m === 'near')
      .map(([id]) => id)
      .sort()
      .join(' '),
  );
