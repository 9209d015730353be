// The job's one output folder: the first apply task to start records its resolved --out-dir in
// WORK/out-dir.json, and every apply task must then name that folder, so a job's outputs can
// never end up spread over several trees. Exactly one of two racing first tasks wins the record.
import { readFileSync } from '../fs/lossless-fs.js';
import { join } from 'node:path';
import { publishFileOnce } from '../fs/atomic-write.js';

export const OUT_DIR_FILE = 'out-dir.json';

export type OutDirClaim = { kind: 'ok'; recorded: string } | { kind: 'error'; message: string };

/** Records `outDir` (absolute) as the job's output folder unless one is recorded; returns the recorded one. */
export function claimOutDir(work: string, planId: string, outDir: string): OutDirClaim {
  const path = join(work, OUT_DIR_FILE);
  const existing = readRecord(path, planId);
  if (existing.kind !== 'none') return existing;
  try {
    publishFileOnce(path, [Buffer.from(`${JSON.stringify({ planId, outDir })}\n`)]);
  } catch (error) {
    return { kind: 'error', message: `${path}: cannot record the output folder: ${(error as Error).message}` };
  }
  // Ours or a racing task's: whichever was linked first is the job's.
  const read = readRecord(path, planId);
  return read.kind === 'none' ? { kind: 'error', message: `${path}: vanished while being recorded` } : read;
}

function readRecord(path: string, planId: string): OutDirClaim | { kind: 'none' } {
  let parsed: { planId?: unknown; outDir?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as typeof parsed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return {
      kind: 'error',
      message: `${path}: damaged (${(error as Error).message}); it names the job's output folder: delete it and rerun every apply task with one --out-dir`,
    };
  }
  if (parsed.planId !== planId)
    return {
      kind: 'error',
      message: `${path}: written for plan ${String(parsed.planId)}, not for this plan ${planId}; refusing to mix plans (use a fresh work folder per plan)`,
    };
  if (typeof parsed.outDir !== 'string')
    return {
      kind: 'error',
      message: `${path}: damaged (no folder); delete it and rerun every apply task with one --out-dir`,
    };
  return { kind: 'ok', recorded: parsed.outDir };
}
