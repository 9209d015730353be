// The HTML review page (--report html): gathers while the run goes (html-collect.ts), then at the
// end reads the near pairs' kept copies again and writes one self-contained page. Sizes are bounded
// by --top and the caps in html-collect.ts; the page says what they left out.
import type { Report, ReportOut, UnitRequest } from './report.js';
import { createCollector, HTML_CAPS } from './html-collect.js';
import { boilerplateSection, chooseSections, filesSection, totalsSection, whereSection } from './html-sections.js';
import { nearSection } from './html-near.js';
import { escapeHtml } from './html-escape.js';
import { leftOut, n, type PageInput } from './html-parts.js';
import { renderPage } from './html-page.js';

export interface HtmlReportOptions {
  /** Rows in the ranked tables (--top). */
  readonly top: number;
  /** --scope file: each input's repeats are its own. */
  readonly perSource: boolean;
}

export function createHtmlReport(out: ReportOut, options: HtmlReportOptions): Report {
  const collector = createCollector(options.perSource);
  const data = collector.data;
  return {
    beginSource(source) {
      return collector.watch(source.index);
    },
    endSource(source, tally) {
      collector.end({ source: source.index, label: source.label, units: tally.units, duplicates: tally.duplicates });
    },
    problem(label, message, severity) {
      data.problemsTotal++;
      if (data.problems.length < HTML_CAPS.problems) data.problems.push({ label, message, severity });
    },
    async finish(totals, context) {
      // A near pair's kept copy has another key than the removed one: it is asked for by place only.
      const requests: UnitRequest[] = data.near.map((p) => ({ source: p.match.source, line: p.match.line }));
      const read =
        requests.length > 0
          ? await context.readAgain(requests, HTML_CAPS.nearTextBytes + 1)
          : new Map<UnitRequest, Uint8Array>();
      const details = chooseSections(data.details);
      const sectioned = new Set(details.map((d) => d.source));
      const anchors = new Set(details.flatMap((d) => d.rows.map((r) => `${d.source}-${r.line}`)));
      const input: PageInput = { totals, context, data, top: options.top, sectioned, anchors };
      const near = nearSection(
        input,
        requests.map((r) => {
          const text = read.get(r);
          return (
            text && { text: text.subarray(0, HTML_CAPS.nearTextBytes), cut: text.length > HTML_CAPS.nearTextBytes }
          );
        }),
      );
      const page = renderPage({
        title: 'dedupe review',
        kinds: data.kinds,
        data: {
          duplicates: totals.duplicates,
          files: totals.read,
          kinds: data.kinds,
          caps: HTML_CAPS,
          top: options.top,
        },
        sections: [
          totalsSection(input),
          boilerplateSection(input),
          whereSection(input),
          near.html,
          filesSection(input, details, near.shown),
          problemsSection(data.problems, data.problemsTotal),
        ],
      });
      out.write(page);
    },
  };
}

function problemsSection(
  problems: readonly { label: string; message: string; severity: string }[],
  total: number,
): string {
  if (total === 0) return '<section id="problems"><h2>Problems</h2><p>None: every input was read.</p></section>';
  const items = problems
    .map(
      (p) =>
        `<li class="${p.severity}"><b>${p.severity}</b> <span dir="auto">${escapeHtml(p.label)}</span>: <span dir="auto">${escapeHtml(p.message)}</span></li>`,
    )
    .join('');
  return `<section id="problems"><h2>Problems (${n(total)})</h2><ul>${items}</ul>${leftOut(problems.length, total, 'problems', `the first ${HTML_CAPS.problems} are listed`)}</section>`;
}
