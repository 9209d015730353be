// The human summary: totals, the files with the highest duplicate rate, and the most repeated
// units with their counts (the boilerplate table a corpus builder looks for, sampled by
// summary-samples.ts). Rendered once at the end, to stdout for --report summary or to stderr for --stats.
import { earlierLabel, lineLabel, type Report, type ReportOut, type RunContext } from './report.js';
import type { RunTotals } from './totals.js';
import { formatBytes } from './summary-line.js';
import { formatPercent } from './percent.js';
import { displayText } from './escape.js';
import { describeScore, describeWords } from './near-note.js';
import type { NearMatch } from '../near/near-matcher.js';
import { createSummarySamples, type RepeatedRow } from './summary-samples.js';

interface NearRemoval {
  near: number;
  templates: number;
  examples: {
    source: number;
    line: number;
    keptSource: number;
    keptLine: number;
    /** The place an earlier run kept it, for a near copy of an index's near record. */
    earlier?: string;
    match: NearMatch;
  }[];
}

export interface SummaryStyle {
  heading(text: string): string;
  /** Makes unit text safe for where it is shown (escaped on a terminal). */
  text(text: string): string;
}

const SAMPLE_CHARS = 100;

/** perSource: each input has a seen-set of its own (--scope file). */
export function createSummaryReport(out: ReportOut, style: SummaryStyle, top: number, perSource = false): Report {
  const files: { label: string; units: number; duplicates: number }[] = [];
  const near: NearRemoval = { near: 0, templates: 0, examples: [] };
  const samples = createSummarySamples(perSource);
  return {
    beginSource(source) {
      const sampling = samples.watch(source.index);
      return {
        removed(unit) {
          sampling.removed?.(unit);
          const match = unit.detail.near;
          const kept = unit.detail.kept;
          if (!match || kept.kind === 'none') return;
          if (match.kind === 'template') near.templates++;
          else near.near++;
          if (near.examples.length < top)
            near.examples.push({
              source: source.index,
              line: unit.line,
              keptSource: kept.kind === 'source' ? kept.source : -1,
              keptLine: kept.kind === 'source' ? kept.line : 0,
              earlier: earlierLabel(kept),
              match,
            });
        },
        kept: sampling.kept,
      };
    },
    endSource(source, tally) {
      files.push({ label: source.label, units: tally.units, duplicates: tally.duplicates });
    },
    async finish(totals, context) {
      const repeated = await samples.rows(top, context);
      out.write(renderSummary(totals, context, files, style, top, near, repeated));
    },
  };
}

function renderSummary(
  totals: RunTotals,
  context: RunContext,
  files: { label: string; units: number; duplicates: number }[],
  style: SummaryStyle,
  top: number,
  near: NearRemoval,
  repeated: RepeatedRow[],
): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  const pct = formatPercent;
  const lines: string[] = [];
  lines.push(
    style.heading(
      `dedupe summary (key ${context.keySpec}, unit ${context.unit}, scope ${context.scope}, keep ${context.keep})`,
    ),
  );
  lines.push(
    `  files:      ${n(totals.read)} read, ${n(totals.changed)} changed, ${n(totals.skipped)} skipped, ${n(totals.failed)} failed`,
  );
  lines.push(
    `  units:      ${n(totals.units)}, of which ${n(totals.duplicates)} ${totals.duplicates === 1 ? 'duplicate' : 'duplicates'} (${pct(totals.duplicates, totals.units)})`,
  );
  // Files and records left blank (a duplicate document, or --drop-empty) are left out of the output.
  if (totals.dropped > 0) lines.push(`  not written: ${n(totals.dropped)} left with nothing but blank lines`);
  lines.push(
    `  bytes:      ${formatBytes(totals.bytesIn)} in, ${formatBytes(totals.bytesOut)} out, ${formatBytes(totals.bytesIn - totals.bytesOut)} saved`,
  );

  const worst = files
    .filter((f) => f.duplicates > 0)
    .sort(
      (a, b) =>
        b.duplicates / b.units - a.duplicates / a.units || b.duplicates - a.duplicates || (a.label < b.label ? -1 : 1),
    )
    .slice(0, top);
  if (worst.length > 0) {
    const changed = files.filter((f) => f.duplicates > 0).length;
    lines.push(
      '',
      style.heading(
        `Highest duplicate rate (top ${worst.length} of ${n(changed)} changed ${changed === 1 ? 'file' : 'files'}):`,
      ),
    );
    for (const f of worst) {
      lines.push(
        `  ${pct(f.duplicates, f.units).padStart(6)}  ${`${n(f.duplicates)}/${n(f.units)}`.padStart(11)}  ${style.text(f.label)}`,
      );
    }
  }
  if (repeated.length > 0) {
    lines.push('', style.heading(`Most repeated units (top ${repeated.length}):`));
    for (const r of repeated) {
      const sample = displayText(r.text).replace(/\s+/g, ' ').trim();
      const shown = [...sample].length > SAMPLE_CHARS ? `${[...sample].slice(0, SAMPLE_CHARS).join('')}…` : sample;
      // The kept copy's own text; only when it could not be had, another copy's, saying which.
      const from = r.at
        ? `  (text as written at ${lineLabel(context, r.at.source, r.at.line)}; the kept copy is written differently)`
        : '';
      // A unit of an earlier run has no line this run knows: it reads as line 0 of the index.
      const kept =
        r.kept.kind === 'source'
          ? lineLabel(context, r.kept.source, r.kept.line)
          : `${context.labelOf('earlier-run')}:0`;
      lines.push(`  ${`${n(r.copies)}×`.padStart(8)}  ${style.text(`${kept}${from}`)}`);
      lines.push(`            ${style.text(shown)}`);
    }
  }
  if (near.near + near.templates > 0) {
    const templates =
      near.templates > 0 ? `, ${n(near.templates)} templated ${near.templates === 1 ? 'variant' : 'variants'}` : '';
    lines.push(
      '',
      style.heading(`Near duplicates removed: ${n(near.near)}${templates} (first ${near.examples.length}):`),
    );
    for (const e of near.examples) {
      lines.push(
        `  ${style.text(lineLabel(context, e.source, e.line))}  ${e.match.kind === 'template' ? 'template of' : '≈'} ${style.text(e.earlier ?? lineLabel(context, e.keptSource, e.keptLine))}  ${describeScore(e.match.score)}`,
      );
      lines.push(`            ${style.text(describeWords(e.match))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
