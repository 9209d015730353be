// Runs the scale-out subcommands: validates their options (the plan's dedupe options through the
// same makePlan as the main command), loads the manifest, runs one task, prints its messages as
// `dedupe:` lines and records a failure marker when it fails. Returns the exit code.
import { makePlan } from './plan.js';
import { splitSteps } from './plan-values.js';
import { ExitCode } from './exit-code.js';
import { stderrRenderer } from './reporter.js';
import type { Io } from './io.js';
import { showRawBytes } from '../report/escape.js';
import type { ScaleParsed } from './scale-program.js';
import { misplacedFlags, type CommandName } from './flags.js';
import { PHASES, readManifest, taskCount, type Phase } from '../scale/manifest.js';
import { buildManifestBody } from '../scale/make-plan.js';
import { DEFAULT_FILES_PER_TASK, DEFAULT_TASK_BYTES, MAX_SHARDS } from '../scale/partition.js';
import { recordFailure, runPhase, savePlan, type PhaseTask } from '../scale/run-phase.js';
import { jobStatus, statusJson, statusText } from '../scale/status-text.js';
import type { TaskOutcome } from '../scale/task-outcome.js';

export async function runScaleCommand(parsed: ScaleParsed, io: Io): Promise<ExitCode> {
  const say = (message: string): void => io.stderr.write(`dedupe: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  const misplaced = misplacedOptions(parsed);
  if (misplaced) {
    say(misplaced);
    return ExitCode.trouble;
  }
  if (parsed.kind === 'scale-plan') return runPlanCommand(parsed, io, say);
  if (parsed.kind === 'scale-tasks' && parsed.phase === undefined) {
    say(`tasks: which phase? give map, reduce, apply or commit (dedupe tasks --work ${parsed.work} map)`);
    return ExitCode.trouble;
  }

  const read = readManifest(parsed.work);
  if (read.kind === 'error') {
    say(read.message);
    return ExitCode.trouble;
  }
  const manifest = read.manifest;
  if (parsed.kind === 'scale-status') {
    const status = jobStatus(parsed.work, manifest);
    const text = parsed.json ? statusJson(status, showRawBytes) : showRawBytes(statusText(status));
    await io.stdout.write(Buffer.from(text));
    // A script waiting on a job learns of a failed task from the status alone, as from the task.
    return status.failed > 0 ? ExitCode.trouble : ExitCode.ok;
  }
  if (parsed.kind === 'scale-tasks') {
    if (!(PHASES as readonly string[]).includes(parsed.phase!)) {
      say(`tasks: unknown phase '${parsed.phase}' (map, reduce, apply or commit)`);
      return ExitCode.trouble;
    }
    await io.stdout.write(Buffer.from(`${taskCount(manifest, parsed.phase! as Phase)}\n`));
    return ExitCode.ok;
  }

  const phase = parsed.phase;
  if (parsed.planId !== undefined && parsed.planId !== manifest.planId) {
    say(`${parsed.work} holds plan ${manifest.planId}, not ${parsed.planId}: refusing to run another plan's task`);
    return ExitCode.trouble;
  }
  const count = taskCount(manifest, phase);
  let task = 0;
  if (phase !== 'commit') {
    if (parsed.task === undefined) {
      say(
        `${phase}: --task N is required (0 to ${count - 1}; dedupe tasks --work ${parsed.work} ${phase} says how many)`,
      );
      return ExitCode.trouble;
    }
    task = Number(parsed.task);
    if (!/^\d+$/.test(parsed.task.trim()) || task >= count) {
      say(`${phase}: --task: expected a task number from 0 to ${count - 1}, got '${parsed.task}'`);
      return ExitCode.trouble;
    }
  }
  if (phase === 'apply' && parsed.options.outDir === undefined) {
    say('apply: --out-dir DIR is required (where the cleaned inputs are written)');
    return ExitCode.trouble;
  }
  const partRecords = parsed.partRecords === undefined ? undefined : Number(parsed.partRecords);
  if (partRecords !== undefined && !(Number.isInteger(partRecords) && partRecords > 0)) {
    say(`--part-records: expected a whole number above 0, got '${parsed.partRecords}'`);
    return ExitCode.trouble;
  }

  const request: PhaseTask = {
    phase,
    work: parsed.work,
    manifest,
    task,
    outDir: parsed.options.outDir,
    index: parsed.options.index,
    partRecords,
  };
  let outcome: TaskOutcome;
  try {
    outcome = await runPhase(request, io);
  } catch (error) {
    const detail = io.env.DEDUPE_DEBUG && error instanceof Error ? ` ${error.stack}` : '';
    outcome = {
      kind: 'failed',
      message: `${error instanceof Error ? error.message : String(error)}${detail}`,
      messages: [],
    };
  }
  const name = `${phase}${phase === 'commit' ? '' : ` task ${task}`}`;
  if (outcome.kind === 'already-done') {
    if (!parsed.options.quiet) say(`${name}: already done; nothing to do`);
    return ExitCode.ok;
  }
  // A refusal touched nothing, so it records nothing: status still shows the task as it was.
  if (outcome.kind === 'refused') {
    say(`${name} cannot start: ${outcome.message}`);
    return ExitCode.trouble;
  }
  for (const m of outcome.messages) say(`${m.label}: ${m.message}`);
  if (outcome.kind === 'failed') {
    say(`${name} failed: ${outcome.message}`);
    recordFailure(request, outcome, new Date());
    return ExitCode.trouble;
  }
  return ExitCode.ok;
}

