// The CLI's entry: main(argv, io) parses, plans, runs and returns the exit code. It is the one
// place that decides that code, and it never calls process.exit, so tests run it in-process.
// Commander and the subcommands load only for a line that is not a plain run (command-line.ts).
import { makePlan, type Presentation } from './plan.js';
import { plainRun } from './plain-argv.js';
import { runPlan } from '../run/run-plan.js';
import type { HandedReports, RunOptions } from '../run/run-options.js';
import { ExitCode } from './exit-code.js';
import { stderrRenderer, type Renderer } from './reporter.js';
import { summaryLine } from '../report/summary-line.js';
import { formatLimit, formatPercent, formatPercentAgainst } from '../report/percent.js';
import type { Io } from './io.js';

export const VERSION = '0.1.0';

/** argv: the user's arguments only (no node, no script path). */
export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  // A plain `dedupe FILE...` needs no commander (start-up); every other line is read by it.
  const plain = plainRun(argv);
  const line = plain
    ? ({ kind: 'run', parsed: plain } as const)
    : await (await import('./command-line.js')).readCommandLine(argv, io, VERSION);
  if (line.kind === 'exit') return line.code;
  const parsed = line.parsed;

  const planned = makePlan(parsed);
  if (planned.kind === 'usage-error') {
    io.stderr.write(`dedupe: ${planned.message}\n`);
    return ExitCode.trouble;
  }
  const { run: plan, show } = planned;
  if (plan.kind === 'dedupe' && plan.output.kind === 'out-dir') io.manyCommitsAhead?.();
  const started = io.now();
  let outcome;
  const renderer = await rendererFor(plan, show, io);
  try {
    outcome = await runPlan(
      plan,
      io,
      (event) => renderer.onEvent(event),
      handedReports(show, io, plan.kind === 'dedupe' && plan.scope === 'file', plan.operands),
    );
  } catch (error) {
    // A bug, not a user problem: still one line, with the stack only on request.
    const detail = io.env.DEDUPE_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
    io.stderr.write(`dedupe: internal error: ${error instanceof Error ? error.message : String(error)}${detail}\n`);
    return ExitCode.trouble;
  }
  // However the run ended, it owes the counts of the messages it did not list.
  renderer.finish();
  switch (outcome.kind) {
    case 'refused':
      io.stderr.write(`dedupe: ${outcome.message}\n`);
      return ExitCode.trouble;
    case 'stdout-closed':
      return ExitCode.ok;
    case 'output-failed':
      io.stderr.write(`dedupe: ${outcome.message}\n`);
      return ExitCode.trouble;
    case 'finished':
      if (plan.kind === 'dedupe' && show.summary) {
        io.stderr.write(`dedupe: ${summaryLine(outcome.totals, io.now() - started, plan.output.kind === 'dry-run')}\n`);
      }
      if (show.check && !show.quiet) {
        const verdict = checkVerdict(outcome.totals, show.check.maxRate);
        // A check that could not read everything has no verdict on what it missed.
        io.stderr.write(
          `dedupe: ${outcome.totals.failed > 0 ? `check incomplete: ${outcome.totals.failed} input(s) could not be read; of the rest, ${verdict.replace(/^check (passed|failed): /, '')}` : verdict}\n`,
        );
      }
      if (outcome.totals.failed > 0) return ExitCode.trouble;
      if (show.check && exceeds(outcome.totals.duplicates, outcome.totals.units, show.check.maxRate)) {
        return ExitCode.duplicatesFound;
      }
      return ExitCode.ok;
  }
}

// --check fails on any duplicate, or with --max-rate only when the share of repeats is above it.
function exceeds(duplicates: number, units: number, maxRate: number): boolean {
  if (duplicates === 0) return false;
  return maxRate === 0 || duplicates / units > maxRate;
}

function checkVerdict(totals: { duplicates: number; units: number }, maxRate: number): string {
  const share =
    maxRate === 0
      ? formatPercent(totals.duplicates, totals.units)
      : formatPercentAgainst(totals.duplicates, totals.units, maxRate);
  const measured = `${totals.duplicates.toLocaleString('en-US')} of ${totals.units.toLocaleString('en-US')} units are repeats (${share})`;
  if (totals.duplicates === 0) return `check passed: ${measured}`;
  if (maxRate === 0) return `check failed: ${measured}`;
  const limit = formatLimit(maxRate);
  return exceeds(totals.duplicates, totals.units, maxRate)
    ? `check failed: ${measured}, above --max-rate ${limit}`
    : `check passed: ${measured}, within --max-rate ${limit}`;
}

async function rendererFor(plan: RunOptions, show: Presentation, io: Io): Promise<Renderer> {
  const wouldRemove =
    plan.kind === 'dedupe' && plan.output.kind === 'dry-run' && !show.report && !show.check && !show.quiet;
  const renderer = stderrRenderer(io.stderr, { wouldRemove });
  if (showsProgressBar(plan, show, io.stdout.isTTY, io.stderr.isTTY) && io.stderrStream)
    return (await import('./progress.js')).withProgress(
      renderer,
      io.stderrStream,
      () => io.now(),
      show.progress === 'on',
      show.progressAfterMs,
    );
  return renderer;
}

/**
 * Whether the bar is drawn: forced, or on a terminal stderr; never over data, since when stdout is
 * that same terminal its redraws would erase the text or report there. Files (-o, --out-dir,
 * --in-place) and a dry run leave stdout without data, so the bar may share the terminal.
 */
export function showsProgressBar(
  plan: RunOptions,
  show: Presentation,
  stdoutTTY: boolean,
  stderrTTY: boolean,
): boolean {
  const stdoutCarriesData = plan.kind !== 'dedupe' || plan.output.kind === 'stdout' || show.report !== undefined;
  if (stdoutTTY && stdoutCarriesData) return false;
  return show.progress === 'on' || (show.progress === 'auto' && stderrTTY);
}

// The reports asked for, handed to the run; they (and chalk) load only when asked for, so plain
// runs start faster without them.
function handedReports(
  show: Presentation,
  io: Io,
  perFile: boolean,
  operands: readonly string[],
): HandedReports | undefined {
  if (!show.report && !show.stats) return undefined;
  return {
    onStdout: show.report !== undefined,
    build: async (labelOf, stdout) =>
      (await import('./report-setup.js')).buildReports(show, io, stdout, labelOf, perFile, operands),
  };
}
