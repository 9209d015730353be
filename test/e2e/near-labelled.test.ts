// The labelled pairs of real Arabic news paragraphs (fixtures/near, from the ANT corpus) through
// the real CLI: every pair is one file (earlier paragraph, then later one) and one run with
// --scope file says, per pair, whether the later one is removed and as what. Scored under near/3's
// definition (docs/near-duplicates.md), the `label_removal` column: removing the later copy loses
// nothing. The two older labellings are reported too. The CLI must stay within 2 points of the
// exact rule's recall, computed here in-process with no index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, runBin, treeFactory } from '../helpers/cli.js';
import { foldString, resolveKeySpec } from '../../src/key/index.js';
import { sideOfKey } from '../helpers/score-side.js';
import { LENGTH_GATE, NEAR_THRESHOLD, scorePair } from '../../src/near/near-score.js';
import { shippedDfTable } from '../../src/near/df-table.js';
import { diffWords, splitWords } from '../../src/near/word-diff.js';
import { differsOnlyInSlots } from '../../src/near/template-rule.js';

type Label = 'near' | 'related' | 'template';
type Final = Label | 'contained';
interface Pair {
  id: string;
  label: Label;
  label_strict: Label;
  label_removal: 'copy' | 'new-info';
  a: string;
  b: string;
  jaccard: number;
}

const pairs = readFileSync(join(FIXTURES, 'near', 'pairs.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Pair);
const tree = treeFactory();
const files: Record<string, string> = {};
for (const p of pairs) files[`${p.id}.txt`] = `${p.a}\n${p.b}\n`;
const t = tree(files);

const spec = resolveKeySpec('standard');
if (spec.kind !== 'ok') throw new Error('standard key');
const keyOf = (text: string): string => foldString(spec.spec, text);
const chars = (s: string): number => [...keyOf(s)].length;

/** The label under near/2's definition: the length gate decides what a `near` label means for a long pair. */
function finalLabel(p: Pair, label: Label): Final {
  const [a, b] = [chars(p.a), chars(p.b)];
  if (label !== 'near' || Math.min(a, b) / Math.max(a, b) >= LENGTH_GATE) return label;
  return b < a ? 'contained' : 'related';
}

// The exact rule, with no index: the score of each pair, the slot veto and the template rule.
const sideOf = (text: string): ReturnType<typeof sideOfKey> => sideOfKey(keyOf(text));
const exactNear = new Set(
  pairs
    .filter((p) => {
      const s = scorePair('mix', sideOf(p.a), sideOf(p.b), shippedDfTable(), NEAR_THRESHOLD.mix);
      return s.accepted && !s.veto && !differsOnlyInSlots(diffWords(splitWords(p.a), splitWords(p.b), keyOf));
    })
    .map((p) => p.id),
);

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

interface Score {
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
  templates: number;
  contained: string;
}

function score(flagged: (p: Pair) => boolean, labelOf: (p: Pair) => Label): Score {
  let tp = 0,
    fp = 0,
    fn = 0,
    templates = 0,
    contained = 0,
    containedAll = 0;
  for (const p of pairs) {
    const label = finalLabel(p, labelOf(p));
    const f = flagged(p);
    if (label === 'template') templates += f ? 1 : 0;
    else if (label === 'contained') {
      containedAll++;
      contained += f ? 1 : 0;
    } else if (f && label === 'near') tp++;
    else if (f) fp++;
    else if (label === 'near') fn++;
  }
  return {
    precision: tp / (tp + fp),
    recall: tp / (tp + fn),
    tp,
    fp,
    fn,
    templates,
    contained: `${contained}/${containedAll}`,
  };
}

const show = (s: Score): string =>
  `precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)} (tp ${s.tp}, fp ${s.fp}, fn ${s.fn}; templates removed ${s.templates}, contained removed ${s.contained})`;

// A pair is a hit when the CLI removes a later copy labelled `copy`, a false positive when it removes
// one labelled `new-info`.
function removalScore(flagged: (p: Pair) => boolean): Score {
  let tp = 0,
    fp = 0,
    fn = 0;
  for (const p of pairs) {
    const copy = p.label_removal === 'copy';
    if (flagged(p)) {
      if (copy) tp++;
      else fp++;
    } else if (copy) fn++;
  }
  const templates = pairs.filter((p) => p.label === 'template' && flagged(p)).length;
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), tp, fp, fn, templates, contained: '-' };
}

