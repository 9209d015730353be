// Makes the README's two screenshots of the review page (the overview and one near pair) with
// headless Chromium, and prints the page's size and how long it takes to load and lay out:
//   node scripts/review-screenshots.mjs review.html docs/   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const [page, outDir] = process.argv.slice(2);
if (!page || !outDir) {
  console.error('usage: node scripts/review-screenshots.mjs PAGE.html OUT-DIR');
  process.exit(2);
}
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const tab = await browser.newPage();
  await tab.setViewport({ width: 1100, height: 1300 });
  const started = performance.now();
  await tab.goto(pathToFileURL(resolve(page)).href, { waitUntil: 'load' });
  const loaded = performance.now() - started;
  // A forced layout of the whole document: what scrolling to the end would cost.
  // Strings, not functions: this script runs in Node, where document does not exist.
  const layout = await tab.evaluate(
    '(() => { const t = performance.now(); void document.body.scrollHeight; return performance.now() - t; })()',
  );
  const nodes = await tab.evaluate("document.getElementsByTagName('*').length");
  console.log(
    `${page}: ${statSync(page).size} bytes, ${nodes} elements, loaded in ${loaded.toFixed(0)} ms (then ${layout.toFixed(0)} ms layout)`,
  );
  await tab.screenshot({ path: join(outDir, 'review-overview.png') });
  const pair = await tab.$('#near article.pair');
  if (pair) {
    await pair.scrollIntoView();
    await pair.screenshot({ path: join(outDir, 'review-near-pair.png') });
  }
} finally {
  await browser.close();
}
