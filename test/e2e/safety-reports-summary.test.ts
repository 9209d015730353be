// Issue 15, item 13: the summary shows each repeated unit's kept copy with its own text, and every
// printed share has enough digits to read true (never 0.0% for a non-zero share, never equal to
// a --max-rate it exceeds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runBin, treeFactory } from '../helpers/cli.js';
import { formatLimit, formatPercent, formatPercentAgainst } from '../../src/report/percent.js';

const tree = treeFactory();

// Five spellings of one unit under the standard key: hamza forms and a doubled space.
const SPELLINGS = ['أحمد قال', 'احمد قال', 'إحمد قال', 'آحمد قال', 'احمد  قال'];

test("dedupe --report summary ar.txt shows the kept copy's own text, not another copy's", async () => {
  const t = tree({ 'ar.txt': `${SPELLINGS.join('\n')}\n` });
  const r = await runBin(['--report', 'summary', '--color', 'never', t.path('ar.txt')]);
  assert.equal(r.code, 0, r.stderr);
  const text = r.stdout.toString();
  assert.match(text, /5× {2}\S*ar\.txt:1\n {12}أحمد قال\n/);
  assert.doesNotMatch(text, /text as written at/);
});

test('--stats with --keep last shows the last copy, the one kept, with its text', async () => {
  const t = tree({ 'ar.txt': `${SPELLINGS.join('\n')}\n` });
  const r = await runBin(['--stats', '--keep', 'last', '--color', 'never', t.path('ar.txt')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.toString(), 'احمد  قال\n');
  assert.match(r.stderr, /5× {2}\S*ar\.txt:5\n {12}احمد قال\n/);
});

test('from standard input, which cannot be read again, the text shown says which copy it is', async () => {
  const r = await runBin(['--report', 'summary', '--color', 'never'], { input: `${SPELLINGS.join('\n')}\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout.toString(),
    /5× {2}standard input:1 {2}\(text as written at standard input:2; the kept copy is written differently\)\n {12}احمد قال\n/,
  );
});

function lines(unique: number, repeats: number): string {
  const out: string[] = [];
  for (let i = 0; i < unique; i++) out.push(`unit ${i}`);
  for (let i = 0; i < repeats; i++) out.push(`unit ${i}`);
  return `${out.join('\n')}\n`;
}

test('dedupe --check --max-rate 0.023: 2.31% is printed as above 2.3%, and 2.3% as within', async () => {
  const above = await runBin(['--check', '--max-rate', '0.023'], { input: lines(9769, 231) });
  assert.equal(above.code, 1);
  const m = /\((\d+(?:\.\d+)?)%\), above --max-rate (\d+(?:\.\d+)?)%/.exec(above.stderr);
  assert.ok(m, above.stderr);
  assert.ok(Number(m[1]) > Number(m[2]), `${m[1]}% must read above ${m[2]}%`);
  assert.match(above.stderr, /\(2\.31%\), above --max-rate 2\.3%/);
  const within = await runBin(['--check', '--max-rate', '2.3%'], { input: lines(9770, 230) });
  assert.equal(within.code, 0);
  assert.match(within.stderr, /\(2\.3%\), within --max-rate 2\.3%/);
});

test('9 repeats of 42,531 units read as 0.02%, not 0.0%, in the check verdict and the summary', async () => {
  const input = lines(42522, 9);
  const check = await runBin(['--check'], { input });
  assert.equal(check.code, 1);
  assert.match(check.stderr, /9 of 42,531 units are repeats \(0\.02%\)/);
  const summary = await runBin(['--report', 'summary', '--color', 'never'], { input });
  assert.match(summary.stdout.toString(), /of which 9 duplicates \(0\.02%\)/);
  assert.match(summary.stdout.toString(), / 0\.02% +9\/42,531 /);
});

test('formatPercent never reads a non-zero share as 0% or a partial one as 100%', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), (whole, k) => {
      const part = k % (whole + 1);
      const shown = Number(formatPercent(part, whole).slice(0, -1));
      if (part === 0) assert.equal(shown, 0);
      else if (part === whole) assert.equal(shown, 100);
      else assert.ok(shown > 0 && shown < 100, `${part}/${whole} shown as ${shown}%`);
    }),
  );
});

test('formatPercentAgainst reads above the limit exactly when the share is above it', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1e9 }),
      fc.integer({ min: 0, max: 1e9 }),
      fc.integer({ min: 1, max: 9999 }),
      (whole, k, limitTenThousandths) => {
        const part = k % (whole + 1);
        const limit = limitTenThousandths / 10000;
        const shown = Number(formatPercentAgainst(part, whole, limit).slice(0, -1));
        const shownLimit = Number(formatLimit(limit).slice(0, -1));
        assert.equal(
          shown > shownLimit,
          part / whole > limit,
          `${part}/${whole} against ${limit}: ${shown}% vs ${shownLimit}%`,
        );
      },
    ),
  );
  assert.equal(formatLimit(0.023), '2.3%');
  assert.equal(formatPercentAgainst(2301, 100000, 0.023), '2.301%');
});
