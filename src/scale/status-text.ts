// `dedupe status`: per phase, which tasks are done, failed or pending, as plain lines a person or
// a script can read (the failures' messages follow), or with --json as one JSON object for a
// scheduler. Both are rendered from one reading of the markers; changes nothing.
import { PHASES, taskCount, type Manifest, type ManifestProblem, type Phase } from './manifest.js';
import { phaseState } from './markers.js';

/** 0,1,2,5,7,8 -> "0-2,5,7-8" */
export function compactList(tasks: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < tasks.length; i++) {
    let j = i;
    while (j + 1 < tasks.length && tasks[j + 1] === tasks[j] + 1) j++;
    parts.push(i === j ? `${tasks[i]}` : `${tasks[i]}-${tasks[j]}`);
    i = j;
  }
  return parts.join(',');
}

/** One phase's tasks by state; a failure's message is on one line. */
export interface PhaseStatus {
  readonly tasks: number;
  readonly done: readonly number[];
  readonly failed: readonly { readonly task: number; readonly message: string }[];
  readonly pending: readonly number[];
}

/** What `status --json` prints: the plan's figures, then each phase in order. */
export interface JobStatus {
  readonly plan: string;
  readonly inputs: number;
  /** What plan reported per input (the inputs left out of the tasks, and warnings). */
  readonly problems: readonly ManifestProblem[];
  readonly inputGroups: number;
  readonly shards: number;
  readonly index: string | null;
  /** Failed tasks over every phase: above 0, the command exits 2. */
  readonly failed: number;
  readonly phases: Readonly<Record<Phase, PhaseStatus>>;
}

export function jobStatus(work: string, manifest: Manifest): JobStatus {
  const phases = {} as Record<Phase, PhaseStatus>;
  let failed = 0;
  for (const phase of PHASES) {
    const tasks = taskCount(manifest, phase);
    const state = phaseState(work, manifest.planId, phase, tasks);
    const failures = state.failed.map((f) => ({ task: f.task, message: f.message.replace(/\s*\n\s*/g, ' ') }));
    failed += failures.length;
    phases[phase] = { tasks, done: state.done, failed: failures, pending: state.pending };
  }
  return {
    plan: manifest.planId,
    inputs: manifest.inputs.length,
    problems: manifest.problems,
    inputGroups: taskCount(manifest, 'map'),
    shards: manifest.shards,
    index: manifest.index?.path ?? null,
    failed,
    phases,
  };
}

/** The status lines. */
export function statusText(status: JobStatus): string {
  const lines = [
    `plan ${status.plan}: ${status.inputs} inputs, ${status.problems.length} problems, ${status.inputGroups} input groups, ${status.shards} shards${status.index !== null ? `, index ${status.index}` : ''}`,
  ];
  const failures: string[] = [];
  for (const phase of PHASES) {
    const { tasks, done, failed, pending } = status.phases[phase];
    const part = (label: string, list: readonly number[]): string =>
      `${label} ${list.length}${list.length > 0 && list.length < tasks ? ` (${compactList(list)})` : ''}`;
    lines.push(
      `${phase.padEnd(7)}${part('done', done)}, ${part(
        'failed',
        failed.map((f) => f.task),
      )}, ${part('pending', pending)} of ${tasks}`,
    );
    for (const f of failed) failures.push(`${phase} ${f.task} failed: ${f.message}`);
  }
  return `${[...lines, ...failures].join('\n')}\n`;
}

/**
 * `status --json`: the same facts as one JSON object on one line. show: how the messages and the
 * index path are shown (the CLI's display of a name's raw bytes, as its JSON report does).
 */
export function statusJson(status: JobStatus, show: (text: string) => string = (t) => t): string {
  const phases = {} as Record<Phase, PhaseStatus>;
  for (const phase of PHASES) {
    const p = status.phases[phase];
    phases[phase] = { ...p, failed: p.failed.map((f) => ({ task: f.task, message: show(f.message) })) };
  }
  const problems = status.problems.map((p) => ({ ...p, label: show(p.label), message: show(p.message) }));
  const index = status.index === null ? null : show(status.index);
  return `${JSON.stringify({ ...status, index, problems, phases })}\n`;
}
