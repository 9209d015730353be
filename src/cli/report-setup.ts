// Builds the reports the CLI hands to the run and decides, from the terminal and the environment, how
// they look: colour (--color, NO_COLOR, FORCE_COLOR) and whether text shown is escaped (only on a
// terminal: a report written to a pipe stays byte-exact, so a diff still applies).
import { Chalk, type ChalkInstance } from 'chalk';
import { createDiffReport } from '../report/diff-report.js';
import { diffNames } from './diff-names.js';
import { createJsonReport } from '../report/json-report.js';
import { createSummaryReport } from '../report/summary-report.js';
import { createHtmlReport } from '../report/html-report.js';
import { displayText, escapeForTerminal, showRawBytes } from '../report/escape.js';
import type { LabelOf, Report, ReportOut } from '../report/report.js';
import type { KeptWriter } from '../output/kept-writer.js';
import type { ColorMode, Presentation } from './plan.js';
import type { Io } from './io.js';

// perFile: --scope file, where each input's repeats are its own.
// operands: the run's, for the diff report's names (diff-names.ts).
export async function buildReports(
  plan: Presentation,
  io: Io,
  reportWriter: KeptWriter | undefined,
  labelOf: LabelOf,
  perFile: boolean,
  operands: readonly string[],
): Promise<Report[]> {
  const reports: Report[] = [];
  if (plan.report && reportWriter) {
    const out: ReportOut = {
      write(text) {
        // Names not in UTF-8 reach a report's text only as \xNN (JSON and diff carry them exactly).
        const bytes = typeof text === 'string' ? Buffer.from(showRawBytes(text), 'utf8') : text;
        reportWriter.copy(bytes, 0, bytes.length);
      },
    };
    const onTerminal = io.stdout.isTTY;
    const chalk = new Chalk({ level: colorLevel(plan.color, io.env, onTerminal) });
    if (plan.report === 'json') reports.push(createJsonReport(out, labelOf));
    if (plan.report === 'diff') {
      reports.push(
        createDiffReport(
          out,
          {
            fileHeader: (t) => chalk.bold(t),
            hunkHeader: (t) => chalk.cyan(t),
            removed: (t) => chalk.red(t),
            added: (t) => chalk.green(t),
            body: (bytes) => (onTerminal ? escapeForTerminal(displayText(bytes)) : bytes),
          },
          labelOf,
          await diffNames(operands),
        ),
      );
    }
    if (plan.report === 'html') reports.push(createHtmlReport(out, { top: plan.top, perSource: perFile }));
    if (plan.report === 'summary')
      reports.push(createSummaryReport(out, summaryStyle(chalk, onTerminal), plan.top, perFile));
  }
  if (plan.stats) {
    const onTerminal = io.stderr.isTTY;
    const chalk = new Chalk({ level: colorLevel(plan.color, io.env, onTerminal) });
    reports.push(
      createSummaryReport(
        { write: (text) => io.stderr.write(typeof text === 'string' ? text : Buffer.from(text).toString('utf8')) },
        summaryStyle(chalk, onTerminal),
        plan.top,
        perFile,
      ),
    );
  }
  return reports;
}

function summaryStyle(chalk: ChalkInstance, onTerminal: boolean) {
  return {
    heading: (t: string) => chalk.bold(t),
    text: (t: string) => (onTerminal ? escapeForTerminal(t) : t),
  };
}

/** chalk's colour level: --color wins; under auto, NO_COLOR and FORCE_COLOR, then the terminal. */
export function colorLevel(
  mode: ColorMode,
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): 0 | 1 | 2 | 3 {
  if (mode === 'never') return 0;
  if (mode === 'always') return 1;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const level = Number(force);
    return level === 2 || level === 3 ? level : 1;
  }
  return isTTY ? 1 : 0;
}
