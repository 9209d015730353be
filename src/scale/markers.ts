// Task completion markers in WORK/status/: `<phase>-<task>.done` (written last, after the task's
// outputs are durable: its presence means the task is finished) and `<phase>-<task>.failed` (the
// last attempt's error, removed on success). Markers carry the plan id; a foreign one is refused.
// A task that finds another task's output damaged withdraws that task's done marker (see below).
import { mkdirSync, readFileSync, readdirSync, unlinkSync } from '../fs/lossless-fs.js';
import { join } from 'node:path';
import type { Phase } from './manifest.js';
import { writeFileAtomically } from '../fs/atomic-write.js';

export const STATUS_DIR = 'status';

export type MarkerRead<T> = { kind: 'none' } | { kind: 'done'; data: T } | { kind: 'foreign'; message: string };

function markerPath(work: string, phase: Phase, task: number, suffix: 'done' | 'failed'): string {
  return join(work, STATUS_DIR, `${phase}-${task}.${suffix}`);
}

export function readDone<T>(work: string, planId: string, phase: Phase, task: number): MarkerRead<T> {
  const path = markerPath(work, phase, task, 'done');
  let parsed: { planId?: string; data?: T };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as { planId?: string; data?: T };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return {
      kind: 'foreign',
      message: `${path}: damaged marker (${(error as Error).message}); delete it and run ${rerunCommand(work, phase, task)}`,
    };
  }
  if (parsed.planId !== planId)
    return {
      kind: 'foreign',
      message: `${path}: written for plan ${String(parsed.planId)}, not for this plan ${planId}; refusing to mix plans (use a fresh work folder per plan)`,
    };
  return { kind: 'done', data: parsed.data as T };
}

export function writeDone(work: string, planId: string, phase: Phase, task: number, data: unknown): void {
  mkdirSync(join(work, STATUS_DIR), { recursive: true });
  writeFileAtomically(markerPath(work, phase, task, 'done'), [
    Buffer.from(`${JSON.stringify({ planId, phase, task, data })}\n`),
  ]);
  try {
    unlinkSync(markerPath(work, phase, task, 'failed'));
  } catch {
    /* there was none */
  }
}

export function writeFailed(
  work: string,
  planId: string,
  phase: Phase,
  task: number,
  message: string,
  at: string,
): void {
  try {
    mkdirSync(join(work, STATUS_DIR), { recursive: true });
    writeFileAtomically(markerPath(work, phase, task, 'failed'), [
      Buffer.from(`${JSON.stringify({ planId, phase, task, message, at })}\n`),
    ]);
  } catch {
    // Recording a failure is best effort: the task's exit status already says it failed.
  }
}

export interface PhaseState {
  readonly done: number[];
  readonly failed: { task: number; message: string }[];
  readonly pending: number[];
}

/** What the markers say about every task of a phase (one listing of the status folder). */
export function phaseState(work: string, planId: string, phase: Phase, tasks: number): PhaseState {
  let names: Set<string>;
  try {
    names = new Set(readdirSync(join(work, STATUS_DIR)));
  } catch {
    names = new Set();
  }
  const state: PhaseState = { done: [], failed: [], pending: [] };
  for (let task = 0; task < tasks; task++) {
    if (names.has(`${phase}-${task}.done`) && readDone(work, planId, phase, task).kind === 'done') {
      state.done.push(task);
      continue;
    }
    if (names.has(`${phase}-${task}.failed`)) {
      let message = 'failed';
      try {
        const parsed = JSON.parse(readFileSync(markerPath(work, phase, task, 'failed'), 'utf8')) as {
          planId?: string;
          message?: string;
        };
        if (parsed.planId === planId) message = parsed.message ?? message;
        else {
          state.pending.push(task);
          continue;
        }
      } catch {
        /* an unreadable failure marker still says the task failed */
      }
      state.failed.push({ task, message });
      continue;
    }
    state.pending.push(task);
  }
  return state;
}

/** Fails unless every task of the phase is done: the message names the first few missing. */
export function requirePhaseDone(work: string, planId: string, phase: Phase, tasks: number): string | undefined {
  const state = phaseState(work, planId, phase, tasks);
  const missing = [...state.failed.map((f) => f.task), ...state.pending].sort((a, b) => a - b);
  if (missing.length === 0) return undefined;
  const list = missing.slice(0, 10).join(', ') + (missing.length > 10 ? `, ... (${missing.length} in all)` : '');
  return `${phase} is not finished: task(s) ${list} not done (see dedupe status --work ${work})`;
}

/** The command that reruns a task, as the user would type it (the work folder as they gave it). */
export function rerunCommand(work: string, phase: Phase, task: number): string {
  const folder = /^[\w@%+=:,./-]+$/.test(work) ? work : `'${work.replace(/'/g, "'\\''")}'`;
  return `dedupe ${phase} --work ${folder}${phase === 'commit' ? '' : ` --task ${task}`}`;
}

/**
 * A reader found a file of `phase` task `task` damaged, missing or another plan's: that task is no
 * longer done, so the next run of it writes the file again instead of answering "already done".
 * Safe: a rerun writes the very same bytes, so readers that already used its good slices stay
 * right. Its failure marker says why, for status. Returns the reader's message, naming the command.
 */
export function withdrawDone(
  work: string,
  planId: string,
  phase: Phase,
  task: number,
  problem: string,
  reader: string,
): string {
  const command = rerunCommand(work, phase, task);
  // Failure first, then the done marker: a rerun finishing in between (which removes the failure)
  // leaves the task pending, not done with a stale failure beside it.
  writeFailed(work, planId, phase, task, `${problem} (found by ${reader}): run ${command}`, new Date().toISOString());
  try {
    unlinkSync(markerPath(work, phase, task, 'done'));
  } catch {
    /* already withdrawn, or never written */
  }
  return `${problem}; ${phase} task ${task} writes it and is no longer marked done: run ${command}, then rerun this task`;
}
