// Issue 17, item 7: a report on standard output whose reader goes away (`| head -1`) stops the
// report only: with --out-dir, -o and --in-place every output is still written, nothing is blamed
// for the report's pipe, and the exit status is 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runBin, treeFactory } from '../helpers/cli.js';

const newTree = treeFactory();

// Files whose diff report is several MiB: far more than a pipe holds once head has gone, so the
// report's writes meet EPIPE while most outputs are still to be written, whatever the timing.
function repetitiveFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let f = 0; f < 40; f++) {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(`file ${f} line ${i % 1500} with some text to make the report long`);
    lines.push(`unique to file ${f}`);
    files[`d${f % 4}/f${String(f).padStart(2, '0')}.txt`] = lines.join('\n') + '\n';
  }
  return files;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort();
}

// The run's stderr without its timing: a finished run ends with its summary line.
const untimed = (stderr: string): string => stderr.replace(/, [^,\n]*\n$/, '\n');

// Runs `dedupe ARGS | head -1` through bash; dedupe's own exit status and stderr.
function throughHead(args: string[], cwd: string): { status: string; stderr: string; head: string } {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const r = spawnSync(
    'bash',
    ['-c', `"${process.execPath}" "${BIN}" ${quoted} | head -1; echo "status=\${PIPESTATUS[0]}" >&2`],
    { cwd, encoding: 'utf8' },
  );
  const status = /status=(\d+)\n$/.exec(r.stderr)?.[1] ?? `none (${r.status})`;
  return { status, stderr: r.stderr.replace(/status=\d+\n$/, ''), head: r.stdout };
}

for (const report of ['json', 'diff']) {
  test(`--out-dir --report ${report} | head -1: every output written, nothing blamed, exit 0`, async () => {
    const input = newTree(repetitiveFiles());
    const expected = newTree();
    const plain = await runBin([input.dir, '--out-dir', expected.dir]);
    assert.equal(plain.code, 0, plain.stderr);
    const out = newTree();
    const r = throughHead([input.dir, '--out-dir', out.dir, '--report', report], input.dir);
    assert.doesNotMatch(r.stderr, /EPIPE|cannot write/);
    assert.equal(untimed(r.stderr), untimed(plain.stderr), 'the summary line of a whole run, nothing blamed');
    assert.equal(r.status, '0');
    assert.ok(r.head.length > 0, 'head read the report');
    const names = listFiles(expected.dir);
    assert.equal(names.length, 40);
    assert.deepEqual(listFiles(out.dir), names, 'every output written');
    for (const name of names)
      assert.deepEqual(readFileSync(join(out.dir, name)), readFileSync(join(expected.dir, name)), name);
  });
}

test('--in-place --report diff | head -1: every file rewritten, nothing blamed, exit 0', async () => {
  const original = newTree(repetitiveFiles());
  const expected = newTree();
  cpSync(original.dir, expected.dir, { recursive: true });
  const plain = await runBin([expected.dir, '--in-place']);
  assert.equal(plain.code, 0, plain.stderr);
  const r = throughHead([original.dir, '--in-place', '--report', 'diff'], original.dir);
  assert.doesNotMatch(r.stderr, /EPIPE|cannot write/);
  assert.equal(untimed(r.stderr), untimed(plain.stderr), 'the summary line of a whole run, nothing blamed');
  assert.equal(r.status, '0');
  const names = listFiles(expected.dir);
  assert.deepEqual(listFiles(original.dir), names);
  for (const name of names)
    assert.deepEqual(readFileSync(join(original.dir, name)), readFileSync(join(expected.dir, name)), name);
});

test('-o --report json | head -1: the shared output is still written whole, exit 0', async () => {
  const input = newTree(repetitiveFiles());
  const expected = newTree();
  const plain = await runBin([input.dir, '-o', expected.path('all.txt')]);
  assert.equal(plain.code, 0, plain.stderr);
  const out = newTree();
  const r = throughHead([input.dir, '-o', out.path('all.txt'), '--report', 'json'], input.dir);
  assert.doesNotMatch(r.stderr, /EPIPE|cannot write/);
  assert.equal(untimed(r.stderr), untimed(plain.stderr), 'the summary line of a whole run');
  assert.equal(r.status, '0');
  assert.deepEqual(readFileSync(out.path('all.txt')), readFileSync(expected.path('all.txt')));
});

test('a report that is all the run makes, | head -1: exit 0, nothing on stderr', () => {
  const input = newTree(repetitiveFiles());
  const r = throughHead([input.dir, '--report', 'diff'], input.dir);
  assert.equal(r.stderr, '');
  assert.equal(r.status, '0');
  assert.match(r.head, /^--- a\//);
});
