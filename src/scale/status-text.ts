// `dedupe status`: per phase, which tasks are done, failed or pending, as plain lines a person or
// a script can read; the failures' messages follow. Pure text from markers, changes nothing.
import { PHASES, taskCount, type Manifest } from './manifest.js';
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

/** The status lines, and how many tasks have failed (the command's exit status says if any has). */
export function statusText(work: string, manifest: Manifest): { text: string; failed: number } {
  const lines = [
    `plan ${manifest.planId}: ${manifest.inputs.length} inputs, ${manifest.problems.length} problems, ${taskCount(manifest, 'map')} input groups, ${manifest.shards} shards${manifest.index ? `, index ${manifest.index.path}` : ''}`,
  ];
  const failures: string[] = [];
  for (const phase of PHASES) {
    const tasks = taskCount(manifest, phase);
    const state = phaseState(work, manifest.planId, phase, tasks);
    const failedTasks = state.failed.map((f) => f.task);
    const part = (label: string, list: number[]): string =>
      `${label} ${list.length}${list.length > 0 && list.length < tasks ? ` (${compactList(list)})` : ''}`;
    lines.push(
      `${phase.padEnd(7)}${part('done', state.done)}, ${part('failed', failedTasks)}, ${part('pending', state.pending)} of ${tasks}`,
    );
    for (const f of state.failed) failures.push(`${phase} ${f.task} failed: ${f.message.replace(/\s*\n\s*/g, ' ')}`);
  }
  return { text: `${[...lines, ...failures].join('\n')}\n`, failed: failures.length };
}
