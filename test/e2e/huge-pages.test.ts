// Near mode's restart with huge pages: when it happens (decided from arguments and host alone),
// and through the real binary that the restarted run gives the same bytes, the same exit codes
// and messages once, really asks glibc for huge pages, and ends with a signal sent to the parent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { currentHost, planHugePages } from '../../src/cli/huge-pages.js';
import { BIN, runBin, tempTree } from '../helpers/cli.js';

const host =
  (over: Partial<ReturnType<typeof currentHost>> = {}) =>
  (): ReturnType<typeof currentHost> => ({
    platform: 'linux',
    env: {},
    glibc: '2.36',
    thpMode: 'always [madvise] never\n',
    ...over,
  });

test('the restart is planned only for near mode on Linux, glibc 2.35+, huge pages on madvise, once', () => {
  const restart = planHugePages(['--near', 'a.txt'], host());
  assert.equal(restart.kind, 'restart');
  if (restart.kind === 'restart') {
    assert.equal(restart.env.GLIBC_TUNABLES, 'glibc.malloc.hugetlb=1');
  }
  const appended = planHugePages(['--near'], host({ env: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' } }));
  assert.equal(
    appended.kind === 'restart' && appended.env.GLIBC_TUNABLES,
    'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1',
  );
  let looked = false;
  const stays: [string[], ReturnType<typeof host>][] = [
    [
      ['a.txt'],
      () => {
        looked = true;
        return host()();
      },
    ],
    [['--', '--near'], host()],
    [['--near'], host({ platform: 'darwin' })],
    [['--near'], host({ env: { DEDUPE_HUGE_PAGES_RESTARTED: '4242' } })],
    [['--near'], host({ env: { DEDUPE_HUGE_PAGES: '0' } })],
    [['--near'], host({ glibc: '2.31' })],
    [['--near'], host({ glibc: undefined })],
    [['--near'], host({ thpMode: '[always] madvise never' })],
    [['--near'], host({ thpMode: 'always madvise [never]' })],
    [['--near'], host({ thpMode: undefined })],
    [['--near'], host({ env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' } })],
  ];
  for (const [argv, h] of stays) assert.equal(planHugePages(argv, h).kind, 'stay', `${argv.join(' ')}`);
  assert.equal(looked, false, 'a run without --near does not look at the host');
});

const planned = planHugePages(['--near'], currentHost);
const skip = planned.kind === 'stay' ? `this host does not restart (${planned.reason})` : undefined;

test(
  'through the binary: the restarted run gives the same output, exit code and messages as one without',
  { skip },
  async () => {
    const text =
      'وزير الصحة يعلن عن حملة وطنية للتلقيح ضد النزلة الموسمية في كل الولايات ابتداء من يوم الاثنين القادم\n' +
      'سطر آخر\n' +
      'وزير الصحة يعلن عن حملة وطنية للتلقيح ضد النزلة الموسمية في كل الولايات ابتداء من يوم الاثنين المقبل\n';
    const t = tempTree({ 'a.txt': text });
    try {
      const args = ['--near', '--report', 'json', t.path('a.txt'), t.path('missing.txt')];
      const restarted = await runBin(args);
      const inProcess = await runBin(args, { env: { DEDUPE_HUGE_PAGES: '0' } });
      assert.equal(restarted.code, 2);
      assert.equal(inProcess.code, 2);
      assert.deepEqual(restarted.stdout, inProcess.stdout);
      assert.match(restarted.stdout.toString('utf8'), /"match":"near"/);
      assert.equal(restarted.stderr, inProcess.stderr);
      assert.equal(restarted.stderr.split('\n').filter((l) => l.startsWith('dedupe: ')).length, 1, restarted.stderr);
    } finally {
      t.cleanup();
    }
  },
);

interface Blocked {
  parent: ReturnType<typeof spawn>;
  child: number | undefined;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

// The command on a FIFO nobody writes: its restarted run blocks opening it. The run is looked for
// among the command's children every few milliseconds, so a signal can reach the command while it
// is still starting the run.
async function startBlocked(fifo: string): Promise<Blocked> {
  const parent = spawn(process.execPath, [BIN, '--near', fifo], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    parent.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let child: number | undefined;
  for (let i = 0; i < 2500 && child === undefined; i++) {
    await new Promise((r) => setTimeout(r, 2));
    const list = `/proc/${parent.pid}/task/${parent.pid}/children`;
    const pids = existsSync(list) ? readFileSync(list, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
    child = pids.find((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(BIN);
      } catch {
        return false;
      }
    });
  }
  return { parent, child, ended };
}

const gone = async (pid: number, ms: number): Promise<boolean> => {
  for (let waited = 0; waited < ms; waited += 20) {
    const stat = `/proc/${pid}/stat`;
    if (!existsSync(stat) || readFileSync(stat, 'utf8').split(' ')[2] === 'Z') return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
};

// Whatever a test asserts, no run is left behind holding the test's pipes.
function reap(b: Blocked): void {
  if (b.child !== undefined && existsSync(`/proc/${b.child}`)) {
    try {
      process.kill(b.child, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  b.parent.kill('SIGKILL');
  b.parent.stdout?.destroy();
  b.parent.stderr?.destroy();
}

test(
  'through the binary: the restarted run asks glibc for huge pages, and a signal to the command ends both, even while it starts the run',
  { skip },
  async () => {
    const t = tempTree();
    try {
      const fifo = t.path('in.fifo');
      execFileSync('mkfifo', [fifo]);
      const signals = ['SIGTERM', 'SIGHUP', 'SIGTERM', 'SIGQUIT', 'SIGTERM'] as const;
      for (const [round, signal] of signals.entries()) {
        const b = await startBlocked(fifo);
        try {
          assert.ok(b.child, 'the restarted run is a child of the command');
          if (round === 0) {
            // Found right after the fork it still shows the command's environment: wait for the exec.
            const asks = (): boolean =>
              readFileSync(`/proc/${b.child}/environ`, 'utf8')
                .split('\0')
                .includes('GLIBC_TUNABLES=glibc.malloc.hugetlb=1');
            for (let i = 0; i < 200 && !asks(); i++) await new Promise((r) => setTimeout(r, 10));
            assert.ok(asks(), 'glibc is asked for huge pages');
          }
          // Later rounds signal the command at once, while it may still be starting the run.
          b.parent.kill(signal);
          assert.equal((await b.ended).signal, signal, 'the command ends the way its run ended');
          assert.ok(await gone(b.child, 5000), `the restarted run ended too (${signal})`);
        } finally {
          reap(b);
        }
      }
    } finally {
      t.cleanup();
    }
  },
);

test('through the binary: a restarted run whose command was killed (SIGKILL) stops by itself', { skip }, async () => {
  // The run reads standard input from a FIFO this test holds open for writing and never closes
  // (a pipe from Node would be closed when the command dies): without watching for its command,
  // the run would wait for ever.
  const t = tempTree();
  const fifo = t.path('stdin.fifo');
  execFileSync('mkfifo', [fifo]);
  const fd = openSync(fifo, 'r+'); // read-write: opens at once, and counts as a writer
  writeSync(fd, 'سطر أول من النص\n');
  const parent = spawn(process.execPath, [BIN, '--near', '-'], { stdio: [fd, 'ignore', 'pipe'] });
  const b: Blocked = {
    parent,
    child: undefined,
    ended: new Promise((r) => parent.on('exit', (code, signal) => r({ code, signal }))),
  };
  try {
    for (let i = 0; i < 500 && b.child === undefined; i++) {
      await new Promise((r) => setTimeout(r, 10));
      const list = `/proc/${parent.pid}/task/${parent.pid}/children`;
      const pids = existsSync(list) ? readFileSync(list, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
      b.child = pids.find((pid) => {
        try {
          return readFileSync(`/proc/${pid}/environ`, 'utf8').includes('DEDUPE_HUGE_PAGES_RESTARTED=');
        } catch {
          return false;
        }
      });
    }
    assert.ok(b.child, 'the restarted run is a child of the command');
    parent.kill('SIGKILL');
    assert.equal((await b.ended).signal, 'SIGKILL');
    assert.ok(await gone(b.child, 5000), 'the orphaned run stopped within seconds');
  } finally {
    reap(b);
    closeSync(fd);
    t.cleanup();
  }
});
