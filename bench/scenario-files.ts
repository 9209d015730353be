// Issue 20's folder scenarios on the `many` corpus (20,000 files of ~5 KiB and the same bytes in
// one file): `files`, what a folder costs per file beyond its bytes, beside mawk and cat; and
// `outdir`, the same folder mirrored with --out-dir (durable: every file flushed) against the same
// run to stdout. With --baseline the old build runs in the same rounds. Counts are checked first.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, ScenarioResult } from './context.js';
import { countUnits } from './count-units.js';
import { manyFileNames, type CorpusManifest } from './generate-corpus.js';
import { measure, type Command, type Measurement } from './measure.js';
import { summarize, type Row } from './report.js';
import { BenchFailure, runAlternating, verifyCount, type Verified } from './rounds.js';
import { corpus } from './scenario-generated.js';
import { oldDedupe, OLD_LABEL } from './scenario-startup.js';
import { formatBytes, formatCount } from './sizes.js';
import { dedupeCommand } from './tools.js';

/** Issue 20: extra time per file of a folder to stdout, beyond the same bytes in one file. */
const TARGET_PER_FILE_US = 20;
/** Issue 20: --out-dir's time over the same run to stdout. */
const TARGET_OUT_DIR_RATIO = 2;

function manyCorpus(ctx: Context): CorpusManifest {
  return corpus(ctx, { kind: 'many', files: ctx.options.files, fileBytes: ctx.options.fileBytes });
}

const medianOf = (rows: readonly Row[], label: string): number | undefined =>
  rows.find((r) => r.label === label)?.medianMs;

export async function filesScenario(ctx: Context): Promise<ScenarioResult> {
  const m = manyCorpus(ctx);
  const files = m.fileCount;
  const folder = m.manyDir!;
  // Each tool as people run it: dedupe walks the folder, awk and cat are given the names.
  const pairs: { tool: string; many: Command; one: Command }[] = [
    {
      tool: 'dedupe',
      many: dedupeCommand('dedupe [folder]', [folder]),
      one: dedupeCommand('dedupe [one file]', [m.oneFile]),
    },
  ];
  for (const old of oldDedupe(ctx, [folder]))
    pairs.push({ tool: 'old', many: { ...old, label: `${OLD_LABEL} [folder]` }, one: oldOne(ctx, m.oneFile) });
  const names = manyFileNames(files);
  for (const c of ctx.tools.commands(names, 'line', folder).filter((x) => x.tool === 'mawk' || x.tool === 'cat')) {
    const one = ctx.tools.commands([m.oneFile], 'line').find((x) => x.tool === c.tool)!;
    pairs.push({
      tool: c.tool,
      many: { ...c, label: `${c.label} [files]` },
      one: { ...one, label: `${c.label} [one file]` },
    });
  }
  const verified: Verified[] = [];
  for (const p of pairs) {
    const expected = p.tool === 'mawk' ? m.expected.exact : p.tool === 'cat' ? undefined : m.expected.standard;
    if (expected === undefined) continue;
    for (const c of [p.many, p.one]) verified.push(await verifyCount(c, 'line', expected, ctx.scratch));
  }
  const commands = pairs.flatMap((p) => [p.many, p.one]);
  const runs = await runAlternating(commands, ctx.options.rounds, ctx.scratch, ctx.progress);
  const manyRows = summarize(
    pairs.map((p) => p.many),
    runs,
    m.bytes,
  );
  const oneRows = summarize(
    pairs.map((p) => p.one),
    runs,
    m.bytes,
  );
  const perFile = (p: (typeof pairs)[number]): number =>
    (((medianOf(manyRows, p.many.label) ?? NaN) - (medianOf(oneRows, p.one.label) ?? NaN)) * 1000) / files;
  const notes = pairs.map((p) => `${p.many.label}: ${perFile(p).toFixed(1)} µs extra per file`);
  const mine = perFile(pairs[0]);
  const old = pairs.find((p) => p.tool === 'old');
  if (old) notes.push(`this build's extra per file is ${(mine / perFile(old)).toFixed(2)}x the old build's`);
  const mawk = pairs.find((p) => p.tool === 'mawk');
  if (mawk) notes.push(`dedupe's extra per file is ${(mine / perFile(mawk)).toFixed(2)}x mawk's`);
  notes.push(
    `issue 20 target, <= ${TARGET_PER_FILE_US} µs extra per file: ${mine <= TARGET_PER_FILE_US ? 'met' : '**missed**'} (${mine.toFixed(1)} µs)`,
  );
  return {
    name: 'files',
    title: `A folder of ${formatCount(files)} files of ~${formatBytes(ctx.options.fileBytes)} vs the same bytes in one file`,
    input: `${formatBytes(m.bytes)} in ${formatCount(files)} files; ${formatCount(m.units)} lines; distinct: ${formatCount(m.expected.standard)} default key, ${formatCount(m.expected.exact)} exact`,
    tables: [
      { caption: `files: the folder, ${ctx.options.rounds} rounds`, rows: manyRows },
      { caption: `files: the same bytes as one file, same rounds`, rows: oneRows },
    ],
    verified,
    notes,
    figures: { 'files.perFileUs': mine, 'files.oldPerFileUs': old ? perFile(old) : undefined },
  };
}

