// How shares are written for people, in every report and verdict: one decimal, or as many more as
// it takes for the figure never to read as something it is not (9 of 42,531 as 0.0%, 99.96% as
// 100.0%, a rate just above --max-rate as equal to it).

const MAX_DECIMALS = 15;

/** part of whole as a percentage, e.g. "2.3%", "0.02%"; "0.0%" only when part is 0. */
export function formatPercent(part: number, whole: number): string {
  return `${digits(part, whole, () => true)}%`;
}

/**
 * A measured share set against a limit (a share, 0..1): as many decimals as it takes for the
 * figure to read above the limit when it is, and not above when it is not.
 */
export function formatPercentAgainst(part: number, whole: number, limit: number): string {
  const shownLimit = limitNumber(limit);
  const above = whole > 0 && part / whole > limit;
  return `${digits(part, whole, (shown) => (above ? shown > shownLimit : shown <= shownLimit))}%`;
}

/** A limit as the user wrote it (0.023 is "2.3%"), without float noise. */
export function formatLimit(limit: number): string {
  return `${limitNumber(limit)}%`;
}

function limitNumber(limit: number): number {
  return Number((100 * limit).toPrecision(12));
}

function digits(part: number, whole: number, fits: (shown: number) => boolean): string {
  if (whole === 0 || part === 0) return '0.0';
  if (part === whole) return '100.0';
  const value = (100 * part) / whole;
  let text = value.toFixed(1);
  for (let d = 1; d <= MAX_DECIMALS; d++) {
    text = value.toFixed(d);
    const shown = Number(text);
    if (shown > 0 && shown < 100 && fits(shown)) return text;
  }
  return text;
}
