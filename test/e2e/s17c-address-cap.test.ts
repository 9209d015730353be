// Issue 17, item 11: an address-space cap (`ulimit -v`, as HPC login nodes and schedulers set)
// must not stop a run. V8 reserves ~10 GiB per WASM memory, so under 2 GiB the fingerprints come
// from plain JavaScript and the seen-set reserves only a few doublings ahead: the output, exit code
// and index agree with an uncapped run's, and each reads the other's index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { BIN, ROOT, runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const CAP_KIB = 2 * 1024 * 1024; // 2 GiB

interface Capped {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs the binary under `ulimit -v` 2 GiB. */
function runCapped(args: readonly string[]): Promise<Capped> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `ulimit -v ${CAP_KIB} && exec "$@"`, 'capped', process.execPath, BIN, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() }));
  });
}

/** Why the cap cannot be tested here, or undefined; also proves the cap really refuses WASM memory. */
function capUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'ulimit -v is tested on Linux only';
  const probe = spawnSync(
    'bash',
    ['-c', `ulimit -v ${CAP_KIB} && exec "$0" -e 'new WebAssembly.Memory({ initial: 1 })'`, process.execPath],
    { encoding: 'utf8' },
  );
  if (probe.error) return `bash cannot run here (${probe.error.message})`;
  if (probe.status === 0) return 'this Node makes WASM memory under a 2 GiB cap: the cap does not reach the fallback';
  if (!/memory/i.test(probe.stderr)) return `ulimit -v is not available here (${probe.stderr.trim()})`;
  return undefined;
}

// Repeats within and across files, Arabic with diacritics and tatweel (the key folds them), a
// near copy for --near, and enough distinct lines that the seen-set grows past its first reservation.
function corpus(): Record<string, string> {
  const many = Array.from({ length: 30_000 }, (_, k) => `سطر رقم ${k} من الأخبار المحلية`).join('\n');
  return {
    'a.txt': 'السَّلامُ عليكم\nخبر عاجل\nالسلام عليكم\n\nفقرة أولى طويلة عن الاقتصاد والأسواق المالية في المنطقة\n',
    'b.txt': 'خبر عاجل\nخـــبر جديد\n\nفقرة أولى طويلة عن الاقتصاد والأسواق المالية فى المنطقه\n',
    'c.txt': `${many}\n${many}\n`,
  };
}

test('under ulimit -v 2 GiB every mode gives the uncapped output and exit code', async (t) => {
  const why = capUnavailable();
  if (why) {
    t.skip(why);
    return;
  }
  const dir = tree(corpus());
  const files = ['a.txt', 'b.txt', 'c.txt'].map((f) => dir.path(f));
  const modes: string[][] = [
    [],
    ['-u', 'paragraph'],
    ['--scope', 'file', '-r', 'json'],
    ['-u', 'paragraph', '--near'],
    ['--keep', 'last'],
    ['-r', 'diff'],
    ['--check'],
  ];
  for (const mode of modes) {
    const free = await runBin([...files, ...mode]);
    const capped = await runCapped([...files, ...mode]);
    assert.equal(capped.stderr, free.stderr, `${mode.join(' ')}: stderr`);
    assert.equal(capped.code, free.code, `${mode.join(' ')}: exit code`);
    assert.ok(capped.stdout.equals(free.stdout), `${mode.join(' ')}: stdout differs`);
    assert.ok(mode[0] === '--check' || capped.stdout.length > 0, 'a real output was compared');
  }
});

test('an index written under the cap is read by an uncapped run, and the other way round', async (t) => {
  const why = capUnavailable();
  if (why) {
    t.skip(why);
    return;
  }
  const dir = tree(corpus());
  const [a, b, c] = ['a.txt', 'b.txt', 'c.txt'].map((f) => dir.path(f));
  const cappedIndex = dir.path('capped.idx');
  const freeIndex = dir.path('free.idx');

  const built = await runCapped([a, c, '--index', cappedIndex]);
  assert.equal(built.code, 0, built.stderr);
  const read = await runBin([a, c, '--index', cappedIndex, '--index-readonly']);
  assert.equal(read.code, 0, read.stderr);
  assert.equal(
    read.stdout.toString().trim(),
    '',
    'every unit (blank lines stay, as always) the capped run saw is in its index, as the uncapped run keys it',
  );

  const built2 = await runBin([a, c, '--index', freeIndex]);
  assert.equal(built2.code, 0, built2.stderr);
  const checked = await runCapped([a, c, '--index', freeIndex, '--index-readonly', '--check']);
  assert.equal(checked.code, 1, `every unit is a duplicate of the index: ${checked.stderr}`);
  const fresh = await runCapped([b, '--index', freeIndex, '--index-readonly']);
  assert.equal(fresh.code, 0, fresh.stderr);
  const expected = await runBin([b, '--index', freeIndex, '--index-readonly']);
  assert.equal(fresh.stdout.toString(), expected.stdout.toString());
  assert.match(fresh.stdout.toString(), /خـــبر جديد/, 'the unit the index lacks is kept');
});

test('thousands of inputs with --index under the cap: each seen-set reserves only what it can use', async (t) => {
  const why = capUnavailable();
  if (why) {
    t.skip(why);
    return;
  }
  // A 1 GiB reservation per seen-set (the largest the cap allows) ran the heap out of room here.
  const files: Record<string, string> = {};
  for (let k = 0; k < 3000; k++) files[`in/f${k}.txt`] = `unique ${k}\ncommon\n`;
  const dir = tree(files);
  const free = await runBin([dir.path('in'), '--index', dir.path('free.idx')]);
  const capped = await runCapped([dir.path('in'), '--index', dir.path('capped.idx')]);
  assert.equal(capped.code, 0, capped.stderr.slice(0, 500));
  assert.equal(capped.code, free.code);
  assert.ok(capped.stdout.equals(free.stdout), 'stdout differs');
  assert.equal(capped.stdout.toString().split('\n').length, 3002, 'every unique line and one "common"');
});