test(`labelled pairs (${pairs.length}): near/3 through the CLI removes almost only copies that add nothing`, async () => {
  const count = (l: string): number => pairs.filter((p) => p.label_removal === l).length;
  assert.ok(count('copy') >= 80 && count('new-info') >= 200, 'the set has enough pairs of each removal label');
  const removed = await verdicts([]);
  const byCli = (p: Pair): boolean => removed.get(p.id) === 'near';
  const byRule = (p: Pair): boolean => exactNear.has(p.id);
  const final = removalScore(byCli);
  const finalExact = removalScore(byRule);
  const issue = score(byCli, (p) => p.label);
  const strict = score(byCli, (p) => p.label_strict);
  process.stderr.write(`# removal labels (near/3's definition): CLI ${show(final)}; exact rule: ${show(finalExact)}\n`);
  process.stderr.write(`# labels (issue definition): CLI ${show(issue)}\n# strict labels: CLI ${show(strict)}\n`);
  // The levels measured when near/3 was chosen (0.946 / 0.389), with a little room: a pair more or
  // less must not fail the suite, a looser rule must.
  assert.ok(final.precision >= 0.93, `precision ${final.precision.toFixed(3)}`);
  assert.ok(final.recall >= 0.35, `recall ${final.recall.toFixed(3)}`);
  assert.ok(issue.precision >= 0.97, `precision under the issue's labels ${issue.precision.toFixed(3)}`);
  // The index may cost at most 2 points of the recall the exact rule gives.
  assert.ok(final.recall >= finalExact.recall - 0.02, `recall ${final.recall} vs exact ${finalExact.recall}`);
  // The CLI never removes as near what the exact rule would keep.
  for (const p of pairs) if (byCli(p)) assert.ok(byRule(p), `${p.id} removed by the CLI, not by the exact rule`);
});

test('labelled templates: at most 15% removed as near by default; removed with --near-templates only as template', async () => {
  const templates = pairs.filter((p) => p.label === 'template');
  const byDefault = await verdicts([]);
  // Deterministic: a second run gives the same verdicts, pair for pair.
  assert.deepEqual([...(await verdicts([])).entries()], [...byDefault.entries()]);
  const removedByDefault = templates.filter((p) => byDefault.get(p.id) === 'near').length;
  const asTemplates = await verdicts(['--near-templates']);
  const recognised = templates.filter((p) => asTemplates.get(p.id) === 'template').length;
  process.stderr.write(
    `# templates: ${removedByDefault} of ${templates.length} removed as near by default; ${recognised} recognised as templates\n`,
  );
  for (const p of templates)
    assert.notEqual(byDefault.get(p.id), 'template', 'a template is never removed without --near-templates');
  assert.ok(removedByDefault <= templates.length * 0.15, `${removedByDefault} templates removed as near`);
  assert.ok(recognised > 0);
  // With --near-templates every removal is either near or template, and near removals are unchanged.
  for (const p of pairs) if (byDefault.get(p.id) === 'near') assert.equal(asTemplates.get(p.id), 'near', p.id);
});

test('labelled pairs with --near-score jaccard: near/1 unchanged, nothing below its threshold removed', async () => {
  const removed = await verdicts(['--near-score', 'jaccard']);
  assert.ok(removed.size > 100, `${removed.size} removed`);
  for (const [id] of removed) {
    const p = pairs.find((x) => x.id === id)!;
    assert.ok(p.jaccard >= NEAR_THRESHOLD.jaccard - 0.0005, `${p.id} removed at Jaccard ${p.jaccard}`);
  }
});
