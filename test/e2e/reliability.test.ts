// Reliability under faults and hostile input: interrupted in-place runs, failing writes (a full
// disk, an injected EIO), files that vanish or folders that turn unreadable mid-run, hostile file
// names, odd inputs (empty keys, huge blank runs, no newline at all) and bad flag values. Each
// guarantee here is listed in docs/reliability.md. Set DEDUPE_LARGE=1 to run the size tests large.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { BIN, runBin, runInProcess, tempTree, treeFactory, unprivileged } from '../helpers/cli.js';
import { realWriteFs, type WriteFs } from '../../src/fs/atomic-sink.js';

const LARGE = process.env.DEDUPE_LARGE === '1';
const tree = treeFactory();
const asNobody = unprivileged();

test('SIGINT in the middle of --in-place: exit 130, no temporary file left, each file original or complete', async () => {
  const files: Record<string, string> = {};
  const expected: Record<string, string> = {};
  for (let i = 0; i < 600; i++) {
    const lines = Array.from({ length: 400 }, (_, j) => `file ${i} line ${j % 200} ${'y'.repeat(40)}`);
    files[`s/${String(i).padStart(3, '0')}.txt`] = lines.join('\n') + '\n';
    expected[`s/${String(i).padStart(3, '0')}.txt`] = lines.slice(0, 200).join('\n') + '\n';
  }
  const t = tree(files);
  // Small read windows make the run long enough to be surely interrupted in the middle.
  const child = spawn(process.execPath, [BIN, t.path('s'), '--in-place', '--quiet', '--buffer-size', '64'], {
    stdio: 'ignore',
  });
  const closed = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  for (let i = 0; i < 400 && readFileSync(t.path('s/000.txt'), 'utf8') !== expected['s/000.txt']; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGINT');
  const code = await closed;
  assert.equal(code, 130);
  assert.deepEqual(
    readdirSync(t.path('s')).filter((f) => !f.endsWith('.txt') || f.includes('.dedupe-')),
    [],
    'no temporary files',
  );
  let untouched = 0;
  for (const [name, original] of Object.entries(files)) {
    const now = readFileSync(t.path(name), 'utf8');
    assert.ok(now === original || now === expected[name], `${name} is neither original nor complete`);
    if (now === original) untouched++;
  }
  assert.ok(untouched > 0, 'the signal came before the end of the run');
});

test('SIGINT in the middle of --out-dir: exit 130, no temporary file left in the output folder', async () => {
  // Temporary files are created on libuv's pool: an interrupt can land while a create is running
  // there, after which no callback runs. Several interrupts at different moments, each into a new
  // folder, so that one of them catches creates in flight (it did 4 times in 6 before the fix).
  const files: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) files[`in/${String(i).padStart(4, '0')}.txt`] = `file ${i}\nshared line\n`;
  const t = tree(files);
  for (const after of [100, 400, 1200]) {
    const out = t.path(`out-${after}`);
    const child = spawn(process.execPath, [BIN, t.path('in'), '--out-dir', out, '--quiet'], { stdio: 'ignore' });
    const closed = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    const written = (): number => (existsSync(out) ? readdirSync(out).length : 0);
    for (let i = 0; i < 500 && written() < after; i++) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    const code = await closed;
    const names = existsSync(out) ? readdirSync(out) : [];
    if (code === 0) continue; // the run ended first: nothing to look at
    assert.equal(code, 130);
    assert.deepEqual(
      names.filter((f) => f.startsWith('.dedupe-')),
      [],
      `no temporary files after an interrupt at ${names.length} outputs`,
    );
    for (const name of names) {
      const i = Number(name.slice(0, 4));
      const expected = i === 0 ? 'file 0\nshared line\n' : `file ${i}\n`;
      assert.equal(readFileSync(join(out, name), 'utf8'), expected, `${name} is complete`);
    }
  }
});