async function runPlanCommand(
  parsed: Extract<ScaleParsed, { kind: 'scale-plan' }>,
  io: Io,
  say: (m: string) => void,
): Promise<ExitCode> {
  const o = parsed.options;
  if (parsed.operands.length === 0 || parsed.operands.includes('-')) {
    say('plan needs file or folder inputs; standard input cannot be split into tasks');
    return ExitCode.trouble;
  }
  const planned = makePlan({ kind: 'dedupe', operands: parsed.operands, options: o });
  if (planned.kind === 'usage-error') {
    say(planned.message);
    return ExitCode.trouble;
  }
  const plan = planned.run;
  if (plan.kind !== 'dedupe') return ExitCode.trouble;
  if (plan.mode === 'document' || plan.scope === 'document' || plan.dropEmpty) {
    say('plan cannot split --unit document, --scope document or --drop-empty into tasks yet: run dedupe itself');
    return ExitCode.trouble;
  }
  const shards = parsed.shards === undefined ? undefined : Number(parsed.shards);
  if (shards !== undefined && !(/^\d+$/.test(parsed.shards!.trim()) && shards >= 1 && shards <= MAX_SHARDS)) {
    say(`--shards: expected a whole number from 1 to ${MAX_SHARDS}, got '${parsed.shards}'`);
    return ExitCode.trouble;
  }
  const filesPerTask = parsed.filesPerTask === undefined ? DEFAULT_FILES_PER_TASK : Number(parsed.filesPerTask);
  if (!(Number.isSafeInteger(filesPerTask) && filesPerTask >= 1)) {
    say(`--files-per-task: expected a whole number above 0, got '${parsed.filesPerTask}'`);
    return ExitCode.trouble;
  }
  const taskBytes = parsed.taskSize === undefined ? DEFAULT_TASK_BYTES : parseBytes(parsed.taskSize);
  if (!(taskBytes >= 1)) {
    say(`--task-size: expected a size such as 512M or 2G, got '${parsed.taskSize}'`);
    return ExitCode.trouble;
  }

  const built = await buildManifestBody({
    operands: parsed.operands,
    walk: plan.walk,
    options: {
      mode: plan.mode,
      scope: plan.scope,
      key: { profile: o.key, fold: splitSteps(o.fold), noFold: splitSteps(o.dropFold) },
      keySpec: plan.keySpec.version,
      minChars: plan.minChars,
      minWords: plan.minWords,
      encoding: plan.encoding,
      bufferSize: plan.bufferSize,
      ...(plan.records ? { records: plan.records } : {}),
    },
    indexPath: plan.index?.path,
    shards,
    filesPerTask,
    taskBytes,
  });
  if (built.kind === 'error') {
    say(built.message);
    return ExitCode.trouble;
  }
  const saved = savePlan(parsed.work, built.body);
  if (saved.kind === 'error') {
    say(saved.message);
    return ExitCode.trouble;
  }
  const manifest = saved.manifest;
  // Listed as a run lists them: a few per reason, then a count (thousands of inputs already in the index).
  const problems = stderrRenderer(io.stderr, { wouldRemove: false });
  for (const p of manifest.problems) problems.onEvent({ kind: p.severity, label: p.label, message: p.message });
  problems.finish();
  if (!o.quiet) {
    const groups = taskCount(manifest, 'map');
    say(
      `plan ${manifest.planId}: ${manifest.inputs.length} inputs in ${groups} map/apply task(s), ${manifest.shards} reduce task(s)${manifest.index ? `, against ${manifest.index.path}` : ''}`,
    );
  }
  await io.stdout.write(Buffer.from(`${manifest.planId}\n`));
  return manifest.problems.some((p) => p.severity === 'error') ? ExitCode.trouble : ExitCode.ok;
}

