// The review page's near pairs: the kept copy and the removed one side by side, words aligned by
// the near explanation's own alignment (near/word-diff.ts) and marked deleted, inserted or changed,
// with the score and whatever parts of it the match carries, and the template verdict. This is
// where a user decides whether to trust --near; it shows, it never judges again.
import type { NearMatch } from '../near/near-matcher.js';
import { alignWords, splitWords, type WordOp } from '../near/word-diff.js';
import { formatSimilarity } from './near-note.js';
import { displayText } from './escape.js';
import { escapeHtml, wholeChars } from './html-escape.js';
import { HTML_CAPS, type Clipped, type NearPair } from './html-collect.js';
import { CUT_MARK, fileLink, KIND_LABEL, leftOut, n, type PageInput } from './html-parts.js';

type Mark = 'del' | 'ins' | 'chg';

/**
 * The match's score as label/value pairs: the similarity, then whatever parts a `score` object on
 * the match carries (nested objects one level deep, as `slots.kept`), so a new score shows itself.
 */
export function scoreParts(match: NearMatch): [string, string][] {
  const parts: [string, string][] = [['similarity', formatSimilarity(match.similarity)]];
  const add = (label: string, value: unknown, depth: number): void => {
    if (value !== null && typeof value === 'object' && depth === 0) {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) add(`${label}.${key}`, inner, 1);
    } else if (typeof value === 'number') parts.push([label, String(Math.round(value * 10000) / 10000)]);
    else parts.push([label, typeof value === 'string' ? value : JSON.stringify(value)]);
  };
  const score = (match as unknown as { score?: unknown }).score;
  if (score !== null && typeof score === 'object') {
    for (const [key, value] of Object.entries(score as Record<string, unknown>)) {
      if (key !== 'similarity') add(key, value, 0);
    }
  }
  return parts;
}

// A run of one-sided words between two shared ones is a change when both sides have words in it.
function marks(ops: readonly WordOp[]): Mark[] {
  const out: Mark[] = new Array<Mark>(ops.length);
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === 'same') {
      i++;
      continue;
    }
    let j = i;
    while (j < ops.length && ops[j].kind !== 'same') j++;
    const both =
      ops.slice(i, j).some((o) => o.kind === 'kept-only') && ops.slice(i, j).some((o) => o.kind === 'removed-only');
    for (let k = i; k < j; k++) out[k] = both ? 'chg' : ops[k].kind === 'kept-only' ? 'del' : 'ins';
    i = j;
  }
  return out;
}

function side(ops: readonly WordOp[], m: readonly Mark[], which: 'kept' | 'removed'): string {
  const tag = which === 'kept' ? 'del' : 'ins';
  const out: string[] = [];
  ops.forEach((op, i) => {
    if (op.kind === 'same') out.push(escapeHtml(which === 'kept' ? op.word : op.removedWord));
    else if ((op.kind === 'kept-only') === (which === 'kept'))
      out.push(`<${tag} class="${m[i]}">${escapeHtml(op.word)}</${tag}>`);
  });
  return out.join(' ');
}

/** Words of `words` marked where they are, in order, as one side of a match told by its word lists only. */
function markListed(words: readonly string[], listed: readonly string[], tag: 'del' | 'ins'): string {
  let next = 0;
  return words
    .map((w) =>
      next < listed.length && w === listed[next]
        ? (next++, `<${tag} class="${tag}">${escapeHtml(w)}</${tag}>`)
        : escapeHtml(w),
    )
    .join(' ');
}

