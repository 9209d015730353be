// `dedupe index stats` and `dedupe index merge`: thin wrappers over the index store that print
// figures on stdout and refusals as one `dedupe:` line; the exit code is decided by main().
import { indexStats, mergeIndexes, salvageIndex } from '../index-store/index.js';
import { formatBytes } from '../report/summary-line.js';
import { archivedRecordBytes } from '../near/archive-candidates.js';
import { NEAR_SHAPE } from '../near/near-shape.js';
import { pathFields } from '../report/json-report.js';
import { showRawBytes } from '../report/escape.js';
import type { Io } from './io.js';
import { ExitCode } from './exit-code.js';

export async function runIndexStats(path: string, json: boolean, io: Io): Promise<ExitCode> {
  const result = await indexStats(path);
  if (result.kind !== 'ok') {
    io.stderr.write(`dedupe: ${path}: ${result.message}\n`);
    return ExitCode.trouble;
  }
  const s = result.stats;
  for (const warning of s.warnings) io.stderr.write(`dedupe: ${path}: ${warning}\n`);
  const figures = {
    ...pathFields('path', s.path),
    keys: s.keys,
    frames: s.frames,
    inputs: s.inputs,
    near: {
      records: s.nearRecords,
      bytesOnDisk: s.nearBytes,
      bytesPerRecordOnDisk: s.nearRecords > 0 ? Math.round((s.nearBytes / s.nearRecords) * 10) / 10 : 0,
      bytesPerRecordInMemory: archivedRecordBytes(NEAR_SHAPE),
    },
    sizeBytes: s.sizeBytes,
    validBytes: s.validBytes,
    keySpec: s.keySpec,
    hash: s.hash.algorithm,
    hashBits: s.hash.bits,
    formatVersion: s.formatVersion,
    created: s.created.toISOString(),
    updated: s.updated.toISOString(),
  };
  const text = json
    ? `${JSON.stringify(figures)}\n`
    : [
        `index:    ${s.path}`,
        `keys:     ${s.keys.toLocaleString('en-US')}`,
        `inputs:   ${s.inputs.toLocaleString('en-US')} (${s.frames.toLocaleString('en-US')} frames)`,
        `size:     ${formatBytes(s.sizeBytes)} on disk`,
        ...(s.nearRecords > 0
          ? [
              `near:     ${s.nearRecords.toLocaleString('en-US')} records (--near), ${figures.near.bytesPerRecordOnDisk} B each on disk, ` +
                `about ${figures.near.bytesPerRecordInMemory} B each in memory when loaded`,
            ]
          : []),
        `key spec: ${s.keySpec}`,
        `hash:     ${s.hash.algorithm} (${s.hash.bits} bits)`,
        `created:  ${figures.created}`,
        `updated:  ${figures.updated}`,
        '',
      ].join('\n');
  await io.stdout.write(Buffer.from(showRawBytes(text)));
  return ExitCode.ok;
}

export async function runIndexMerge(
  inputs: string[],
  output: string,
  force: boolean,
  io: Io,
  pid: number,
  isAlive: (pid: number) => boolean,
): Promise<ExitCode> {
  const result = await mergeIndexes(inputs, output, { pid, isAlive, replace: force });
  if (result.kind !== 'ok') {
    io.stderr.write(`dedupe: ${output}: ${result.message}\n`);
    return ExitCode.trouble;
  }
  for (const warning of result.warnings) io.stderr.write(`dedupe: ${warning}\n`);
  return ExitCode.ok;
}

export async function runIndexSalvage(path: string, io: Io): Promise<ExitCode> {
  const result = await salvageIndex(path, { pid: io.pid, isAlive: (pid) => io.isAlive(pid) });
  if (result.kind !== 'ok') {
    io.stderr.write(`dedupe: ${path}: ${result.message}\n`);
    return ExitCode.trouble;
  }
  const s = result.summary;
  for (const warning of s.warnings) io.stderr.write(`dedupe: ${warning}\n`);
  // Where each dropped range was, so a user can match it against the runs that wrote then.
  const ranges = s.dropped.map((d) => `bytes ${d.offset}-${d.offset + d.bytes - 1} (${d.why})`).join(', ');
  io.stderr.write(
    `dedupe: ${path}: kept ${s.framesKept} frames (${s.keysKept} keys${s.nearRecordsKept > 0 ? `, ${s.nearRecordsKept} near records` : ''}), dropped ${s.dropped.length} damaged range(s)${ranges ? `: ${ranges}` : ''}\n`,
  );
  return ExitCode.ok;
}
