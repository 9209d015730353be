// Issue 15, item 13: the progress ETA no longer jumps between seconds and minutes when a batch
// reads in bursts. The estimator runs here on a fake clock; the binary shows its figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEtaEstimator, formatEta } from '../../src/cli/eta.js';
import { runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const MB = 1024 * 1024;

// A batch that alternates 2 s of big files read at 200 MB/s with 2 s of tiny files at 1 MB/s,
// reported every 50 ms: what the bar sees on a real corpus, exaggerated.
function burstyRun(onTick: (t: number, done: number, lastRate: number) => void): void {
  let done = 0;
  for (let t = 50; t <= 60_000; t += 50) {
    const fast = Math.floor(t / 2000) % 2 === 0;
    const step = (fast ? 200 : 1) * MB * 0.05;
    done += step;
    onTick(t, done, step / 0.05);
  }
}

test('the ETA of a bursty batch moves steadily and stays near the truth, where the last rate swings 200-fold', () => {
  const total = 20_000 * MB;
  const meanRate = 100.5 * MB; // bytes per second, over whole 4 s cycles
  const eta = createEtaEstimator();
  const shown: { t: number; seconds: number; truth: number }[] = [];
  const naive: number[] = [];
  burstyRun((t, done, lastRate) => {
    eta.sample(done, t);
    if (t < 12_000 || t % 1000 !== 0) return;
    shown.push({ t, seconds: eta.secondsLeft(total)!, truth: (total - done) / meanRate });
    naive.push((total - done) / lastRate);
  });
  assert.ok(Math.max(...naive) / Math.min(...naive) > 100, 'the input really is bursty');
  for (const s of shown) {
    assert.ok(s.seconds !== undefined && Number.isFinite(s.seconds), `an estimate at ${s.t} ms`);
    assert.ok(
      s.seconds > 0.85 * s.truth && s.seconds < 1.15 * s.truth,
      `at ${s.t} ms: ${s.seconds.toFixed(0)} s shown, about ${s.truth.toFixed(0)} s left`,
    );
  }
  for (let i = 1; i < shown.length; i++) {
    const ratio = shown[i].seconds / shown[i - 1].seconds;
    assert.ok(
      ratio > 0.9 && ratio < 1.1,
      `one second later the ETA went from ${shown[i - 1].seconds.toFixed(0)} s to ${shown[i].seconds.toFixed(0)} s`,
    );
  }
});

test('no ETA before the run has been measured a moment; 0 s once everything is read', () => {
  const eta = createEtaEstimator({ warmupMs: 1500 });
  eta.sample(0, 0);
  eta.sample(10 * MB, 500);
  assert.equal(eta.secondsLeft(100 * MB), undefined);
  eta.sample(30 * MB, 1500);
  const left = eta.secondsLeft(100 * MB)!;
  assert.ok(Math.abs(left - 3.5) < 0.01, `70 MB at 20 MB/s: ${left}`);
  eta.sample(100 * MB, 5000);
  assert.equal(eta.secondsLeft(100 * MB), 0);
});

test('formatEta rounds to steps that do not flicker', () => {
  assert.equal(formatEta(undefined), '…');
  assert.equal(formatEta(3.2), '4 s');
  assert.equal(formatEta(14), '15 s');
  assert.equal(formatEta(16), '15 s');
  assert.equal(formatEta(659), '11 min');
  assert.equal(formatEta(3 * 3600 + 5 * 60), '3 h 05 min');
});

test('dedupe --progress draws the smoothed ETA and ends at 0 s', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`g/f${String(i).padStart(2, '0')}.txt`] = `shared line\nline ${i}\n`.repeat(200);
  const t = tree(files);
  const r = await runBin([t.path('g'), '--out-dir', t.path('out'), '--progress', '--progress-after', '0']);
  assert.equal(r.code, 0, r.stderr);
  // eslint-disable-next-line no-control-regex -- the bar's escape sequences delimit what is read
  const etas = [...r.stderr.matchAll(/\| ETA ([^\r\n\u001b]*?)\s*(?=[\r\n\u001b]|$)/g)].map((m) => m[1]);
  assert.ok(etas.length > 0, r.stderr);
  for (const e of etas) assert.match(e, /^(…|\d+ s|\d+ min|\d+ h \d\d min)$/);
  assert.equal(etas.at(-1), '0 s');
});
