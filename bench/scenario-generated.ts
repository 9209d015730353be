// Scenarios on generated text: one big file of lines, the same in paragraph mode, and 20,000 small
// files against the same bytes in one file. Each checks every tool's output count against the
// generator's expectation first, then times all tools alternating.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Context, ScenarioResult } from './context.js';
import {
  DEFAULT_SPEC,
  generateCorpus,
  manyFileNames,
  type CorpusManifest,
  type CorpusSpec,
} from './generate-corpus.js';
import type { Command } from './measure.js';
import { summarize, type Row } from './report.js';
import { runAlternating, verifyCount, type Verified } from './rounds.js';
import { formatBytes, formatCount } from './sizes.js';

export function corpus(ctx: Context, spec: Partial<CorpusSpec> & Pick<CorpusSpec, 'kind'>): CorpusManifest {
  const full: CorpusSpec = { ...DEFAULT_SPEC, seed: ctx.options.seed, repeatShare: ctx.options.repeatShare, ...spec };
  const tag = [
    full.kind,
    full.seed,
    full.kind === 'many'
      ? `${full.files}x${full.fileBytes}`
      : full.kind === 'distinct' || full.kind === 'few'
        ? full.units
        : full.bytes,
  ].join('-');
  ctx.progress(`generating ${tag} ...`);
  const m = generateCorpus(full, join(ctx.workDir, tag));
  // Fresh files are still being written back; flushing now keeps that I/O out of the timed runs.
  spawnSync('sync', { stdio: 'ignore' });
  ctx.progress(
    `  ${formatBytes(m.bytes)}, ${formatCount(m.units)} ${m.unit}s, expect ${formatCount(m.expected.standard)} (default key) / ${formatCount(m.expected.exact)} (exact) [${m.seconds.toFixed(1)} s]`,
  );
  return m;
}

/** What each tool must keep: dedupe folds variants together, exact and awk keep every spelling. */
export function expectedFor(
  command: Command,
  m: { readonly expected: Pick<CorpusManifest['expected'], 'standard' | 'exact'> },
): number | undefined {
  if (command.tool === 'dedupe') return m.expected.standard;
  if (command.tool === 'exact' || command.tool === 'mawk' || command.tool === 'gawk') return m.expected.exact;
  return undefined;
}

export async function verifyAll(
  ctx: Context,
  commands: readonly Command[],
  unit: 'line' | 'paragraph',
  m: { readonly expected: Pick<CorpusManifest['expected'], 'standard' | 'exact'> },
): Promise<Verified[]> {
  const out: Verified[] = [];
  for (const c of commands) {
    const expected = expectedFor(c, m);
    if (expected === undefined) continue;
    const v = await verifyCount(c, unit, expected, ctx.scratch);
    ctx.progress(`  verified ${c.label}: ${formatCount(v.got)} ${unit}s`);
    out.push(v);
  }
  return out;
}

const pick = (rows: readonly Row[], tool: string, commands: readonly Command[]): Row | undefined => {
  const c = commands.find((x) => x.tool === tool);
  return c ? rows.find((r) => r.label === c.label) : undefined;
};

