// Research helper (not shipped): the near/2 features of a pair of keys, computed the slow, obvious
// way (strings and Maps) so the shipped implementation can be checked against it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { foldString, resolveKeySpec } from '../../dist/src/key/index.js';

const spec = resolveKeySpec('standard');
export const keyOf = (text) => foldString(spec.spec, text);

export function grams(key) {
  const cps = [...key];
  const out = new Set();
  if (cps.length < 5) out.add(cps.join(''));
  for (let i = 0; i + 5 <= cps.length; i++) out.add(cps.slice(i, i + 5).join(''));
  return out;
}
export const words = (key) => new Set(key.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0));

export function corpusKeys(root, every = 1) {
  const keys = new Set();
  let n = 0;
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.txt')) {
        if (n++ % every !== 0) continue;
        for (const line of readFileSync(p, 'utf8').split('\n')) {
          const k = keyOf(line);
          if (k.length > 0) keys.add(k);
        }
      }
    }
  };
  walk(root);
  return [...keys];
}

export function dfOf(keys) {
  const g = new Map(),
    w = new Map();
  for (const k of keys) {
    for (const x of grams(k)) g.set(x, (g.get(x) ?? 0) + 1);
    for (const x of words(k)) w.set(x, (w.get(x) ?? 0) + 1);
  }
  return { n: keys.length, g, w };
}

export function features(ka, kb, df) {
  const la = [...ka].length,
    lb = [...kb].length;
  const idf = (m, x) => (df ? Math.log((df.n + 1) / ((m.get(x) ?? 0) + 1)) : 1);
  const weigh = (A, B, m) => {
    let sa = 0,
      sb = 0,
      sh = 0;
    for (const x of A) {
      const v = idf(m, x);
      sa += v;
      if (B.has(x)) sh += v;
    }
    for (const x of B) sb += idf(m, x);
    return { sa, sb, sh };
  };
  const GA = grams(ka),
    GB = grams(kb),
    WA = words(ka),
    WB = words(kb);
  const g = weigh(GA, GB, df?.g),
    w = weigh(WA, WB, df?.w);
  let inter = 0;
  for (const x of GA) if (GB.has(x)) inter++;
  const jac = inter / (GA.size + GB.size - inter);
  const wc5 = g.sh / Math.min(g.sa, g.sb),
    wwc = w.sh / Math.min(w.sa, w.sb);
  // containment of B (the removed, later copy) in A (the kept one)
  const cb5 = g.sh / g.sb,
    cbw = w.sh / w.sb;
  return { la, lb, lr: Math.min(la, lb) / Math.max(la, lb), jac, wc5, wwc, mix: (wc5 + wwc) / 2, cb: (cb5 + cbw) / 2 };
}
