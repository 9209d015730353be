// The labelled pairs of real Arabic news paragraphs (fixtures/near, from the ANT corpus) through
// the real CLI: every pair is one file (earlier paragraph, then later one) and one run with
// --scope file says, per pair, whether the later one is removed and as what. Precision and recall
// of `near` against `related` are asserted at the targets; templates are kept by default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, runBin, treeFactory } from './helpers/cli.js';

interface Pair { id: string; label: 'near' | 'related' | 'template'; a: string; b: string; jaccard: number }

const pairs = readFileSync(join(FIXTURES, 'near', 'pairs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Pair);
const tree = treeFactory();
const files: Record<string, string> = {};
for (const p of pairs) files[`${p.id}.txt`] = `${p.a}\n${p.b}\n`;
const t = tree(files);

async function verdicts(extra: string[]): Promise<Map<string, string>> {
  const r = await runBin(['--near', '--scope', 'file', '--report', 'json', ...extra, t.dir]);
  assert.equal(r.code, 0, r.stderr);
  const out = new Map<string, string>();
  for (const line of r.stdout.toString('utf8').trim().split('\n')) {
    const e = JSON.parse(line) as { type: string; path: string; startLine: number; match: string };
    if (e.type !== 'duplicate') continue;
    assert.equal(e.startLine, 2, `only the later paragraph of a pair can be removed (${e.path})`);
    out.set(e.path.replace(/^.*\/(p\w+)\.txt$/, '$1'), e.match);
  }
  return out;
}

function score(removed: Map<string, string>): { precision: number; recall: number; tp: number; fp: number; fn: number } {
  let tp = 0, fp = 0, fn = 0;
  for (const p of pairs) {
    if (p.label === 'template') continue;
    const flagged = removed.get(p.id) === 'near';
    if (flagged && p.label === 'near') tp++;
    else if (flagged) fp++;
    else if (p.label === 'near') fn++;
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), tp, fp, fn };
}

test(`labelled pairs (${pairs.length}): precision >= 0.95 and recall >= 0.80 for near against related`, async () => {
  assert.ok(pairs.filter((p) => p.label === 'near').length >= 100, 'at least 100 near pairs');
  assert.ok(pairs.filter((p) => p.label === 'related').length >= 100, 'at least 100 related pairs');
  const s = score(await verdicts([]));
  process.stderr.write(`# labelled pairs: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)} (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})\n`);
  assert.ok(s.precision >= 0.95, `precision ${s.precision.toFixed(3)}`);
  assert.ok(s.recall >= 0.8, `recall ${s.recall.toFixed(3)}`);
});

test('labelled templates: kept by default, removed with --near-templates when they are similar enough', async () => {
  const templates = pairs.filter((p) => p.label === 'template');
  assert.ok(templates.length >= 20);
  const byDefault = await verdicts([]);
  const removedByDefault = templates.filter((p) => byDefault.get(p.id) === 'near').length;
  const asTemplates = await verdicts(['--near-templates']);
  const recognised = templates.filter((p) => asTemplates.get(p.id) === 'template').length;
  process.stderr.write(`# templates: ${removedByDefault} of ${templates.length} removed as near by default; ${recognised} recognised as templates\n`);
  for (const p of templates) assert.notEqual(byDefault.get(p.id), 'template', 'a template is never removed without --near-templates');
  assert.ok(removedByDefault <= templates.length * 0.5, `${removedByDefault} templates removed as near`);
  assert.ok(recognised > 0);
});
