// Compressed inputs (issue 18): dedupe reading the generated big file as gzip and as zstd, beside
// the same text uncompressed and beside the shell's way (`zcat x.gz | dedupe`), in the same
// alternating rounds. MiB/s are of the text; the ratios to the plain run are the result.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import type { Context, ScenarioResult } from './context.js';
import { corpus, verifyAll } from './scenario-generated.js';
import { summarize } from './report.js';
import { runAlternating } from './rounds.js';
import { dedupeCommand } from './tools.js';
import { formatBytes, formatCount } from './sizes.js';
import type { Command } from './measure.js';
import { compressingSink } from '../src/formats/encode-sink.js';
import { createAtomicFileSink } from '../src/fs/atomic-sink.js';

async function zstdFile(from: string, to: string): Promise<void> {
  const sink = compressingSink(createAtomicFileSink(to), 'zstd');
  for await (const chunk of createReadStream(from, { highWaterMark: 1 << 20 })) await sink.write(chunk as Buffer);
  await sink.commit();
}

const installed = (program: string): boolean =>
  spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;

export async function compressedScenario(ctx: Context): Promise<ScenarioResult> {
  const m = corpus(ctx, { kind: 'lines', bytes: ctx.options.size });
  const gz = `${m.oneFile}.gz`;
  const zst = `${m.oneFile}.zst`;
  if (!existsSync(gz)) {
    ctx.progress('  gzip (level 6) ...');
    await pipeline(createReadStream(m.oneFile), createGzip(), createWriteStream(gz));
  }
  if (!existsSync(zst)) {
    ctx.progress('  zstd (level 3) ...');
    await zstdFile(m.oneFile, zst);
  }
  const sh = (label: string, script: string, tool: string): Command => ({
    label,
    tool,
    file: 'sh',
    args: ['-c', script],
  });
  const bin = `'${process.execPath}' '${ctx.options.dedupeBin}'`;
  const commands: Command[] = [
    dedupeCommand('dedupe FILE', [m.oneFile]),
    dedupeCommand('dedupe FILE.gz', [gz]),
    dedupeCommand('dedupe FILE.zst', [zst]),
  ];
  if (installed('zcat')) {
    commands.push(sh('zcat FILE.gz | dedupe', `zcat '${gz}' | ${bin}`, 'dedupe'));
    commands.push(sh('zcat FILE.gz (alone)', `zcat '${gz}'`, 'zcat'));
  }
  if (installed('zstdcat')) {
    commands.push(sh('zstdcat FILE.zst | dedupe', `zstdcat '${zst}' | ${bin}`, 'dedupe'));
    commands.push(sh('zstdcat FILE.zst (alone)', `zstdcat '${zst}'`, 'zstdcat'));
  }
  const verified = await verifyAll(ctx, commands, 'line', m);
  const runs = await runAlternating(commands, ctx.options.rounds, ctx.scratch, ctx.progress);
  const rows = summarize(commands, runs, m.bytes);
  const plain = rows[0].medianMs;
  const ratio = (label: string): number | undefined => {
    const row = rows.find((r) => r.label === label);
    return row ? plain / row.medianMs : undefined;
  };
  const size = (path: string): string => formatBytes(Number(spawnSync('stat', ['-c', '%s', path]).stdout));
  return {
    name: 'compressed',
    title: `Compressed inputs: ${formatBytes(m.bytes)} of generated lines as gzip and zstd`,
    input: `${formatBytes(m.bytes)} of text, ${formatCount(m.units)} lines; ${size(gz)} as gzip -6, ${size(zst)} as zstd -3 (MiB/s are of the text)`,
    tables: [{ caption: `compressed: ${ctx.options.rounds} alternating rounds`, rows }],
    verified,
    notes: rows.slice(1).map((r) => `${r.label}: ${(plain / r.medianMs).toFixed(2)}x the plain file's speed`),
    figures: {
      'compressed.gzip.xPlain': ratio('dedupe FILE.gz'),
      'compressed.zstd.xPlain': ratio('dedupe FILE.zst'),
      'compressed.zcatPipe.xPlain': ratio('zcat FILE.gz | dedupe'),
    },
  };
}
