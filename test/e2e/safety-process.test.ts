// Issue 17, the process's edges: SIGTERM and SIGHUP clean up like SIGINT (exit 143, 129), standard
// input that is a folder fails without touching -o, start-up failures under a low `ulimit -n` exit
// 2 (never 1, which means "duplicates found"), a terminal on standard input is announced, and the
// progress bar is never drawn when standard output is the terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();

// Waits until the child holds an open file whose target matches (Linux: /proc/PID/fd), so the
// signal comes at the moment the test means, however slow the machine is.
async function holding(pid: number, target: RegExp): Promise<void> {
  for (let i = 0; i < 400; i++) {
    try {
      if (
        readdirSync(`/proc/${pid}/fd`).some((fd) => {
          try {
            return target.test(readlinkSync(`/proc/${pid}/fd/${fd}`));
          } catch {
            return false;
          }
        })
      )
        return;
    } catch {
      /* not started yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`process ${pid} never opened ${target}`);
}
// Waits until a thread of the child is blocked opening a FIFO (Linux: wchan wait_for_partner).
async function waitingForWriter(pid: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    try {
      if (
        readdirSync(`/proc/${pid}/task`).some((t) =>
          readFileSync(`/proc/${pid}/task/${t}/wchan`, 'utf8').includes('partner'),
        )
      )
        return;
    } catch {
      /* not started yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`process ${pid} never waited on the FIFO`);
}
const shell = (
  script: string,
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } =>
  spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, ...env } });

for (const [signal, code] of [
  ['SIGTERM', 143],
  ['SIGHUP', 129],
  ['SIGINT', 130],
] as const) {
  test(`${signal} while a --keep last run waits on standard input: exit ${code}, no spool left in TMPDIR`, async () => {
    const t = tree({ 'tmp/.keep': '' });
    const child = spawn(process.execPath, [BIN, '--keep', 'last'], {
      env: { ...process.env, TMPDIR: t.path('tmp') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.write('a\nb\na\n'); // the writer stays open: the run is spooling
    await holding(child.pid!, /dedupe-stdin/);
    child.kill(signal);
    const exit = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    assert.equal(exit, code);
    assert.deepEqual(
      readdirSync(t.path('tmp')).filter((f) => f !== '.keep'),
      [],
    );
  });
}

test("SIGTERM while waiting for a FIFO's writer still exits 143 (the open waits off the main thread)", async (t) => {
  const dir = tree({});
  const fifo = dir.path('f');
  if (spawnSync('mkfifo', [fifo]).status !== 0) {
    t.skip('mkfifo is not available here');
    return;
  }
  const child = spawn(process.execPath, [BIN, fifo], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitingForWriter(child.pid!);
  child.kill('SIGTERM');
  const exit = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  assert.equal(exit, 143);
});

test('standard input that is a folder: one error line, exit 2, and -o left as it was', () => {
  const t = tree({ 'keep.txt': 'precious\n', 'd/x.txt': 'x\n' });
  const r = shell(`"${process.execPath}" "${BIN}" -o "${t.path('keep.txt')}" < "${t.path('d')}"`);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'dedupe: standard input: is a directory\n');
  assert.equal(readFileSync(t.path('keep.txt'), 'utf8'), 'precious\n');
  const check = shell(`"${process.execPath}" "${BIN}" --check < "${t.path('d')}"`);
  assert.equal(check.status, 2, '--check on a folder does not pass');
});

test('under a low ulimit -n the run still works, and a start-up failure exits 2 with one dedupe: line', () => {
  // 24 starved the ES module loader of descriptors; the bundle is one file, read and closed.
  for (const limit of [64, 24]) {
    const ok = shell(`ulimit -n ${limit}; printf 'a\\na\\n' | "${process.execPath}" "${BIN}"`);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, 'a\n');
  }
  // A program that cannot load: a copy of the command whose bundle is a folder.
  const broken = tree({ 'bin/x': '', 'dist/bundle/dedupe.cjs/x': '' });
  for (const f of readdirSync(dirname(BIN))) copyFileSync(join(dirname(BIN), f), broken.path(`bin/${f}`));
  const failed = shell(`printf 'a\\na\\n' | "${process.execPath}" "${broken.path('bin/dedupe.js')}"`);
  assert.equal(failed.status, 2, 'never 1: exit 1 only means duplicates were found');
  assert.match(failed.stderr, /^dedupe: cannot start: EISDIR/);
  assert.equal(failed.stderr.trim().split('\n').length, 1);
});

// `script` gives the run a real terminal for stdin, stdout and stderr.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

test('a terminal on standard input is announced on stderr', (t) => {
  if (!hasScript) {
    t.skip('util-linux script(1) is not installed: no pseudo-terminal to test with');
    return;
  }
  const r = shell(
    `script -qec '"${process.execPath}" "${BIN}"' /dev/null < /dev/null & pid=$!; sleep 1.5; kill $pid 2>/dev/null; wait $pid; true`,
  );
  assert.match(r.stdout, /dedupe: reading standard input from the terminal; end it with Ctrl-D/);
});

test('the progress bar never draws over text printed on the terminal', (t) => {
  if (!hasScript) {
    t.skip('util-linux script(1) is not installed: no pseudo-terminal to test with');
    return;
  }
  const dir = tree({ 'in.txt': 'a\nb\na\n' });
  const typescript = dir.path('typescript');
  // A slow input (as in the issue) with the bar forced to appear at once.
  shell(
    `script -qec '(sleep 1; cat "${dir.path('in.txt')}") | "${process.execPath}" "${BIN}" --keep none --progress-after 0' "${typescript}" < /dev/null`,
  );
  const screen = readFileSync(typescript, 'latin1');
  assert.match(screen, /b\r?\n/, 'the text reached the terminal');
  // eslint-disable-next-line no-control-regex -- the terminal's escape sequences are what is checked
  assert.doesNotMatch(screen, /\x1b\[2K|ETA/, 'no bar was drawn (or erased) on the terminal');
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  test(`${signal} during an --index run releases the index lock`, async (t) => {
    const dir = tree({});
    const fifo = dir.path('f');
    if (spawnSync('mkfifo', [fifo]).status !== 0) {
      t.skip('mkfifo is not available here');
      return;
    }
    const child = spawn(process.execPath, [BIN, fifo, '--index', dir.path('i.idx'), '-o', dir.path('out.txt')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitingForWriter(child.pid!); // the index is open and locked by now
    assert.ok(readdirSync(dir.dir).includes('i.idx.lock'), 'the run holds the lock');
    child.kill(signal);
    await new Promise((r) => child.on('close', r));
    assert.ok(!readdirSync(dir.dir).includes('i.idx.lock'), 'the lock is gone');
  });
}

test('a lock held on another host is refused naming --break-lock, and --break-lock takes it', () => {
  const dir = tree({ 'a.txt': 'x\nx\n', 'b.txt': 'y\nx\n' });
  const idx = dir.path('i.idx');
  const run = (input: string, ...extra: string[]): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, [BIN, dir.path(input), '--index', idx, '-o', dir.path('out.txt'), ...extra], {
      encoding: 'utf8',
    });
  assert.equal(run('a.txt').status, 0);
  const foreign = `${JSON.stringify({ pid: 4242, host: 'another-container', since: '2026-01-01T00:00:00.000Z', token: 'abc' })}\n`;
  writeFileSync(`${idx}.lock`, foreign);
  const refused = run('b.txt');
  assert.equal(refused.status, 2);
  assert.match(String(refused.stderr), /another-container.*run again with --break-lock/);
  const broken = run('b.txt', '--break-lock');
  assert.equal(readFileSync(dir.path('out.txt'), 'utf8'), 'y\n', 'the index still removed what day 1 had');
  assert.equal(broken.status, 0, String(broken.stderr));
  assert.match(String(broken.stderr), /broke the lock held by pid 4242 \(--break-lock\)/);
  assert.ok(!readdirSync(dir.dir).includes('i.idx.lock'), 'released at the end');
});

test('--index FIFO and index salvage/stats FIFO are refused at once, never blocked waiting for a writer', async (t) => {
  const dir = tree({ 'a.txt': 'x\n' });
  const fifo = dir.path('i.idx');
  if (spawnSync('mkfifo', [fifo]).status !== 0) {
    t.skip('mkfifo is not available here');
    return;
  }
  for (const args of [
    [dir.path('a.txt'), '--index', fifo, '-o', dir.path('o.txt')],
    ['index', 'salvage', fifo],
    ['index', 'stats', fifo],
    [dir.path('a.txt'), '--index', fifo, '--index-readonly'],
  ]) {
    // A timeout far beyond a normal run: a blocked open would hold the run until it.
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.signal, null, `dedupe ${args.join(' ')} was still blocked`);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /is not a regular file \(an index is one file on disk\)/);
  }
});
