// The scale-out's run layer: one task of a phase run against the loaded manifest (with the run's
// Io for interrupt cleanups and lock ownership), a failed task's marker written, and a new plan
// saved in its work folder. The CLI only validates flags, prints messages and picks exit codes.
import { mkdirSync } from '../fs/lossless-fs.js';
import { join } from 'node:path';
import {
  MANIFEST_FILE,
  readManifest,
  serializeManifest,
  withPlanId,
  type Manifest,
  type ManifestBody,
  type Phase,
} from './manifest.js';
import { writeFileAtomically } from '../fs/atomic-write.js';
import { writeFailed } from './markers.js';
import { runMapTask } from './map-task.js';
import { runReduceTask } from './reduce-task.js';
import { runApplyTask } from './apply-task.js';
import { runCommitTask } from './commit-task.js';
import type { TaskOutcome } from './task-outcome.js';
import type { RunIo } from '../run/run-io.js';
import { yieldToEventLoop } from '../run/source-run.js';

export interface PhaseTask {
  readonly phase: Phase;
  readonly work: string;
  readonly manifest: Manifest;
  readonly task: number;
  /** apply: where the cleaned inputs are written. */
  readonly outDir?: string;
  /** commit: the index to append to, when not the plan's own. */
  readonly index?: string;
  /** map: records per part file. */
  readonly partRecords?: number;
}

export function runPhase(t: PhaseTask, io: RunIo): Promise<TaskOutcome> {
  switch (t.phase) {
    case 'map':
      return runMapTask(t.work, t.manifest, t.task, { partRecords: t.partRecords, yieldNow: yieldToEventLoop });
    case 'reduce':
      return runReduceTask(t.work, t.manifest, t.task);
    case 'apply':
      return runApplyTask(t.work, t.manifest, t.task, {
        outDir: t.outDir!,
        track: (sink) => io.onInterrupt(() => sink.abort()),
        yieldNow: yieldToEventLoop,
      });
    case 'commit':
      return runCommitTask(t.work, t.manifest, t.index, { pid: io.pid, isAlive: (pid) => io.isAlive(pid) });
  }
}

/** status shows only the marker: it names the first input that failed, not just how many did. */
export function recordFailure(t: PhaseTask, outcome: Extract<TaskOutcome, { kind: 'failed' }>, at: Date): void {
  const first = outcome.messages.find((m) => m.severity === 'error');
  writeFailed(
    t.work,
    t.manifest.planId,
    t.phase,
    t.task,
    first ? `${outcome.message} (first: ${first.label}: ${first.message})` : outcome.message,
    at.toISOString(),
  );
}

export type PlanSaved = { kind: 'saved'; manifest: Manifest } | { kind: 'error'; message: string };

/** Saves the plan in its work folder; the same plan again is no change, another one is refused. */
export function savePlan(work: string, body: ManifestBody): PlanSaved {
  const manifest = withPlanId(body);
  const existing = readManifest(work);
  if (existing.kind === 'ok' && existing.manifest.planId !== manifest.planId) {
    // The same files and options named another way (`corpus/` or `corpus`, from another folder):
    // the plan already there stands, under its own id, as the same plan again would.
    if (comparable(existing.manifest) === comparable(manifest)) return { kind: 'saved', manifest: existing.manifest };
    const was = existing.manifest.index;
    const now = manifest.index;
    const why =
      was && now && comparable({ ...existing.manifest, index: now }) === comparable(manifest)
        ? `, made against the index as it was then (${was.frames} frames; ${now.frames} now)`
        : ' (other inputs or options)';
    return {
      kind: 'error',
      message: `${work} already holds plan ${existing.manifest.planId}${why}; use a new work folder for a new plan`,
    };
  }
  if (existing.kind !== 'ok') {
    try {
      mkdirSync(work, { recursive: true });
      writeFileAtomically(join(work, MANIFEST_FILE), [Buffer.from(serializeManifest(manifest))]);
    } catch (error) {
      return { kind: 'error', message: `${work}: cannot write the plan: ${(error as Error).message}` };
    }
  }
  return { kind: 'saved', manifest };
}

// A plan's content without the operands' spelling (what messages show) and without its id (which
// hashes that spelling too), for telling the same plan.
function comparable(m: ManifestBody | Manifest): string {
  const { operands: _operands, inputs, problems, planId: _planId, ...rest } = m as Manifest;
  return JSON.stringify({
    ...rest,
    inputs: inputs.map(({ label: _label, ...input }) => input),
    problems: problems.map(({ label: _label, ...problem }) => problem),
  });
}