async function singleFile(ctx: Context, name: string, kind: 'lines' | 'paragraphs'): Promise<ScenarioResult> {
  const m = corpus(ctx, { kind, bytes: ctx.options.size });
  const unit = m.unit;
  const commands = ctx.tools.commands([m.oneFile], unit);
  const verified = await verifyAll(ctx, commands, unit, m);
  const runs = await runAlternating(commands, ctx.options.rounds, ctx.scratch, ctx.progress);
  const rows = summarize(commands, runs, m.bytes);
  const d = pick(rows, 'dedupe', commands);
  const e = pick(rows, 'exact', commands);
  const repeats = `${Math.round(ctx.options.repeatShare * 100)}% repeats, half of them spelling variants`;
  return {
    name,
    title:
      kind === 'lines'
        ? `One file of generated Arabic lines (${formatBytes(m.bytes)})`
        : `Paragraph mode (${formatBytes(m.bytes)})`,
    input: `${formatBytes(m.bytes)}, ${formatCount(m.units)} ${unit}s, ${repeats}; distinct: ${formatCount(m.expected.standard)} default key, ${formatCount(m.expected.exact)} exact`,
    tables: [{ caption: `${name}: ${formatBytes(m.bytes)} in one file, ${ctx.options.rounds} rounds`, rows }],
    verified,
    notes:
      kind === 'paragraphs'
        ? [
            'awk in paragraph mode (RS="") compares paragraphs too but rewrites separators; it is a speed reference only.',
          ]
        : [],
    figures: {
      [`${name}.bytes`]: m.bytes,
      [`${name}.default.mibPerSec`]: d?.mibPerSec,
      [`${name}.default.xMawk`]: d?.xMawk,
      [`${name}.default.rssMiB`]: d?.rssMiB,
      [`${name}.exact.xMawk`]: e?.xMawk,
      [`${name}.exact.mibPerSec`]: e?.mibPerSec,
      [`${name}.exact.rssMiB`]: e?.rssMiB,
    },
  };
}

export const bigScenario = (ctx: Context): Promise<ScenarioResult> => singleFile(ctx, 'big', 'lines');
export const paragraphScenario = (ctx: Context): Promise<ScenarioResult> => singleFile(ctx, 'paragraph', 'paragraphs');

export async function manyScenario(ctx: Context): Promise<ScenarioResult> {
  const { files, fileBytes } = ctx.options;
  const m = corpus(ctx, { kind: 'many', files, fileBytes });
  const names = manyFileNames(m.fileCount);
  const many = ctx.tools
    .commands(names, 'line', m.manyDir)
    .map((c) => ({ ...c, label: `${c.label} [${formatCount(files)} files]` }));
  const one = ctx.tools.commands([m.oneFile], 'line').map((c) => ({ ...c, label: `${c.label} [one file]` }));
  const verified = await verifyAll(
    ctx,
    [...many, ...one].filter((c) => c.tool === 'dedupe' || c.tool === 'exact'),
    'line',
    m,
  );
  // Interleave so each many-files run sits next to its one-file twin.
  const commands = many.flatMap((c, i) => [c, one[i]]);
  const runs = await runAlternating(commands, ctx.options.rounds, ctx.scratch, ctx.progress);
  const manyRows = summarize(many, runs, m.bytes);
  const oneRows = summarize(one, runs, m.bytes);
  const ratio = (tool: string): number | undefined => {
    const a = pick(manyRows, tool, many);
    const b = pick(oneRows, tool, one);
    return a && b ? a.medianMs / b.medianMs : undefined;
  };
  // What opening and reading many files costs each tool beyond the same bytes in one file; cat's
  // figure is the kernel's own per-file cost on this machine, which no tool can go below.
  const perFile = (tool: string): string => {
    const a = pick(manyRows, tool, many);
    const b = pick(oneRows, tool, one);
    return a && b ? `${(((a.medianMs - b.medianMs) * 1000) / files).toFixed(0)} µs/file` : '?';
  };
  const notes = ctx.tools.available.map(
    (t) => `${t}: ${formatCount(files)} files take ${ratio(t)?.toFixed(2)}x the time of one file (${perFile(t)} extra)`,
  );
  return {
    name: 'many',
    title: `${formatCount(files)} files of ~${formatBytes(fileBytes)} vs the same bytes in one file`,
    input: `${formatBytes(m.bytes)} in ${formatCount(files)} files; ${formatCount(m.units)} lines; distinct: ${formatCount(m.expected.standard)} default key, ${formatCount(m.expected.exact)} exact`,
    tables: [
      { caption: `many: ${formatCount(files)} files (global scope), ${ctx.options.rounds} rounds`, rows: manyRows },
      { caption: `many: the same ${formatBytes(m.bytes)} as one file, same rounds`, rows: oneRows },
    ],
    verified,
    notes,
    figures: {
      'many.files': files,
      'many.default.ratio': ratio('dedupe'),
      'many.exact.ratio': ratio('exact'),
      'many.cat.ratio': ratio('cat'),
    },
  };
}
