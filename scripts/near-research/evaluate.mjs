// Research (not shipped): P/R of rules over /tmp/near-features.json (measure.mjs writes it).
import { readFileSync } from 'node:fs';
const rows = JSON.parse(readFileSync('/tmp/near-features.json', 'utf8'));
const GATE = 0.66;
// The final definition's label: a near pair whose later copy is longer by more than the gate
// allows adds new material (related); one whose later copy is shorter beyond it is "contained".
export const finalLabel = (r, l, f) => {
  if (l !== 'near' || f.lr >= GATE) return l;
  return f.lb < f.la ? 'contained' : 'related';
};
const CMIN = Number(process.env.CMIN ?? 0);
const FLOOR = Number(process.env.FLOOR ?? 0);
const VETO = process.env.VETO ?? 'issue';
const vetoed = (r) =>
  VETO === 'none' ? false : VETO === 'issue' ? r.veto : r.veto || (r.d.namedKeptOnly >= 1 && r.d.namedRemovedOnly >= 1);
const rule =
  (df, t, c, { veto = true, dir = true } = {}) =>
  (r) => {
    const f = r[df];
    if (veto && (vetoed(r) || r.slotsOnly)) return false;
    if (dir && f.lb <= f.la && f.lr < GATE) return f.cb >= c;
    return f.lr >= GATE && f.mix >= t && f.wc5 >= FLOOR && f.cb >= CMIN;
  };
function score(flag, which, df = 'corpus') {
  let tp = 0,
    fp = 0,
    fn = 0,
    tmpl = 0,
    nt = 0,
    cont = 0,
    nc = 0;
  for (const r of rows) {
    const l = finalLabel(r, which === 'label' ? r.label : r.strict, r[df]);
    const f = flag(r);
    if (l === 'template') {
      nt++;
      if (f) tmpl++;
      continue;
    }
    if (l === 'contained') {
      nc++;
      if (f) cont++;
      continue;
    }
    if (f && l === 'near') tp++;
    else if (f) fp++;
    else if (l === 'near') fn++;
  }
  return {
    P: +(tp / (tp + fp)).toFixed(3),
    R: +(tp / (tp + fn)).toFixed(3),
    tp,
    fp,
    fn,
    tmpl: `${tmpl}/${nt}`,
    cont: `${cont}/${nc}`,
  };
}
const arg = process.argv[2] ?? 'grid';
if (arg === 'grid') {
  for (const df of ['corpus', 'tenth', 'input', 'none'])
    for (const t of (process.env.TS ?? '0.6,0.65,0.7,0.72,0.75,0.77,0.8').split(',').map(Number))
      for (const c of (process.env.CS ?? '0.7,0.8,0.9').split(',').map(Number))
        console.log(
          df,
          t,
          c,
          JSON.stringify(score(rule(df, t, c), 'label', df)),
          JSON.stringify(score(rule(df, t, c), 'strict', df)),
        );
}
if (arg === 'list') {
  const [t, c, which] = [Number(process.argv[3]), Number(process.argv[4]), process.argv[5] ?? 'label'];
  const f = rule('corpus', t, c);
  for (const r of rows) {
    const l = finalLabel(r, which === 'label' ? r.label : r.strict, r.corpus);
    const flagged = f(r);
    const kind =
      l === 'template' && flagged ? 'TMPL' : l === 'related' && flagged ? 'FP' : l === 'near' && !flagged ? 'FN' : null;
    if (!kind || (process.argv[6] && kind !== process.argv[6])) continue;
    const x = r.corpus;
    console.log(
      kind,
      r.id,
      `lr ${x.lr.toFixed(2)} j ${x.jac.toFixed(2)} wc5 ${x.wc5.toFixed(2)} wwc ${x.wwc.toFixed(2)} mix ${x.mix.toFixed(2)} cb ${x.cb.toFixed(2)} slots ${r.d.keptOnly}/${r.d.removedOnly}`,
      '-[' + r.words.keptOnly.join(' ') + '] +[' + r.words.removedOnly.join(' ') + ']',
    );
  }
}
if (arg === 'counts') {
  for (const which of ['label', 'strict']) {
    const c = {};
    for (const r of rows) {
      const l = finalLabel(r, which === 'label' ? r.label : r.strict, r.corpus);
      c[l] = (c[l] ?? 0) + 1;
    }
    console.log(which, c);
  }
}
if (arg === 'jac') {
  const f = rule('corpus', Number(process.argv[3]), Number(process.argv[4]));
  const acc = rows.filter(f).map((r) => r.corpus);
  const js = acc.map((x) => x.jac).sort((a, b) => a - b);
  console.log(
    'accepted',
    acc.length,
    'jaccard quantiles',
    [0, 0.02, 0.05, 0.1, 0.25, 0.5].map((q) => js[Math.floor(q * js.length)].toFixed(3)).join(' '),
  );
  for (const [b, r] of [
    [25, 4],
    [33, 3],
    [30, 3],
    [28, 3],
    [25, 3],
    [20, 5],
  ]) {
    let e = 0;
    for (const j of js) e += 1 - (1 - j ** r) ** b;
    console.log(`${b}x${r}: expected found ${(e / js.length).toFixed(3)}`);
  }
  console.log(
    acc
      .filter((x) => x.lr < 0.66)
      .map((x) => `${x.lr.toFixed(2)}/${x.jac.toFixed(2)}`)
      .join(' '),
  );
}