function oldOne(ctx: Context, oneFile: string): Command {
  return { ...oldDedupe(ctx, [oneFile])[0], label: `${OLD_LABEL} [one file]` };
}

export async function outDirScenario(ctx: Context): Promise<ScenarioResult> {
  const m = manyCorpus(ctx);
  const folder = m.manyDir!;
  const builds = [{ label: 'dedupe', command: (args: string[]) => dedupeCommand('dedupe', args) }];
  if (ctx.options.baselineBin) builds.push({ label: OLD_LABEL, command: (args) => oldDedupe(ctx, args)[0] });
  const outDirs = new Map<string, string>();
  // What each --out-dir run starts without: its folder, and its index file for --index.
  const fresh = new Map<string, string[]>();
  const commands: Command[] = [];
  for (const [i, b] of builds.entries()) {
    const out = join(ctx.workDir, `outdir-${i}`);
    const mirrored = { ...b.command([folder, '--out-dir', out]), label: `${b.label} --out-dir` };
    outDirs.set(mirrored.label, out);
    fresh.set(mirrored.label, [out]);
    // With an index each output is durable before the index commits its input (issue 20's fourth row).
    const indexed = join(ctx.workDir, `outdir-index-${i}`);
    const index = join(ctx.workDir, `outdir-${i}.dedupe-index`);
    const withIndex = {
      ...b.command([folder, '--out-dir', indexed, '--index', index]),
      label: `${b.label} --out-dir --index`,
    };
    outDirs.set(withIndex.label, indexed);
    fresh.set(withIndex.label, [indexed, index]);
    commands.push({ ...b.command([folder]), label: `${b.label} > stdout` }, mirrored, withIndex);
  }
  const verified: Verified[] = [];
  for (const c of commands) {
    const out = outDirs.get(c.label);
    if (out === undefined) verified.push(await verifyCount(c, 'line', m.expected.standard, ctx.scratch));
    else verified.push(await verifyOutDir(ctx, c, fresh.get(c.label)!, out, m));
  }
  const runs = await timedWithFreshOutDirs(ctx, commands, fresh);
  const rows = summarize(commands, runs, m.bytes);
  const ratio = (label: string, how = '--out-dir'): number =>
    (medianOf(rows, `${label} ${how}`) ?? NaN) / (medianOf(rows, `${label} > stdout`) ?? NaN);
  const notes = builds.flatMap((b) => [
    `${b.label}: --out-dir takes ${ratio(b.label).toFixed(2)}x the time to stdout`,
    `${b.label}: --out-dir --index takes ${ratio(b.label, '--out-dir --index').toFixed(2)}x the time to stdout`,
  ]);
  const mine = ratio('dedupe');
  if (ctx.options.baselineBin) {
    const before = medianOf(rows, `${OLD_LABEL} --out-dir`) ?? NaN;
    const after = medianOf(rows, 'dedupe --out-dir') ?? NaN;
    notes.push(`--out-dir: this build is ${(before / after).toFixed(2)}x faster than the old build`);
  }
  notes.push(
    `issue 20 target, --out-dir <= ${TARGET_OUT_DIR_RATIO}x stdout: ${mine <= TARGET_OUT_DIR_RATIO ? 'met' : '**missed**'} (${mine.toFixed(2)}x)`,
  );
  for (const paths of fresh.values()) for (const p of paths) rmSync(p, { recursive: true, force: true });
  rmSync(asideDir(ctx), { recursive: true, force: true });
  return {
    name: 'outdir',
    title: `--out-dir of ${formatCount(m.fileCount)} files vs the same run to stdout`,
    input: `${formatBytes(m.bytes)} in ${formatCount(m.fileCount)} files; each --out-dir run starts from an empty folder (the last run's moved aside and synced before, untimed; all removed at the end)`,
    tables: [{ caption: `outdir: ${ctx.options.rounds} rounds`, rows }],
    verified,
    notes,
    figures: {
      'outdir.ratio': mine,
      'outdir.oldRatio': ctx.options.baselineBin ? ratio(OLD_LABEL) : undefined,
      'outdir.indexRatio': ratio('dedupe', '--out-dir --index'),
      'outdir.oldIndexRatio': ctx.options.baselineBin ? ratio(OLD_LABEL, '--out-dir --index') : undefined,
    },
  };
}

