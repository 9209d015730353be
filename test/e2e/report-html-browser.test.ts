// The review page in a real browser (headless Chromium): the fixture corpus run with --near gives a
// page whose DOM shows the totals and the boilerplate at the top, whose hostile lines are text that
// makes no element and runs nothing, which logs no error and loads nothing, whose near pairs show
// highlighted words, and whose search and kind filter work; with JS off the data is all there.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIXTURES, runBin, tempTree } from '../helpers/cli.js';
import { chromiumSkip, inPage, openPage } from '../helpers/browser.js';

const skip = chromiumSkip();
const tree = tempTree();
after(() => tree.cleanup());

const HOSTILE_IMG = '<img src=x onerror=alert(1)>';
const HOSTILE_SCRIPT = '</script><script>alert(1)</script>';

async function reviewPage(): Promise<string> {
  const r = await runBin(['--near', '--report', 'html', 'html-review/ant', 'html-review/hostile.txt'], {
    cwd: FIXTURES,
  });
  assert.equal(r.code, 0, r.stderr);
  const file = join(tree.dir, 'review.html');
  writeFileSync(file, r.stdout);
  return pathToFileURL(file).href;
}

let url: Promise<string> | undefined;
const page = (): Promise<string> => (url ??= reviewPage());

test(
  'browser: totals and boilerplate at the top, hostile lines inert, no console error, no request',
  { skip },
  async () => {
    const opened = await openPage(await page());
    try {
      const p = opened.page;
      const totals = await inPage<string>(p, `document.getElementById('totals-list').textContent`);
      assert.match(totals, /6 read, 4 changed, 0 skipped, 0 failed/);
      assert.match(totals, /22, of which 6 removed/);
      assert.match(totals, /exact 5 · near 1 · template 0 · earlier run 0/);
      const order = await inPage<string[]>(p, `[...document.querySelectorAll('main > section')].map((s) => s.id)`);
      assert.deepEqual(order.slice(0, 2), ['totals', 'boilerplate']);
      const first = await inPage<string[]>(
        p,
        `[...document.querySelector('#boilerplate-table tbody tr').cells].map((c) => c.querySelector('summary') ? c.querySelector('summary').textContent : c.textContent)`,
      );
      assert.deepEqual(first.slice(0, 2), ['4', '4']);
      assert.match(first[2], /^موعد يومي مع أبرز الأحداث/);
      // The hostile lines are text: no image, only the page's two scripts, and the lines readable.
      assert.equal(await inPage<number>(p, `document.querySelectorAll('img').length`), 0);
      assert.equal(await inPage<number>(p, `document.scripts.length`), 2);
      const text = await inPage<string>(p, `document.body.innerText`);
      assert.ok(text.includes(HOSTILE_IMG), 'the <img> line shows as text');
      assert.ok(text.includes(HOSTILE_SCRIPT), 'the </script> line shows as text');
      assert.equal(await inPage<number>(p, `document.querySelectorAll('[onerror]').length`), 0);
      // Every text block lays itself out by its own first strong character.
      assert.equal(await inPage<number>(p, `document.querySelectorAll('.t:not([dir=auto])').length`), 0);
      assert.deepEqual(opened.problems, []);
    } finally {
      await opened.close();
    }
  },
);

test('browser: the near pair shows its deleted and inserted words', { skip }, async () => {
  const opened = await openPage(await page());
  try {
    const p = opened.page;
    assert.equal(await inPage<number>(p, `document.querySelectorAll('#near article.pair').length`), 1);
    const marked = await inPage<{ del: string[]; ins: string[]; header: string }>(
      p,
      `(() => { const a = document.querySelector('#near article.pair'); return {
        del: [...a.querySelectorAll('del')].map((e) => e.textContent),
        ins: [...a.querySelectorAll('ins')].map((e) => e.textContent),
        header: a.textContent }; })()`,
    );
    assert.ok(marked.del.includes('الجمعة.'), `deleted words: ${marked.del.join(' ')}`);
    assert.ok(marked.ins.includes('اليوم'), `inserted words: ${marked.ins.join(' ')}`);
    // The near/3 score and its parts, each with its value.
    assert.match(marked.header, /similarity0\.\d+kindmixlr0\.\d+wc50\.\d+wwc0\.\d+containment0\.\d+ruleedit/);
    assert.match(marked.header, /near duplicate \(not a template\)/);
    // A highlighted word is visible: it has a box and a background of its own.
    const painted = await inPage<boolean>(
      p,
      `(() => { const d = document.querySelector('#near del'); const r = d.getBoundingClientRect();
        return r.width > 0 && getComputedStyle(d).backgroundColor !== 'rgba(0, 0, 0, 0)'; })()`,
    );
    assert.ok(painted);
    assert.deepEqual(opened.problems, []);
  } finally {
    await opened.close();
  }
});

test('browser: the search box and the kind filter hide what does not match', { skip }, async () => {
  const opened = await openPage(await page());
  try {
    const p = opened.page;
    const visible = `[...document.querySelectorAll('.u')].filter((u) => u.offsetParent !== null)`;
    const all = await inPage<number>(p, `${visible}.length`);
    await p.select('#kind', 'near');
    assert.deepEqual(await inPage<string[]>(p, `${visible}.map((u) => u.dataset.kind)`), ['near', 'near']);
    await p.select('#kind', '');
    await p.type('#q', 'onerror');
    const found = await inPage<string[]>(p, `${visible}.map((u) => u.textContent)`);
    assert.ok(found.length > 0 && found.length < all, `${found.length} of ${all}`);
    for (const t of found) assert.ok(t.includes('onerror'), t);
    assert.match(
      await inPage<string>(p, `document.getElementById('count').textContent`),
      /^\d+ of \d+ listed rows match/,
    );
    assert.deepEqual(opened.problems, []);
  } finally {
    await opened.close();
  }
});

test('browser: with JavaScript off the data is all in the markup', { skip }, async () => {
  const opened = await openPage(await page(), { javaScript: false });
  try {
    const p = opened.page;
    const text = await inPage<string>(p, `document.body.innerText`);
    assert.match(text, /6 read, 4 changed/);
    assert.match(text, /موعد يومي مع أبرز الأحداث/);
    assert.ok(text.includes(HOSTILE_IMG));
    // The controls need the script: hidden without it.
    assert.equal(await inPage<boolean>(p, `document.getElementById('controls').hidden`), true);
    assert.equal(await inPage<number>(p, `document.querySelectorAll('#near article.pair').length`), 1);
  } finally {
    await opened.close();
  }
});
