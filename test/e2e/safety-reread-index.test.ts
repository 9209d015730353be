// Issue 15, items 3, 5 and 6 for the persistent index: an input that is not a regular file (FIFO,
// `<(zcat day.gz)`) is never refused for its name, nor read again for a digest; --index-readonly
// checks an already committed file against the archive; `dedupe plan` refuses a FIFO per input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, writeFile, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { BIN, runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const DAY1 = 'أكد الوزير\nمشترك بين الأيام\n';
const DAY2 = 'مشترك بين الأيام\nخبر جديد\nاكد الوزير\n';

function bash(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      env: { ...process.env, DEDUPE: `${process.execPath} ${BIN}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const hasZcat = (): boolean => {
  try {
    execFileSync('bash', ['-c', 'command -v zcat'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

test(
  '--index with <(zcat day.gz) two days running: day 2 is processed like standard input, not refused',
  { timeout: 60_000 },
  async (t) => {
    if (!hasZcat()) {
      t.skip('zcat is not installed');
      return;
    }
    const d = tree({ 'day1.gz': gzipSync(DAY1), 'day2.gz': gzipSync(DAY2) });
    // The same two days through standard input: what day 2 must give.
    await runBin(['--index', d.path('stdin.idx')], { input: DAY1 });
    const expected = await runBin(['--index', d.path('stdin.idx')], { input: DAY2 });
    assert.equal(expected.stdout.toString(), 'خبر جديد\n');

    const day1 = await bash(`$DEDUPE --index "${d.path('c.idx')}" <(zcat "${d.path('day1.gz')}")`);
    assert.equal(day1.code, 0, day1.stderr);
    assert.equal(day1.stdout, DAY1);
    const day2 = await bash(`$DEDUPE --index "${d.path('c.idx')}" <(zcat "${d.path('day2.gz')}")`);
    assert.equal(day2.stderr, '');
    assert.equal(day2.code, 0);
    assert.equal(day2.stdout, expected.stdout.toString());
    // The same day again: its lines are all in the index now, so nothing is printed (not refused).
    const again = await bash(`$DEDUPE --index "${d.path('c.idx')}" <(zcat "${d.path('day2.gz')}")`);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, '');
  },
);

test(
  '--index on a named FIFO: committed without reading it again (no hang), a later FIFO at that path is not refused',
  { timeout: 60_000 },
  async () => {
    const d = tree();
    const fifo = d.path('feed');
    execFileSync('mkfifo', [fifo]);
    const idx = d.path('f.idx');
    for (const [text, expected] of [
      [DAY1, DAY1],
      [DAY2, 'خبر جديد\n'],
    ] as const) {
      const writer = new Promise<void>((resolve, reject) => writeFile(fifo, text, (e) => (e ? reject(e) : resolve())));
      const r = await bash(`timeout 20 $DEDUPE --index "${idx}" "${fifo}"`);
      await writer;
      assert.equal(r.code, 0, `exit ${r.code} (124: timed out); ${r.stderr}`);
      assert.equal(r.stdout, expected);
    }
  },
);

test('--index-readonly on a file the index already committed: empty output, every unit a duplicate of an earlier run, exit 0', async () => {
  const d = tree({ 'a.txt': DAY1 });
  const idx = d.path('a.idx');
  const first = await runBin([d.path('a.txt'), '--index', idx]);
  assert.equal(first.code, 0, first.stderr);
  const before = readFileSync(idx);

  const r = await runBin([d.path('a.txt'), '--index', idx, '--index-readonly']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout.toString(), '');

  const report = await runBin([d.path('a.txt'), '--index', idx, '--index-readonly', '--report', 'json']);
  assert.equal(report.code, 0, report.stderr);
  const records = report.stdout
    .toString()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const duplicates = records.filter((x) => x.type === 'duplicate');
  assert.equal(duplicates.length, DAY1.split('\n').filter(Boolean).length, 'every unit listed');
  for (const dup of duplicates) assert.equal(dup.firstPath, idx, 'a duplicate of an earlier run (the index)');
  assert.deepEqual(readFileSync(idx), before, 'the index is left byte-identical');
});

test('--index-readonly on a file changed since it was committed: only its new lines are printed', async () => {
  const d = tree({ 'a.txt': DAY1 });
  const idx = d.path('a.idx');
  assert.equal((await runBin([d.path('a.txt'), '--index', idx])).code, 0);
  writeFileSync(d.path('a.txt'), `${DAY1}سطر جديد\n`);
  const r = await runBin([d.path('a.txt'), '--index', idx, '--index-readonly']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.toString(), 'سطر جديد\n');
});

test(
  'dedupe plan refuses a process substitution as one input (its tasks would read it again); the others are planned',
  { timeout: 60_000 },
  async () => {
    const d = tree({ 'f.txt': DAY1 });
    const r = await bash(`$DEDUPE plan <(printf 'a\\nb\\n') "${d.path('f.txt')}" --work "${d.path('w')}"`);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^dedupe: \/dev\/fd\/\d+: not a regular file: the phases read each input more than once/m);
    const manifest = JSON.parse(readFileSync(d.path('w/manifest.json'), 'utf8')) as { inputs: { label: string }[] };
    assert.deepEqual(
      manifest.inputs.map((i) => i.label),
      [d.path('f.txt')],
    );
  },
);
