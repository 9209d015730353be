// Issue 20, many small files: a small regular file is read whole and split where it lies; a file
// as big as the window (--buffer-size), or one that needs a decoding reader (gzip, UTF-16,
// windows-1256), takes the streaming path. Both paths must give the same bytes, messages and
// trees, through the real binary: a folder, named files, --out-dir, and --out-dir --index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, runBin, treeFactory } from '../helpers/cli.js';
import { gzip, gunzip } from '../helpers/compress.js';

const tree = treeFactory();

const utf16 = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

function corpus(): Record<string, string | Uint8Array> {
  return {
    'in/a.txt': '\ufeffسلام عليكم\r\nsecond line\r\nسلام عليكم\r\n',
    'in/b.txt': 'second line\nthird line\nfourth\n',
    'in/c.txt.gz': gzip('third line\nin gzip\nin gzip\n'),
    'in/d.txt': utf16('fourth\nin utf-16\n'),
    'in/e.bin': Buffer.from([0x41, 0x00, 0x42, 0x0a]),
    'in/f.txt': 'no final line break',
    'in/g.txt': Buffer.concat([Buffer.from('bad \xff byte\n', 'latin1'), Buffer.from('third line\n')]),
    'in/h.txt': '',
    'in/i.txt': Buffer.from([0xe3, 0xd1, 0xcd, 0xc8, 0xc7, 0x0a, 0xe3, 0xd1, 0xcd, 0xc8, 0xc7, 0x0a]),
    'in/sub/j.txt': 'lone\rcarriage\rreturns\rlone\r',
    'in/k.txt': 'para one\nstill one\n\n\npara two\n\npara one\nstill one\n',
  };
}

/** Every file under dir, as name -> bytes (latin1, so any byte compares). */
function bytesOf(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) Object.assign(out, bytesOf(join(dir, e.name), `${prefix}${e.name}/`));
    else out[`${prefix}${e.name}`] = readFileSync(join(dir, e.name), 'latin1');
  }
  return out;
}

// --buffer-size 8: every file of 8 bytes or more streams, as before small files were read whole.
const STREAMING = ['--buffer-size', '8'];

for (const unit of ['line', 'paragraph', 'document']) {
  test(`a folder of small files: read whole or streamed, the same output and messages (--unit ${unit})`, async () => {
    const t = tree(corpus());
    const whole = await runBin([t.path('in'), '--unit', unit, '-q']);
    const streamed = await runBin([t.path('in'), '--unit', unit, '-q', ...STREAMING]);
    assert.equal(whole.code, streamed.code, whole.stderr);
    assert.equal(whole.stdout.toString('latin1'), streamed.stdout.toString('latin1'));
    assert.equal(whole.stderr, streamed.stderr);
    // The messages of the kinds that take the other paths are there.
    assert.match(whole.stderr, /e\.bin: binary file skipped/);
    assert.match(whole.stderr, /g\.txt: not valid utf-8/i);
    assert.match(whole.stderr, /i\.txt: not valid UTF-8; read as windows-1256/);
  });
}

test('small files read whole: repeats across files removed, each kind kept in its own encoding', async () => {
  const t = tree(corpus());
  const run = await runBin([t.path('in'), '-q']);
  const text = run.stdout.toString('utf8');
  assert.equal(text.split('second line').length - 1, 1, 'a line repeated in another file is removed');
  assert.equal(text.split('سلام عليكم').length - 1, 1, 'a line repeated in its own file is removed');
  assert.equal(text.split('in gzip').length - 1, 1, 'a gzip file read whole is decompressed');
  assert.ok(text.includes('no final line break\n'), 'the owed line break between inputs');
});

test('named files, --out-dir and --out-dir --index: read whole or streamed, the same trees', async () => {
  const files = corpus();
  const names = Object.keys(files).filter((n) => !n.endsWith('.bin'));
  const runs = [];
  for (const extra of [[], STREAMING]) {
    const t = tree(files);
    const named = await runBin([...names.map((n) => t.path(n)), '-q', ...extra]);
    const mirrored = await runBin([t.path('in'), '--out-dir', t.path('out'), '-q', ...extra]);
    const indexed = await runBin([
      t.path('in'),
      '--out-dir',
      t.path('out2'),
      '--index',
      t.path('i.idx'),
      '-q',
      ...extra,
    ]);
    for (const r of [named, mirrored, indexed]) assert.ok(r.code === 0 || r.code === 2, r.stderr);
    runs.push({
      named: named.stdout.toString('latin1'),
      messages: [named.stderr, mirrored.stderr, indexed.stderr].map((m) => m.split(t.dir).join('T')),
      out: bytesOf(t.path('out')),
      out2: bytesOf(t.path('out2')),
    });
  }
  const [whole, streamed] = runs;
  assert.equal(whole.named, streamed.named);
  assert.deepEqual(whole.out, streamed.out);
  assert.deepEqual(whole.out2, streamed.out2);
  assert.deepEqual(whole.messages, streamed.messages);
  // A small gzip input goes back out in gzip, its repeat removed.
  assert.equal(gunzip(Buffer.from(whole.out['c.txt.gz'], 'latin1')).toString(), 'in gzip\n');
  assert.equal(whole.out['sub/j.txt'], 'lone\rcarriage\rreturns\r');
});

test('--out-dir under an address-space cap: the thread pool is not widened (libuv would abort), the tree is written', async (t) => {
  if (process.platform !== 'linux') return t.skip('ulimit -v and /proc/self/limits are Linux only');
  const { UV_THREADPOOL_SIZE: _, ...env } = process.env;
  const capped = (args: string[]) =>
    spawnSync('bash', ['-c', `ulimit -v ${1024 * 1024} && exec "$@"`, 'capped', process.execPath, ...args], {
      encoding: 'utf8',
      env,
    });
  const probe = capped(['-e', '0']);
  if (probe.status !== 0) return t.skip(`node does not start under ulimit -v 1 GiB here: ${probe.stderr.trim()}`);
  const files = corpus();
  const small = tree(files);
  const run = capped([BIN, small.path('in'), '--out-dir', small.path('out'), '-q']);
  assert.equal(run.signal, null, `not aborted: ${run.stderr}`);
  const free = tree(files);
  const uncapped = await runBin([free.path('in'), '--out-dir', free.path('out'), '-q']);
  assert.equal(run.status, uncapped.code, run.stderr);
  assert.deepEqual(bytesOf(small.path('out')), bytesOf(free.path('out')));
});
