// Issue 20: --out-dir holds a small output's bytes and creates, flushes and renames its file through
// libuv's pool (src/fs/pooled-sink.ts), streaming past HELD_BYTES. Whatever path a file takes, the
// tree must hold byte for byte what the same run writes to stdout, file by file, and a folder that
// cannot be written fails its own inputs only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { killAtHold } from '../helpers/held-run.js';
import { runBin, treeFactory, unprivileged } from '../helpers/cli.js';
import { isTempName } from '../../src/fs/temp-name.js';
import { HELD_BYTES } from '../../src/fs/pooled-sink.js';
import { COMMITS_IN_FLIGHT } from '../../src/output/commit-queue.js';

const tree = treeFactory();

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

// Lines drawn from a shared pool, so most files lose lines to files before them. Every file ends
// with a line break: the run to stdout is then exactly the outputs one after another.
function corpus(files: number): Record<string, string | Uint8Array> {
  let state = 5;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const out: Record<string, string | Uint8Array> = {};
  for (let i = 0; i < files; i++) {
    const lines = Array.from({ length: 5 + next(30) }, (_, j) =>
      next(4) === 0 ? `ملف ${i} سطر ${j}` : `سطر مشترك ${next(200)}`,
    );
    out[`in/${i % 3 === 0 ? 'sub/' : ''}${String(i).padStart(3, '0')}.txt`] = lines.join('\n') + '\n';
  }
  out['in/000-empty.txt'] = '';
  const earlier = (out['in/001.txt'] as string).split('\n')[0];
  out['in/zx-packed.txt.gz'] = gzipSync(`${earlier}\nفي ملف مضغوط وحده\n`);
  // Its only line is in 001.txt, read before it: its output is empty, and is still written.
  out['in/zy-repeat.txt'] = earlier + '\n';
  // Past what one output holds in memory: this one streams to its temporary file.
  const big = Array.from({ length: Math.ceil((HELD_BYTES * 1.5) / 20) }, (_, j) => `big line ${j}`).join('\n');
  out['in/zz-big.txt'] = big + '\n';
  return out;
}