test(
  'a full disk during --in-place: the original stays intact, the error is reported, exit 2',
  { skip: canMount() ? false : 'needs root to mount a small tmpfs' },
  async () => {
    const t = tree();
    const mnt = t.path('small');
    mkdirSync(mnt);
    assert.equal(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt]).status, 0);
    try {
      const big = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'z'.repeat(40)}`).join('\n') + '\nline 0\n';
      writeFileSync(join(mnt, 'big.txt'), big); // ~150 KB: its rewritten copy cannot fit beside it
      writeFileSync(join(mnt, 'small.txt'), 'a\na\n');
      const r = await runBin([mnt, '--in-place', '--quiet']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^dedupe: .*big\.txt: cannot write its output: no space left on device\n$/);
      assert.equal(readFileSync(join(mnt, 'big.txt'), 'utf8'), big, 'original intact');
      assert.equal(readFileSync(join(mnt, 'small.txt'), 'utf8'), 'a\n', 'the other file still done');
      assert.deepEqual(readdirSync(mnt).sort(), ['big.txt', 'small.txt'], 'no temporary file left');
    } finally {
      spawnSync('umount', [mnt]);
    }
  },
);

test('an injected EIO while writing -o: the old file stays, one error line, exit 2', async () => {
  const t = tree({ 'in.txt': 'a\nb\na\n', 'out.txt': 'old\n' });
  const failing: WriteFs = {
    ...realWriteFs,
    writeSync: () => {
      throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    },
  };
  const r = await runInProcess([t.path('in.txt'), '-o', t.path('out.txt')], { writeFs: failing });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^dedupe: .*out\.txt: input\/output error\n$/);
  assert.equal(readFileSync(t.path('out.txt'), 'utf8'), 'old\n');
  assert.deepEqual(readdirSync(t.dir).sort(), ['in.txt', 'out.txt']);
});

test('an injected ENOSPC on one --out-dir file: that file fails alone, the others are written', async () => {
  const t = tree({ 'in/a.txt': 'a\na\n', 'in/b.txt': 'b\n' });
  const failing: WriteFs = {
    ...realWriteFs,
    writeSync: (fd, buf, off, len) => {
      if (buf.includes(0x61)) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      return realWriteFs.writeSync(fd, buf, off, len);
    },
  };
  const r = await runInProcess([t.path('in'), '--out-dir', t.path('out'), '--quiet'], { writeFs: failing });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /a\.txt: cannot write its output: no space left on device\n$/);
  assert.equal(existsSync(t.path('out/a.txt')), false);
  assert.equal(readFileSync(t.path('out/b.txt'), 'utf8'), 'b\n');
  assert.deepEqual(readdirSync(t.path('out')).sort(), ['b.txt'], 'no temporary file left');
});

test('stdout on a full disk: a clear error, exit 2', () => {
  const r = spawnSync('bash', ['-c', `printf 'a\\nb\\n' | "${process.execPath}" "${BIN}" > /dev/full`], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'dedupe: standard output: no space left on device\n');
});

test('files that vanish during a run are reported; the rest are processed; nothing crashes', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 1500; i++) files[`v/${String(i).padStart(4, '0')}.txt`] = `shared\nunique ${i}\n`;
  const t = tree(files);
  const child = spawn(process.execPath, [BIN, t.path('v')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  // Delete from the end while it runs.
  for (let i = 1499; i >= 750; i--) {
    try {
      unlinkSync(t.path(`v/${String(i).padStart(4, '0')}.txt`));
    } catch {
      /* */
    }
  }
  const code = await closed;
  assert.ok(code === 0 || code === 2, `exit ${code}`);
  for (const line of stderr.split('\n').filter(Boolean))
    assert.match(line, /^dedupe: .*\.txt: no such file or directory$/);
  assert.equal(code === 2, stderr.length > 0);
  const lines = stdout.split('\n').filter(Boolean);
  assert.equal(lines[0], 'shared');
  assert.equal(lines.filter((l) => l === 'shared').length, 1);
  assert.equal(new Set(lines).size, lines.length, 'no repeats in the output');
});

test(
  'an unreadable folder inside a walk is reported; the other folders are processed',
  { skip: asNobody.skip },
  async () => {
    const t = tree({ 'w/a/x.txt': 'x\n', 'w/b/y.txt': 'y\n', 'w/c/z.txt': 'z\n' });
    for (const d of ['', 'w', 'w/a', 'w/c']) chmodSync(t.path(d), 0o755);
    for (const f of ['w/a/x.txt', 'w/c/z.txt']) chmodSync(t.path(f), 0o644);
    chmodSync(t.path('w/b'), 0o000);
    const r = await runBin([t.path('w')], { spawn: asNobody.spawn });
    chmodSync(t.path('w/b'), 0o755);
    assert.equal(r.code, 2);
    assert.equal(r.stdout.toString(), 'x\nz\n');
    assert.match(r.stderr, /^dedupe: .*w\/b: permission denied\n$/);
  },
);

test('hostile file names: leading dash after --, quotes, a newline, non-UTF-8 bytes, Arabic', async () => {
  const t = tree({ '-n.txt': 'a\na\n', 'it\'s "quoted".txt': 'b\nb\n', 'سطر\nجديد.txt': 'c\nc\n' });
  const r1 = await runBin(['--', '-n.txt'], { cwd: t.dir });
  assert.equal(r1.stdout.toString(), 'a\n');
  const out = t.path('mirror');
  const r2 = await runBin([t.dir, '--out-dir', out, '--quiet', '--exclude', 'mirror/**']);
  assert.equal(r2.code, 0, r2.stderr);
  assert.equal(readFileSync(join(out, 'سطر\nجديد.txt'), 'utf8'), 'c\n');
  assert.equal(readFileSync(join(out, 'it\'s "quoted".txt'), 'utf8'), 'b\n');
  // A missing file whose name holds a newline still gives a one-line message.
  const r3 = await runBin(['no\nsuch.txt']);
  assert.equal(r3.stderr, 'dedupe: no\\nsuch.txt: no such file or directory\n');
  const raw = Buffer.concat([Buffer.from(t.dir + '/'), Buffer.from([0x66, 0xff, 0x2e, 0x74])]);
  const r4 = spawnSync(process.execPath, [BIN, raw.toString('latin1')], { encoding: 'buffer' });
  assert.equal(r4.status, 2, 'a name that does not exist (its bytes are not valid UTF-8)');
});

test('--out-dir never writes outside its folder; --in-place never writes through a link', async () => {
  const t = tree({ 'root/a.txt': 'a\na\n', 'outside.txt': 'o\no\n' });
  const r1 = await runBin([`${t.dir}/root/../root/*.txt`, '--out-dir', t.path('o'), '--quiet']);
  assert.equal(r1.code, 0, r1.stderr);
  assert.deepEqual(readdirSync(t.path('o')), ['a.txt']);
  const { symlinkSync } = await import('node:fs');
  symlinkSync(t.path('outside.txt'), t.path('root/link.txt'));
  const r2 = await runBin([t.path('root/link.txt'), '--in-place']);
  assert.match(r2.stderr, /link\.txt: is a symbolic link; not rewritten in place/);
  assert.equal(readFileSync(t.path('outside.txt'), 'utf8'), 'o\no\n');
  const r3 = await runBin([t.path('root'), '--in-place', '--follow']);
  assert.equal(r3.code, 2);
  assert.match(r3.stderr, /--in-place cannot be used with --follow/);
  assert.equal(readFileSync(t.path('outside.txt'), 'utf8'), 'o\no\n');
});

test('odd input: empty-key units are kept, a long blank run, many empty lines, no newline at all', async () => {
  const odd = 'ــــ\nًٌٍ\nــــ\nًٌٍ\nword\n';
  assert.equal((await runBin([], { input: odd })).stdout.toString(), odd, 'a unit whose key is empty is never removed');
  const blanks = 'P\n' + '\n'.repeat(LARGE ? 50_000 : 5_000) + 'P\n\nQ\n';
  assert.equal((await runBin(['--unit', 'paragraph'], { input: blanks })).stdout.toString(), 'P\n\nQ\n');
  const empties = '\n'.repeat(LARGE ? 10_000_000 : 200_000);
  const r = await runBin([], { input: empties });
  assert.equal(r.stdout.length, empties.length);
  const t = tree();
  const size = LARGE ? 1 << 30 : 8 << 20;
  const noNewline = Buffer.alloc(size, 0x61);
  writeFileSync(t.path('one-line.txt'), noNewline);
  const r2 = await runBin([t.path('one-line.txt'), t.path('one-line.txt')]);
  assert.equal(r2.code, 0);
  assert.equal(r2.stdout.length, size, 'read once (same file twice), kept whole');
  rmSync(t.path('one-line.txt'));
});

test('bad values: one line on stderr naming the flag, exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['--min-chars', '-1'], /^dedupe: --min-chars: expected a whole number/],
    [['--min-words', 'x'], /^dedupe: --min-words: /],
    [['--keep', 'sometimes'], /^dedupe: option '--keep <which>' argument 'sometimes' is invalid/],
    [['--encoding', 'nope'], /^dedupe: option '--encoding <name>' argument 'nope' is invalid/],
    [['--unit', 'word'], /^dedupe: option '-u, --unit <unit>'/],
    [['--report', 'xml'], /^dedupe: option '-r, --report <kind>'/],
    [['--check', '--max-rate', '150%'], /^dedupe: --max-rate: /],
    [['--no-fold', 'nosuch'], /^dedupe: --key\/--fold\/--no-fold: .*nosuch/],
    [['--frobnicate'], /^dedupe: unknown option '--frobnicate'/],
  ];
  for (const [args, message] of cases) {
    const r = await runBin(args, { input: 'a\n' });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
    assert.equal(r.stdout.length, 0);
  }
});

test('--scope file never removes a unit whose key does not repeat inside its own file', async () => {
  const t = tree();
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(fc.constantFrom('a', 'b', 'c', 'أ', 'ا', ''), { maxLength: 8 }), {
        minLength: 1,
        maxLength: 4,
      }),
      async (files) => {
        const paths = files.map((lines, i) => {
          const p = t.path(`f${i}.txt`);
          writeFileSync(p, lines.map((l) => `${l}\n`).join(''));
          return p;
        });
        const r = await runInProcess(['--scope', 'file', '--key', 'exact', ...paths]);
        const expected = files
          .map((lines) =>
            lines
              .filter((l, i) => l === '' || lines.indexOf(l) === i)
              .map((l) => `${l}\n`)
              .join(''),
          )
          .join('');
        assert.equal(r.stdout.toString(), expected);
      },
    ),
    { numRuns: 60 },
  );
});

test('JSON offsets: kept units plus removed ranges rebuild the input, on random text', async () => {
  const line = fc.tuple(
    fc.constantFrom('a', 'b', 'أ', 'ا', ' ', '\u00a0', ''),
    fc.constantFrom('\n', '\r\n', '\r', ''),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(line, { maxLength: 14 }), fc.constantFrom('line', 'paragraph'), async (lines, unit) => {
      const input = Buffer.from(lines.map(([a, b]) => a + b).join(''));
      const normal = (await runInProcess(['--unit', unit], { input })).stdout;
      const report = (await runInProcess(['--unit', unit, '--report', 'json'], { input })).stdout.toString();
      const dups = report
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((e) => e.type === 'duplicate');
      let at = 0;
      const kept: Buffer[] = [];
      for (const d of dups) {
        kept.push(input.subarray(at, d.offset));
        at = d.offset + d.length;
      }
      kept.push(input.subarray(at));
      assert.deepEqual(Buffer.concat(kept), normal);
    }),
    { numRuns: 150 },
  );
});

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = join(tempTree().dir);
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status === 0;
  if (ok) spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
  return ok;
}
