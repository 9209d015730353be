// Small pieces every section of the review page is built from: what a section is given, a place
// as a link to its file's section, a block of input text (escaped, dir="auto"), numbers and kinds.
// Input text goes through html-escape.ts here and nowhere else.
import type { KeptPlace } from '../engine/decider.js';
import type { RunContext } from './report.js';
import type { RunTotals } from './totals.js';
import type { Collected, MatchKind } from './html-collect.js';
import { escapeHtml, htmlOfBytes, wholeChars } from './html-escape.js';

export interface PageInput {
  readonly totals: RunTotals;
  readonly context: RunContext;
  readonly data: Collected;
  readonly top: number;
  /** Sources given a section of their own. */
  readonly sectioned: ReadonlySet<number>;
  /** Rows shown in those sections, as `source-line` (the anchors a place may link to). */
  readonly anchors: ReadonlySet<string>;
}

export const n = (v: number): string => v.toLocaleString('en-US');

export const plural = (count: number, one: string, many = `${one}s`): string =>
  `${n(count)} ${count === 1 ? one : many}`;

export const KIND_LABEL: Readonly<Record<MatchKind, string>> = {
  exact: 'exact',
  near: 'near',
  template: 'template',
  'earlier-run': 'earlier run',
};

/** A file's label, linked to its section when it has one. */
export function fileLink(input: PageInput, source: number, line?: number): string {
  const label = escapeHtml(input.context.labelOf(source));
  const where = line === undefined ? label : `${label}:${line}`;
  const href = line !== undefined && input.anchors.has(`${source}-${line}`) ? `#f${source}-${line}` : `#f${source}`;
  return input.sectioned.has(source) ? `<a href="${href}" dir="auto">${where}</a>` : `<span dir="auto">${where}</span>`;
}

/** Where the copy that stays is, in words. */
export function keptWhere(input: PageInput, kept: KeptPlace): string {
  if (kept.kind === 'source') return `kept at ${fileLink(input, kept.source, kept.line)}`;
  if (kept.kind === 'earlier-run' && kept.earlier)
    return `kept in an earlier run at <span dir="auto">${escapeHtml(`${kept.earlier.path}:${kept.earlier.line}`)}</span>`;
  if (kept.kind === 'earlier-run')
    return `kept in an earlier run (<span dir="auto">${escapeHtml(input.context.labelOf('earlier-run'))}</span>)`;
  return 'every copy removed (keep none)';
}

/** The mark after a text cut short: it goes on in the input. */
export const CUT_MARK = '<span class="cut">…</span>';

/** A block of input text; `cut` adds a mark saying the text goes on. */
export function textBlock(bytes: Uint8Array, cut: boolean, cls = 't'): string {
  return `<div class="${cls}" dir="auto">${htmlOfBytes(cut ? wholeChars(bytes) : bytes)}${cut ? CUT_MARK : ''}</div>`;
}

/** The sentence saying what a cap left out, or nothing when nothing was. */
export function leftOut(shown: number, total: number, what: string, why: string): string {
  return total > shown ? `<p class="left-out">Showing ${n(shown)} of ${n(total)} ${what}; ${why}.</p>` : '';
}