test('--out-dir over a few hundred small files: each output holds what the run to stdout writes for it', async () => {
  const t = tree(corpus(300));
  const whole = await runBin([t.path('in')]);
  assert.equal(whole.code, 0, whole.stderr);
  const r = await runBin([t.path('in'), '--out-dir', t.path('out'), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const names = listFiles(t.path('out'));
  assert.deepEqual(names, listFiles(t.path('in')), 'one output per input, no temporary file left');
  // The walk reads in byte order of the path, which listFiles' sort gives for these names.
  const read = (name: string): Buffer => {
    const bytes = readFileSync(t.path(`out/${name}`));
    return name.endsWith('.gz') ? gunzipSync(bytes) : bytes;
  };
  const outputs = names.map(read);
  assert.equal(Buffer.concat(outputs).toString(), whole.stdout.toString());
  assert.equal(read('000-empty.txt').length, 0);
  assert.equal(read('zy-repeat.txt').length, 0, 'a file whose every line came earlier: empty output');
  assert.equal(read('zx-packed.txt.gz').toString(), 'في ملف مضغوط وحده\n', 'a gz input is written back as gz');
  assert.ok(read('zz-big.txt').length > HELD_BYTES, 'the big file went through the streaming path');

  // Again over the outputs: each is replaced, keeping the mode the user gave it.
  chmodSync(t.path('out/sub/000.txt'), 0o600);
  const again = await runBin([t.path('in'), '--out-dir', t.path('out'), '--quiet']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(listFiles(t.path('out')), names);
  assert.equal(Buffer.concat(names.map(read)).toString(), whole.stdout.toString());
  assert.equal(statSync(t.path('out/sub/000.txt')).mode & 0o777, 0o600);
});

test('--out-dir: an output folder that is a file fails its inputs only, one line each, exit 2', async () => {
  const t = tree({ 'in/a/1.txt': 'x\ny\n', 'in/b/2.txt': 'x\nz\n', 'in/b/3.txt': 'w\n', 'in/c.txt': 'y\nv\n' });
  mkdirSync(t.path('out'));
  writeFileSync(t.path('out/b'), 'the user file\n');
  const r = await runBin([t.path('in'), '--out-dir', t.path('out'), '--quiet']);
  assert.equal(r.code, 2);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, r.stderr);
  for (const line of lines) assert.match(line, /^dedupe: .*b\/[23]\.txt: /);
  assert.equal(readFileSync(t.path('out/a/1.txt'), 'utf8'), 'x\ny\n');
  assert.equal(readFileSync(t.path('out/c.txt'), 'utf8'), 'v\n', 'later inputs still run');
  assert.equal(readFileSync(t.path('out/b'), 'utf8'), 'the user file\n');
});

test(
  '--out-dir: an output folder that cannot be written fails its inputs only; the others are written',
  { skip: unprivileged().skip },
  async () => {
    const t = tree({ 'in/a/1.txt': 'x\ny\n', 'in/b/2.txt': 'x\nz\n', 'in/b/3.txt': 'w\n', 'in/c.txt': 'y\nv\n' });
    for (const folder of ['', 'in', 'in/a', 'in/b']) chmodSync(t.path(folder), 0o755);
    for (const file of ['in/a/1.txt', 'in/b/2.txt', 'in/b/3.txt', 'in/c.txt']) chmodSync(t.path(file), 0o644);
    mkdirSync(t.path('out/b'), { recursive: true });
    chmodSync(t.path('out'), 0o777);
    chmodSync(t.path('out/b'), 0o555);
    // Root writes anywhere: run as an unprivileged user, so the folder's mode really refuses.
    const r = await runBin([t.path('in'), '--out-dir', t.path('out'), '--quiet'], { spawn: unprivileged().spawn });
    assert.equal(r.code, 2);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.stderr);
    for (const line of lines)
      assert.match(line, /^dedupe: .*b\/[23]\.txt: cannot write its output .*b\/[23]\.txt: permission denied$/);
    assert.equal(readFileSync(t.path('out/a/1.txt'), 'utf8'), 'x\ny\n');
    assert.equal(readFileSync(t.path('out/c.txt'), 'utf8'), 'v\n');
    assert.deepEqual(readdirSync(t.path('out/b')), [], 'nothing, not even a temporary file, in the refused folder');
  },
);

test('SIGKILL while many outputs are being committed: no partial file under any name; the next run sweeps the temporaries and writes the same tree', async (t0) => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 200; i++) files[`in/${String(i).padStart(3, '0')}.txt`] = `shared\nfile ${i}\n${'و'.repeat(i)}\n`;
  const reference = tree(files);
  const whole = await runBin([reference.path('in'), '--out-dir', reference.path('out'), '--quiet']);
  assert.equal(whole.code, 0, whole.stderr);
  const expected = new Map(
    listFiles(reference.path('out')).map((n) => [n, readFileSync(reference.path(`out/${n}`), 'utf8')]),
  );
  const complete = new Set(expected.values());

  const t = tree(files);
  const args = [t.path('in'), '--out-dir', t.path('out'), '--quiet'];
  // DEDUPE_TEST_HOLD: the first commit to finish its fsync stops the main thread there (before its
  // rename), while the commits behind it are anywhere between creating and flushing their files.
  await killAtHold(args, t.path('hold'));
  const names = readdirSync(t.path('out'));
  const temporaries = names.filter(isTempName);
  const finals = names.filter((n) => !isTempName(n));
  t0.diagnostic(`killed with ${temporaries.length} temporaries and ${finals.length} outputs under their names`);
  assert.ok(
    temporaries.length >= 1 && temporaries.length <= COMMITS_IN_FLIGHT + 1,
    `${temporaries.length} temporaries`,
  );
  for (const name of finals) assert.equal(readFileSync(t.path(`out/${name}`), 'utf8'), expected.get(name), name);
  // A temporary is empty (created, not yet written) or holds one output whole: never a part of one.
  for (const name of temporaries) {
    const bytes = readFileSync(t.path(`out/${name}`), 'utf8');
    assert.ok(bytes === '' || complete.has(bytes), `${name} holds ${JSON.stringify(bytes.slice(0, 40))}`);
  }
  const rerun = await runBin(args);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.deepEqual(listFiles(t.path('out')), [...expected.keys()], "the dead run's temporaries are swept");
  for (const [name, bytes] of expected) assert.equal(readFileSync(t.path(`out/${name}`), 'utf8'), bytes, name);
});