/** Runs an --out-dir command once into an empty folder and counts the lines of every file it wrote. */
async function verifyOutDir(
  ctx: Context,
  c: Command,
  fresh: readonly string[],
  out: string,
  m: CorpusManifest,
): Promise<Verified> {
  setAside(ctx, fresh);
  const measurement = await measure(c, ctx.scratch);
  if (measurement.exitCode !== 0) throw new BenchFailure(`${c.label} exited with ${measurement.exitCode}`);
  const written = readdirSync(out);
  let got = 0;
  for (const name of written) got += countUnits(join(out, name)).lines;
  if (written.length !== m.fileCount || got !== m.expected.standard) {
    throw new BenchFailure(
      `WRONG OUTPUT: ${c.label} wrote ${written.length} files with ${got} lines, expected ${m.fileCount} files with ${m.expected.standard}`,
    );
  }
  ctx.progress(`  verified ${c.label}: ${formatCount(got)} lines in ${formatCount(written.length)} files`);
  return { label: c.label, unit: 'line', expected: m.expected.standard, got, measurement };
}

/**
 * runAlternating, with each --out-dir (and index) moved aside and the disk synced before its run,
 * outside the timing. Removed only at the end: on an ext4 without a journal (this VM's), creating a
 * file skips every inode freed in the last 60 s, so a run must not pay for the last one's removal.
 */
async function timedWithFreshOutDirs(
  ctx: Context,
  commands: readonly Command[],
  fresh: ReadonlyMap<string, readonly string[]>,
): Promise<Map<string, Measurement[]>> {
  const all = new Map<string, Measurement[]>(commands.map((c) => [c.label, []]));
  for (let r = 0; r < ctx.options.rounds; r++) {
    for (let k = 0; k < commands.length; k++) {
      const c = commands[(k + r) % commands.length];
      setAside(ctx, fresh.get(c.label) ?? []);
      spawnSync('sync', { stdio: 'ignore' });
      const [m] = (await runAlternating([c], 1, ctx.scratch, () => {})).get(c.label)!;
      all.get(c.label)!.push(m);
      ctx.progress(`  round ${r + 1}/${ctx.options.rounds} ${c.label}: ${(m.wallMs / 1000).toFixed(2)} s`);
    }
  }
  return all;
}

const asideDir = (ctx: Context): string => join(ctx.workDir, 'outdir-aside');
let setAsideCount = 0;

/** Moves a run's output folder and index out of the way without freeing an inode (see above). */
function setAside(ctx: Context, paths: readonly string[]): void {
  mkdirSync(asideDir(ctx), { recursive: true });
  for (const p of paths) {
    try {
      renameSync(p, join(asideDir(ctx), String(setAsideCount++)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
