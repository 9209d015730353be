// A headless Chromium for the review page's tests (puppeteer-core, the system's /usr/bin/chromium or
// CHROMIUM_PATH): one browser per test file, pages that record every console error, page error,
// dialog (an alert that ran) and request other than the page itself. Tests skip, saying why,
// when no Chromium is installed.
import { existsSync } from 'node:fs';
import { after } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** false when Chromium is there; else why the browser tests skip. */
export function chromiumSkip(): string | false {
  return existsSync(CHROMIUM)
    ? false
    : `no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`;
}

let browser: Promise<Browser> | undefined;
// Registered at import, so it belongs to the test file, not to the test that first opens a page.
after(async () => {
  if (browser) await (await browser).close();
});

function launch(): Promise<Browser> {
  if (!browser) {
    browser = puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      // --no-sandbox: CI and containers run the tests as root, where Chromium's sandbox refuses to start.
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    });
  }
  return browser;
}

export interface OpenedPage {
  readonly page: Page;
  /** Console errors, page errors, dialogs and outside requests seen so far. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openPage(
  url: string,
  options: { javaScript?: boolean; width?: number; height?: number } = {},
): Promise<OpenedPage> {
  const page = await (await launch()).newPage();
  const problems: string[] = [];
  await page.setJavaScriptEnabled(options.javaScript ?? true);
  await page.setViewport({ width: options.width ?? 1200, height: options.height ?? 900 });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (request.url() !== url) problems.push(`request: ${request.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, close: () => page.close() };
}

/** Evaluates an expression in the page (a string: the tests compile without DOM types). */
export async function inPage<T>(page: Page, expression: string): Promise<T> {
  return (await page.evaluate(expression)) as T;
}
