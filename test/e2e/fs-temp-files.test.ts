// Temporary files of other runs, through the real binary: a killed run's leftover (its pid dead)
// is removed by the next run that writes in its folder and never read as an input, with or
// without --hidden, by a folder walk or a glob; a live run's temporary file is neither removed
// nor read; and SIGKILL while standard input is spooled for --keep last leaves nothing in TMPDIR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { BIN, runBin, treeFactory } from '../helpers/cli.js';
import { tempPathFor } from '../../src/fs/temp-name.js';

const tree = treeFactory();

/** The pid of a process that has exited (a short-lived child's). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

// If the leftover were read, its first line would make f.txt's first line a repeat.
const LEFTOVER = 'first\nleftover only\n';
const F = 'first\nsecond\nfirst\n';

for (const hidden of [false, true]) {
  for (const operand of ['folder', 'glob'] as const) {
    test(`a dead run's temporary file is removed by the next --in-place run and never read (${operand}${hidden ? ', --hidden' : ''})`, async () => {
      const t = tree({ 'd/f.txt': F });
      const pid = deadPid();
      const leftover = tempPathFor(t.path('d/f.txt'), pid);
      writeFileSync(leftover, LEFTOVER);
      const args = [
        operand === 'folder' ? 'd' : 'd/*',
        '--in-place',
        '--report',
        'json',
        ...(hidden ? ['--hidden'] : []),
      ];
      const r = await runBin(args, { cwd: t.dir });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(t.path('d/f.txt'), 'utf8'), 'first\nsecond\n', 'f.txt judged on its own');
      assert.ok(!r.stdout.toString('utf8').includes(basename(leftover)), 'the report never names the leftover');
      assert.equal(existsSync(leftover), false, 'the leftover is removed');
      assert.deepEqual(readdirSync(t.path('d')), ['f.txt']);
    });
  }
}

test("a dead run's temporary file is not read by a run that writes elsewhere (stdout), and stays", async () => {
  const t = tree({ 'd/f.txt': F });
  const leftover = tempPathFor(t.path('d/f.txt'), deadPid());
  writeFileSync(leftover, LEFTOVER);
  const r = await runBin([t.path('d'), '--hidden']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.toString('utf8'), 'first\nsecond\n');
  assert.equal(existsSync(leftover), true, 'only a run writing in the folder sweeps it');
});

test("a live run's temporary file (this test process's pid) is neither removed nor read", async () => {
  const t = tree({ 'd/f.txt': F, 'o/keep.txt': 'x\n' });
  const live = tempPathFor(t.path('d/f.txt'), process.pid);
  const liveInOut = tempPathFor(t.path('o/f.txt'), process.pid);
  writeFileSync(live, LEFTOVER);
  writeFileSync(liveInOut, LEFTOVER);
  const inPlace = await runBin([t.path('d'), '--in-place', '--hidden', '--quiet']);
  assert.equal(inPlace.code, 0, inPlace.stderr);
  assert.equal(readFileSync(t.path('d/f.txt'), 'utf8'), 'first\nsecond\n');
  assert.equal(readFileSync(live, 'utf8'), LEFTOVER, "the live run's file is untouched");
  const outDir = await runBin([t.path('d'), '--out-dir', t.path('o'), '--hidden', '--quiet']);
  assert.equal(outDir.code, 0, outDir.stderr);
  assert.equal(readFileSync(liveInOut, 'utf8'), LEFTOVER);
  assert.deepEqual(readdirSync(t.path('o')).sort(), [basename(liveInOut), 'f.txt', 'keep.txt'].sort());
});

// The spool's descriptor as /proc shows it: the private TMPDIR's file, already unlinked.
function spoolOpenedBy(pid: number, dir: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        return target.startsWith(dir) && target.endsWith('(deleted)');
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

test('SIGKILL while --keep last spools standard input leaves no file in TMPDIR', async (t) => {
  if (!existsSync('/proc/self/fd')) {
    t.skip('needs /proc to see the spool while it is open');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'dedupe-spool-test-'));
  try {
    const child = spawn(process.execPath, [BIN, '--keep', 'last'], {
      env: { ...process.env, TMPDIR: dir },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    const closed = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('close', (_code, signal) => resolve(signal)),
    );
    child.stdin.on('error', () => {
      /* killed before reading all */
    });
    child.stdin.write('one\ntwo\none\n'.repeat(1000)); // stdin stays open: the run is still spooling
    let seen = false;
    let namedWhileOpen: string[];
    try {
      for (let i = 0; i < 500 && !seen; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        seen = spoolOpenedBy(child.pid!, dir);
      }
      namedWhileOpen = readdirSync(dir);
    } finally {
      child.kill('SIGKILL');
    }
    assert.equal(await closed, 'SIGKILL');
    assert.ok(seen, 'the run had its spool open (unlinked) before the kill');
    assert.deepEqual(namedWhileOpen, [], 'the spool has no name even while in use');
    assert.deepEqual(readdirSync(dir), [], 'nothing left in TMPDIR');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--keep last from standard input still reads it twice, and leaves TMPDIR empty', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dedupe-spool-test-'));
  try {
    const r = await runBin(['--keep', 'last'], { input: 'a\nb\na\nc\n', env: { TMPDIR: dir } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.toString('utf8'), 'b\na\nc\n');
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
