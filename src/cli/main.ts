// The CLI's entry: main(argv, io) parses, plans, runs and returns the exit code. It is the one
// place that decides that code, and it never calls process.exit, so tests run it in-process.
import { CommanderError } from 'commander';
import { buildProgram, rewriteNegatedFold } from './program.js';
import { makePlan, type Plan } from './plan.js';
import { runPlan } from './run-plan.js';
import { ExitCode } from './exit-code.js';
import { stderrReporter, type Reporter } from './reporter.js';
import { summaryLine } from '../report/summary-line.js';
import { emptyTotals } from '../report/totals.js';
import { formatLimit, formatPercent, formatPercentAgainst } from '../report/percent.js';
import type { Io } from './io.js';
import { isScaleParsed } from './scale-program.js';
import { isShadowedFile, shadowHint, withShadowHint } from './reserved-words.js';

export const VERSION = '0.1.0';

/** argv: the user's arguments only (no node, no script path). */
export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  let outText = '';
  let errText = ''; // held until parsing ends, so a subcommand's error can say ./NAME
  const { program, result, subcommand } = buildProgram(VERSION, {
    out: (s) => { outText += s; },
    err: (s) => { errText += s; },
  });
  try {
    await program.parseAsync(rewriteNegatedFold(argv), { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (outText) await io.stdout.write(Buffer.from(outText));
    io.stderr.write(withShadowHint(errText, error.exitCode === 0 ? undefined : subcommand()));
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.trouble;
  }
  if (errText) io.stderr.write(errText);
  const parsed = result();
  if (!parsed) return ExitCode.trouble;
  if (parsed.kind === 'key' && parsed.operands.length === 0 && isShadowedFile('key')) {
    // `dedupe key` would wait on standard input while the user most likely meant the file.
    io.stderr.write(`dedupe: ${shadowHint('key')} (or dedupe key - to read standard input)\n`);
    return ExitCode.trouble;
  }
  // Subcommands load their modules when used: a plain run opens fewer files at start-up (it must
  // start under a low `ulimit -n`) and starts faster.
  if (isScaleParsed(parsed)) return (await import('./scale-commands.js')).runScaleCommand(parsed, io);
  if (parsed.kind === 'index-stats') return (await import('./index-commands.js')).runIndexStats(parsed.path, parsed.json, io);
  if (parsed.kind === 'index-salvage') return (await import('./index-commands.js')).runIndexSalvage(parsed.path, io);
  if (parsed.kind === 'index-merge' && parsed.output === '') {
    io.stderr.write('dedupe: index merge: -o OUTPUT is required (the merged index)\n');
    return ExitCode.trouble;
  }
  if (parsed.kind === 'index-merge') return (await import('./index-commands.js')).runIndexMerge(parsed.inputs, parsed.output, parsed.force, io, io.pid, io.isAlive);

  const planned = makePlan(parsed);
  if (planned.kind === 'usage-error') {
    io.stderr.write(`dedupe: ${planned.message}\n`);
    return ExitCode.trouble;
  }
  const plan = planned.plan;
  const started = io.now();
  let outcome;
  const reporter = await reporterFor(plan, io);
  try {
    outcome = await runPlan(plan, io, reporter);
  } catch (error) {
    // A bug, not a user problem: still one line, with the stack only on request.
    const detail = io.env.DEDUPE_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
    io.stderr.write(`dedupe: internal error: ${error instanceof Error ? error.message : String(error)}${detail}\n`);
    return ExitCode.trouble;
  }
  // A run that ended early still owes the counts of the messages it did not list.
  if (outcome.kind !== 'finished') reporter.finish?.('totals' in outcome ? outcome.totals : emptyTotals());
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
      if (plan.kind === 'dedupe' && plan.summary) {
        io.stderr.write(`dedupe: ${summaryLine(outcome.totals, io.now() - started, plan.output.kind === 'dry-run')}\n`);
      }
      if (plan.kind === 'dedupe' && plan.check && !plan.quiet) {
        const verdict = checkVerdict(outcome.totals, plan.check.maxRate);
        // A check that could not read everything has no verdict on what it missed.
        io.stderr.write(`dedupe: ${outcome.totals.failed > 0 ? `check incomplete: ${outcome.totals.failed} input(s) could not be read; of the rest, ${verdict.replace(/^check (passed|failed): /, '')}` : verdict}\n`);
      }
      if (outcome.totals.failed > 0) return ExitCode.trouble;
      if (plan.kind === 'dedupe' && plan.check && exceeds(outcome.totals.duplicates, outcome.totals.units, plan.check.maxRate)) {
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
  const share = maxRate === 0 ? formatPercent(totals.duplicates, totals.units) : formatPercentAgainst(totals.duplicates, totals.units, maxRate);
  const measured = `${totals.duplicates.toLocaleString('en-US')} of ${totals.units.toLocaleString('en-US')} units are repeats (${share})`;
  if (totals.duplicates === 0) return `check passed: ${measured}`;
  if (maxRate === 0) return `check failed: ${measured}`;
  const limit = formatLimit(maxRate);
  return exceeds(totals.duplicates, totals.units, maxRate) ? `check failed: ${measured}, above --max-rate ${limit}` : `check passed: ${measured}, within --max-rate ${limit}`;
}

async function reporterFor(plan: Plan, io: Io): Promise<Reporter> {
  let reporter = stderrReporter(io.stderr);
  if (plan.kind !== 'dedupe') return reporter;
  if (plan.output.kind === 'dry-run' && !plan.report && !plan.check && !plan.quiet) {
    const base = reporter;
    reporter = {
      ...base,
      sourceDone(source, tally) {
        if (tally.duplicates > 0) base.note?.(source.label, `would remove ${tally.duplicates} of ${tally.units} units`);
      },
    };
  }
  // Never over data: when stdout is a terminal too, the bar's redraws would erase the text there.
  const showBar = !io.stdout.isTTY && (plan.progress === 'on' || (plan.progress === 'auto' && io.stderr.isTTY));
  if (showBar && io.stderrStream) reporter = await (await import('./progress.js')).withProgress(reporter, io.stderrStream, () => io.now(), plan.progress === 'on', plan.progressAfterMs);
  return reporter;
}
