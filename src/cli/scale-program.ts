// The scale-out subcommands' grammar (plan, map, reduce, apply, commit, status, tasks), declared
// on the main program the same way as `key` and `index`. The dedupe options a plan records are the
// main command's own (commander hands them over as globals); this file only parses.
import { type Command, Option } from 'commander';
import type { RawOptions } from './program.js';
import { alsoTakes } from './flags.js';

export type ScalePhaseName = 'map' | 'reduce' | 'apply' | 'commit';

export type ScaleParsed =
  | {
      kind: 'scale-plan';
      operands: string[];
      options: RawOptions;
      work: string;
      shards?: string;
      filesPerTask?: string;
      taskSize?: string;
    }
  | {
      kind: 'scale-task';
      phase: ScalePhaseName;
      options: RawOptions;
      work: string;
      task?: string;
      planId?: string;
      partRecords?: string;
    }
  | { kind: 'scale-status'; options: RawOptions; work: string; json: boolean }
  | { kind: 'scale-tasks'; options: RawOptions; work: string; phase?: string };

export function isScaleParsed(parsed: { kind: string }): parsed is ScaleParsed {
  return parsed.kind.startsWith('scale-');
}

type Sink = { out: (s: string) => void; err: (s: string) => void };

export function addScaleCommands(
  program: Command,
  sink: Sink,
  oneLine: (text: string) => string,
  done: (parsed: ScaleParsed) => void,
): void {
  // commander's own errors ("missing required option") name the subcommand, as ours do.
  const configure = (command: Command): Command =>
    command.exitOverride().configureOutput({
      writeOut: sink.out,
      writeErr: sink.err,
      outputError: (text, write) => write(oneLine(`${command.name()}: ${text.replace(/^error: /, '')}`)),
    });
  const globals = (command: Command): RawOptions => command.optsWithGlobals<RawOptions>();

  configure(
    program
      .command('plan')
      .description(
        'scale-out: record the inputs, options and task counts of a sharded run in a work folder (see docs/scale-out.md)',
      )
      .argument('<inputs...>', 'files, folders or globs, as for dedupe itself')
      .requiredOption('--work <dir>', 'the work folder (shared by every task; created if missing)')
      .option('--shards <n>', 'reduce tasks (default: one per 128 MiB of input)')
      .option('--files-per-task <n>', 'at most N input files per map/apply task (default 1000)')
      .option('--task-size <bytes>', 'at most this much input per map/apply task (default 256M; K, M, G suffixes)')
      .addHelpText('after', alsoTakes('plan')),
  ).action(
    (
      operands: string[],
      options: { work: string; shards?: string; filesPerTask?: string; taskSize?: string },
      command: Command,
    ) => {
      done({
        kind: 'scale-plan',
        operands,
        options: globals(command),
        work: options.work,
        shards: options.shards,
        filesPerTask: options.filesPerTask,
        taskSize: options.taskSize,
      });
    },
  );

  const phases: [ScalePhaseName, string][] = [
    ['map', 'scale-out: key and fingerprint one group of inputs into shard records'],
    ['reduce', 'scale-out: find the first copy of every key of one shard; write drop lists'],
    ['apply', 'scale-out: write one group of inputs to --out-dir without their dropped units'],
    ['commit', "scale-out: after every apply task, append the kept units to the plan's --index"],
  ];
  for (const [phase, description] of phases) {
    const command = program
      .command(phase)
      .description(description)
      .requiredOption('--work <dir>', "the plan's work folder");
    if (phase !== 'commit')
      command.option(
        '--task <n>',
        "which task (0-based; from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, parallel's {})",
      );
    command.option('--plan-id <id>', 'refuse to run unless the work folder holds this plan');
    if (phase === 'map')
      command.addOption(new Option('--part-records <n>', 'records per map output part, for tests').hideHelp());
    // --out-dir and --index are the program's own options, read through optsWithGlobals.
    command.addHelpText('after', alsoTakes(phase));
    configure(command).action(
      (options: { work: string; task?: string; planId?: string; partRecords?: string }, cmd: Command) => {
        done({
          kind: 'scale-task',
          phase,
          options: globals(cmd),
          work: options.work,
          task: options.task,
          planId: options.planId,
          partRecords: options.partRecords,
        });
      },
    );
  }

  configure(
    program
      .command('status')
      .description('scale-out: which tasks of each phase are done, failed or pending')
      .requiredOption('--work <dir>', "the plan's work folder")
      .option('--json', 'print one JSON object (plan, phases with their done, failed and pending tasks) for scripts'),
  ).action((options: { work: string; json?: boolean }, command: Command) => {
    done({ kind: 'scale-status', options: globals(command), work: options.work, json: options.json === true });
  });
  configure(
    program
      .command('tasks')
      .description('scale-out: the number of tasks of a phase, alone on a line (for job arrays)')
      .argument('[phase]', 'map, reduce, apply or commit')
      .requiredOption('--work <dir>', "the plan's work folder"),
  ).action((phase: string | undefined, options: { work: string }, command: Command) => {
    done({ kind: 'scale-tasks', options: globals(command), work: options.work, phase });
  });
}