function parseBytes(text: string): number {
  const m = /^(\d+)([KMG]i?B?)?$/i.exec(text.trim());
  if (!m) return NaN;
  const unit = (m[2] ?? '').toUpperCase()[0];
  return Number(m[1]) * (unit === 'K' ? 1024 : unit === 'M' ? 1024 ** 2 : unit === 'G' ? 1024 ** 3 : 1);
}

const THREAD_FLAGS: ReadonlySet<string> = new Set(['threads', 'threadsAfter', 'readAheadAfter']);

// The plan records the dedupe options once; a task given them would silently ignore them. What
// each command takes is the flag table's word.
function misplacedOptions(parsed: ScaleParsed): string | undefined {
  const o = parsed.options as unknown as Record<string, unknown>;
  const name: CommandName =
    parsed.kind === 'scale-plan'
      ? 'plan'
      : parsed.kind === 'scale-task'
        ? parsed.phase
        : parsed.kind === 'scale-status'
          ? 'status'
          : 'tasks';
  const misplaced = misplacedFlags(o, name);
  if (misplaced.length === 0) return undefined;
  // Not a comparison option: the phases' parallelism is the number of tasks run at once.
  const threads = misplaced.filter((d) => THREAD_FLAGS.has(d.name));
  if (threads.length > 0)
    return `${name} takes no ${threads.map((d) => d.label).join(', ')}: each task runs on one thread; run more tasks at once instead`;
  if (name !== 'plan')
    return `${name} takes no ${misplaced.map((d) => d.label).join(', ')}: comparison options are recorded by dedupe plan${name === 'apply' ? '' : '; --out-dir goes to apply'}`;
  const reasons: string[] = [];
  // Near matching compares each paragraph with every earlier kept one by similarity: no shard by
  // fingerprint can hold both sides.
  if (o.near)
    reasons.push(
      'plan cannot phase --near: similarity to every earlier kept paragraph cannot be sharded by fingerprint (run dedupe --near itself)',
    );
  const others = misplaced.filter((d) => d.name !== 'near' && d.name !== 'outDir' && d.goesWith?.name !== 'near');
  // A choice is named with its value: --keep first would be no refusal.
  if (others.length > 0)
    reasons.push(
      `plan cannot phase ${others.map((d) => (d.choices ? `${d.label} ${String(o[d.name])}` : d.label)).join(', ')}: the phases keep the first copy and write --out-dir trees (run dedupe itself for these)`,
    );
  if (o.outDir !== undefined) reasons.push('plan takes no --out-dir: give it to dedupe apply');
  return reasons.join('; ');
}