function pairHtml(input: PageInput, pair: NearPair, kept: Clipped | undefined, index: number): string {
  const match = pair.match;
  const removedWords = splitWords(displayText(wholeChars(pair.text.text)));
  const keptText = kept?.text;
  let keptSide: string;
  let removedSide: string;
  let note = '';
  const ops = keptText
    ? alignWords(splitWords(displayText(wholeChars(keptText))), removedWords, input.context.foldWord)
    : undefined;
  if (keptText && ops) {
    const m = marks(ops);
    keptSide = side(ops, m, 'kept');
    removedSide = side(ops, m, 'removed');
    const keptOnly = ops.filter((o) => o.kind === 'kept-only').map((o) => o.word);
    const removedOnly = ops.filter((o) => o.kind === 'removed-only').map((o) => o.word);
    keptSide += kept?.cut ? CUT_MARK : '';
    removedSide += pair.text.cut ? CUT_MARK : '';
    // Cut copies are aligned on what is shown, so only whole ones are checked against the run's words.
    if (
      !kept?.cut &&
      !pair.text.cut &&
      (keptOnly.join(' ') !== match.words.keptOnly.join(' ') ||
        removedOnly.join(' ') !== match.words.removedOnly.join(' '))
    )
      note =
        '<p class="warn">These words differ from those the run compared: the kept copy may have changed since.</p>';
  } else {
    // An earlier run's copy is known by the index alone: saying it "could not be read" made
    // reviewers think their files had changed.
    const why = match.earlier
      ? 'The kept copy is from an earlier run: the index holds its words, not its text, so it is not shown. Its words not in the removed copy, as the run compared them:'
      : 'The kept copy could not be read again (standard input, a file rewritten in place, or one that changed). Its words not in the removed copy:';
    keptSide = `<p class="missing">${why}</p>${match.words.keptOnly.map((w) => `<del class="del">${escapeHtml(w)}</del>`).join(' ')}`;
    removedSide = markListed(removedWords, match.words.removedOnly, 'ins') + (pair.text.cut ? CUT_MARK : '');
  }
  const verdict =
    match.kind === 'template'
      ? 'templated variant (differs only in numbers, dates or ordinals, or one of many variants): removed because of --near-templates'
      : 'near duplicate (not a template)';
  const score = scoreParts(match)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('');
  return (
    `<article class="pair u" id="near-${index}" data-kind="${match.kind}">` +
    `<header><span class="kind k-${match.kind}">${KIND_LABEL[match.kind]}</span> removed ${fileLink(input, pair.source, pair.line)} ` +
    `≈ kept ${match.earlier ? `<span dir="auto">${escapeHtml(`${match.earlier.path}:${match.earlier.line}`)}</span> (an earlier run)` : fileLink(input, match.source, match.line)}</header>` +
    `<dl class="score">${score}<dt>verdict</dt><dd>${verdict}</dd></dl>${note}` +
    `<div class="sides"><div><h4>kept copy</h4><div class="t" dir="auto">${keptSide}</div></div>` +
    `<div><h4>removed copy</h4><div class="t" dir="auto">${removedSide}</div></div></div></article>`
  );
}

/** The near pairs' section, and how many pairs it shows (the first ones). */
export function nearSection(
  input: PageInput,
  keptTexts: readonly (Clipped | undefined)[],
): { html: string; shown: number } {
  const { near: pairs, kinds } = input.data;
  const total = kinds.near + kinds.template;
  if (total === 0) return { html: '', shown: 0 };
  const shown: string[] = [];
  let bytes = 0;
  for (const [i, pair] of pairs.entries()) {
    const html = pairHtml(input, pair, keptTexts[i], i);
    bytes += html.length;
    if (bytes > HTML_CAPS.nearSectionBytes) break;
    shown.push(html);
  }
  const body = shown.join('');
  const html =
    `<section id="near"><h2>Near pairs</h2><p class="hint">Deleted words are struck through on the kept side, inserted ones underlined on the removed side, changed ones marked on both. Words are compared by their key, as --near compares them.</p>` +
    leftOut(
      shown.length,
      total,
      'near removals',
      `the first ones are shown, at most ${n(HTML_CAPS.nearPairs)} and about ${n(HTML_CAPS.nearSectionBytes / 1e6)} MB`,
    ) +
    body +
    `</section>`;
  return { html, shown: shown.length };
}
