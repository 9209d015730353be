// The review page's sections but the near pairs: totals and the run's settings, the boilerplate
// table (each row expandable to its places), where the duplicates are (histogram, top files) and
// one section per file with its removed units among their dimmed kept neighbours.
import { escapeHtml, htmlOfBytes } from './html-escape.js';
import { HTML_CAPS, MATCH_KINDS, type FileDetail, type FileStat } from './html-collect.js';
import { rateHistogram } from './html-chart.js';
import { formatBytes } from './summary-line.js';
import { formatPercent } from './percent.js';
import { fileLink, KIND_LABEL, keptWhere, leftOut, n, plural, textBlock, type PageInput } from './html-parts.js';
import { REPEAT_KEY_LIMIT, PLACES_PER_REPEAT } from './html-repeats.js';

export function totalsSection(input: PageInput): string {
  const { totals, context, data } = input;
  const dryRun = context.dryRun;
  const rows: [string, string][] = [
    [
      'files',
      `${n(totals.read)} read, ${n(totals.changed)} ${dryRun ? 'would change' : 'changed'}, ${n(totals.skipped)} skipped, ${n(totals.failed)} failed`,
    ],
    [
      'units',
      `${n(totals.units)}, of which ${n(totals.duplicates)} ${dryRun ? 'found' : 'removed'} (${formatPercent(totals.duplicates, totals.units)})`,
    ],
    ['by kind', MATCH_KINDS.map((k) => `${KIND_LABEL[k]} <b>${n(data.kinds[k])}</b>`).join(' · ')],
    [
      'bytes',
      `${formatBytes(totals.bytesIn)} in, ${formatBytes(totals.bytesOut)} out, ${formatBytes(totals.bytesIn - totals.bytesOut)} ${dryRun ? 'to save' : 'saved'}`,
    ],
  ];
  const settings: [string, string][] = [
    ['key spec', context.keySpec],
    ['unit', context.unit],
    ['scope', context.scope],
    ['keep', context.keep],
    ['hash', `${context.hash} (${context.hashBits} bits)`],
    ...context.settings,
  ];
  const dl = (pairs: [string, string][], raw: boolean): string =>
    pairs.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd dir="auto">${raw ? v : escapeHtml(v)}</dd>`).join('');
  return (
    `<section id="totals"><h2>Totals</h2><div class="cols"><dl class="kv" id="totals-list">${dl(rows, true)}</dl>` +
    `<dl class="kv" id="settings">${dl(settings, false)}</dl></div></section>`
  );
}

export function boilerplateSection(input: PageInput): string {
  const { rows, keys, untallied } = input.data.repeats.rows(input.top);
  if (rows.length === 0)
    return '<section id="boilerplate"><h2>Boilerplate</h2><p>No unit was removed by exact comparison.</p></section>';
  const body = rows
    .map((r) => {
      const places = r.places.map((p) => `<li>${fileLink(input, p.source, p.line)}</li>`).join('');
      const more =
        r.removed > r.places.length
          ? `<li class="left-out">and ${plural(r.removed - r.places.length, 'more place')}</li>`
          : '';
      return (
        `<tr class="u rep" data-kind="${r.kept.kind === 'earlier-run' ? 'earlier-run' : 'exact'}"><td class="num">${n(r.copies)}</td><td class="num">${n(r.files)}</td>` +
        `<td><details><summary>${textBlock(r.text, r.cut)}</summary><p>${keptWhere(input, r.kept)}; removed at:</p>` +
        `<ol class="places">${places}${more}</ol></details></td></tr>`
      );
    })
    .join('');
  return (
    `<section id="boilerplate"><h2>Boilerplate: the most repeated units</h2>` +
    `<p class="hint">Open a row to see where its copies were removed (the first ${PLACES_PER_REPEAT} places).</p>` +
    `<table class="sortable" id="boilerplate-table"><thead><tr><th data-sort="num">copies</th><th data-sort="num">files</th><th>text</th></tr></thead><tbody>${body}</tbody></table>` +
    leftOut(rows.length, keys, 'repeated units', `--top ${input.top} sets how many`) +
    (untallied > 0
      ? `<p class="left-out">${plural(untallied, 'removal')} of keys beyond the first ${n(REPEAT_KEY_LIMIT)} were not ranked.</p>`
      : '') +
    `</section>`
  );
}

function fileTable(input: PageInput, id: string, files: FileStat[]): string {
  const rows = files
    .map(
      (f) =>
        `<tr><td class="num" data-v="${(f.duplicates / f.units).toFixed(6)}">${formatPercent(f.duplicates, f.units)}</td>` +
        `<td class="num" data-v="${f.duplicates}">${n(f.duplicates)}</td><td class="num" data-v="${f.units}">${n(f.units)}</td><td>${fileLink(input, f.source)}</td></tr>`,
    )
    .join('');
  return `<table class="sortable" id="${id}"><thead><tr><th data-sort="num">rate</th><th data-sort="num">removed</th><th data-sort="num">units</th><th>file</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function whereSection(input: PageInput): string {
  const changed = input.data.changed;
  const byRate = [...changed]
    .sort((a, b) => b.duplicates / b.units - a.duplicates / a.units || b.duplicates - a.duplicates)
    .slice(0, input.top);
  const byCount = [...changed]
    .sort((a, b) => b.duplicates - a.duplicates || b.duplicates / b.units - a.duplicates / a.units)
    .slice(0, input.top);
  return (
    `<section id="where"><h2>Where the duplicates are</h2>${rateHistogram(input.data.rateBins)}` +
    `<div class="cols"><div><h3>Top files by rate</h3>${fileTable(input, 'top-rate', byRate)}</div>` +
    `<div><h3>Top files by count</h3>${fileTable(input, 'top-count', byCount)}</div></div>` +
    leftOut(byRate.length, changed.length, 'changed files in each table', `--top ${input.top} sets how many`) +
    `</section>`
  );
}

// Markup around one row of a file section, besides its text (id, line, kind, where the copy is).
const ROW_MARKUP = 320;

/**
 * The files given a section: most removals first, while their sections' estimated size fits
 * fileSectionBytes (text as escaped, plus the markup around each row).
 */
export function chooseSections(details: readonly FileDetail[]): FileDetail[] {
  const chosen: FileDetail[] = [];
  let bytes = 0;
  for (const f of [...details].sort((a, b) => b.duplicates - a.duplicates || a.source - b.source)) {
    bytes += f.rows.reduce((sum, r) => sum + htmlOfBytes(r.text.text).length + ROW_MARKUP, 400);
    if (bytes > HTML_CAPS.fileSectionBytes) break;
    chosen.push(f);
  }
  return chosen.sort((a, b) => a.source - b.source);
}

/** pairsShown: near pairs 0..pairsShown-1 have an article to link to. */
export function filesSection(input: PageInput, details: readonly FileDetail[], pairsShown: number): string {
  const sections = details.map((f) => {
    const rows = f.rows
      .map((r) => {
        const id = `f${f.source}-${r.line}`;
        if (r.kind === 'kept')
          return `<li id="${id}" class="row kept"><span class="ln">${r.line}</span>${textBlock(r.text.text, r.text.cut)}</li>`;
        return (
          `<li id="${id}" class="row u" data-kind="${r.match}"><span class="ln">${r.line}</span>${textBlock(r.text.text, r.text.cut)}` +
          `<div class="where"><span class="kind k-${r.match}">${KIND_LABEL[r.match]}</span> ${keptWhere(input, r.kept)}${r.pair !== undefined && r.pair < pairsShown ? ` · <a href="#near-${r.pair}">side by side</a>` : ''}</div></li>`
        );
      })
      .join('');
    return (
      `<section class="file" id="f${f.source}"><h3 dir="auto">${escapeHtml(input.context.labelOf(f.source))}</h3>` +
      `<p class="meta">${n(f.duplicates)} of ${plural(f.units, 'unit')} removed (${formatPercent(f.duplicates, f.units)})</p>` +
      `<ol class="rows">${rows}</ol>${leftOut(f.shown, f.duplicates, 'removed units of this file', `a file section shows at most ${HTML_CAPS.unitsPerFile}`)}</section>`
    );
  });
  return (
    `<section id="files"><h2>Per file</h2><p class="hint">Removed units in red with the kind of match and where the kept copy is; kept neighbours dimmed.</p>` +
    leftOut(
      details.length,
      input.data.changed.length,
      'changed files',
      `the files with most removals have one, at most ${HTML_CAPS.fileSections} and about ${HTML_CAPS.fileSectionBytes / 1e6} MB`,
    ) +
    sections.join('') +
    `</section>`
  );
}
