// The review page's one chart: a histogram of the duplicate rate across files, as hand-written
// inline SVG (eleven bars need no chart library, and the page must load nothing). Heights are on a
// log scale, since most files of a corpus lose nothing; every bar carries its count as text.

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 8, right: 8, top: 22, bottom: 40 };

/** The bins' labels: 0 % alone, then ten 10 %-wide bins. */
export function binLabel(bin: number): string {
  return bin === 0 ? '0%' : `${(bin - 1) * 10}–${bin * 10}%`;
}

export function rateHistogram(bins: readonly number[]): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / bins.length;
  const top = Math.log10(1 + Math.max(1, ...bins));
  const bars = bins.map((count, i) => {
    const h = count === 0 ? 0 : Math.max(2, (Math.log10(1 + count) / top) * plotH);
    const x = PAD.left + i * slot + 3;
    const y = PAD.top + plotH - h;
    const w = slot - 6;
    const files = `${count.toLocaleString('en-US')} ${count === 1 ? 'file' : 'files'}`;
    return (
      `<g class="bar${i === 0 ? ' zero' : ''}"><title>${binLabel(i)}: ${files}</title>` +
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}"/>` +
      `<text x="${(x + w / 2).toFixed(1)}" y="${(y - 5).toFixed(1)}" class="n">${count.toLocaleString('en-US')}</text>` +
      `<text x="${(x + w / 2).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" class="l">${binLabel(i)}</text></g>`
    );
  });
  return (
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" ` +
    `aria-label="Histogram: files by duplicate rate">` +
    `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${HEIGHT - PAD.bottom}" y2="${HEIGHT - PAD.bottom}" class="axis"/>` +
    bars.join('') +
    `<text x="${WIDTH / 2}" y="${HEIGHT - 6}" class="cap">share of a file's units removed (bar heights on a log scale)</text>` +
    `</svg>`
  );
}
