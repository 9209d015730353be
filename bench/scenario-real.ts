// Real text: the shared Arabic news corpus (about 10,000 articles, 13 MB), as one concatenated
// temp file and as its 10,161 files, so figures on generated text are checked against real prose.
// `--key exact` must keep exactly the distinct non-blank lines plus every blank line.
import { join } from 'node:path';
import type { Context, ScenarioResult } from './context.js';
import { prepareRealCorpus } from './real-corpus.js';
import { summarize } from './report.js';
import { runAlternating, verifyCount, type Verified } from './rounds.js';
import { formatBytes, formatCount } from './sizes.js';

export async function realScenario(ctx: Context): Promise<ScenarioResult | string> {
  const root = ctx.options.realDir;
  if (!root) return 'real: skipped, no corpus found at ../shared/corpus (pass --real DIR)';
  ctx.progress(`reading the real corpus in ${root} ...`);
  const real = prepareRealCorpus(root, join(ctx.workDir, 'real-one.txt'));
  if (real.files.length === 0) return `real: skipped, no .txt files under ${root}`;
  const many = ctx.tools
    .commands(real.files, 'line', root)
    .map((c) => ({ ...c, label: `${c.label} [${formatCount(real.files.length)} files]` }));
  const one = ctx.tools.commands([real.oneFile], 'line').map((c) => ({ ...c, label: `${c.label} [one file]` }));

  const exactKept = real.exactDistinct + real.blankLines;
  const referenceKept = real.referenceDistinct + real.blankLines;
  const verified: Verified[] = [];
  const notes: string[] = [];
  for (const c of [...one, ...many]) {
    if (c.tool === 'exact') {
      verified.push(await verifyCount(c, 'line', exactKept, ctx.scratch));
    } else if (c.tool === 'dedupe') {
      // The key spec is still growing (another issue), so the string reference is advisory here.
      const v = await verifyCount(c, 'line', referenceKept, ctx.scratch, false);
      verified.push(v);
      if (v.got !== referenceKept)
        notes.push(`note: ${c.label} kept ${v.got} lines; the issue-2 string reference fold keeps ${referenceKept}`);
    }
  }
  const commands = many.flatMap((c, i) => [c, one[i]]);
  const runs = await runAlternating(commands, ctx.options.rounds, ctx.scratch, ctx.progress);
  const manyRows = summarize(many, runs, real.bytes);
  const oneRows = summarize(one, runs, real.bytes);
  for (let i = 0; i < many.length; i++) {
    notes.push(
      `${many[i].tool}: ${formatCount(real.files.length)} files take ${(manyRows[i].medianMs / oneRows[i].medianMs).toFixed(2)}x the time of one file`,
    );
  }
  return {
    name: 'real',
    title: `Real Arabic news text (${formatCount(real.files.length)} articles, ${formatBytes(real.bytes)})`,
    input: `${formatBytes(real.bytes)}; kept with --key exact: ${formatCount(exactKept)} lines (${formatCount(real.exactDistinct)} distinct non-blank + ${formatCount(real.blankLines)} blank); reference fold: ${formatCount(referenceKept)}`,
    tables: [
      { caption: `real: one concatenated file, ${ctx.options.rounds} rounds`, rows: oneRows },
      { caption: `real: ${formatCount(real.files.length)} files, same rounds`, rows: manyRows },
    ],
    verified,
    notes,
    figures: {
      'real.default.mibPerSec': oneRows.find((r) => r.label.startsWith('dedupe ['))?.mibPerSec,
      'real.default.xMawk': oneRows.find((r) => r.label.startsWith('dedupe ['))?.xMawk,
    },
  };
}
