// Near mode's restart with huge pages: when it happens (decided from arguments and host alone),
// and through the real binary that the restarted run gives the same bytes, the same exit codes
// and messages once, really asks glibc for huge pages, and ends with a signal sent to the parent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { currentHost, planHugePages } from '../src/cli/huge-pages.js';
import { BIN, runBin, tempTree } from './helpers/cli.js';

const host = (over: Partial<ReturnType<typeof currentHost>> = {}) => (): ReturnType<typeof currentHost> => ({
  platform: 'linux', env: {}, glibc: '2.36', thpMode: 'always [madvise] never\n', ...over,
});

test('the restart is planned only for near mode on Linux, glibc 2.35+, huge pages on madvise, once', () => {
  const restart = planHugePages(['--near', 'a.txt'], host());
  assert.equal(restart.kind, 'restart');
  if (restart.kind === 'restart') {
    assert.equal(restart.env.GLIBC_TUNABLES, 'glibc.malloc.hugetlb=1');
    assert.equal(restart.env.DEDUPE_HUGE_PAGES_RESTARTED, '1');
  }
  const appended = planHugePages(['--near'], host({ env: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' } }));
  assert.equal(appended.kind === 'restart' && appended.env.GLIBC_TUNABLES, 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
  let looked = false;
  const stays: [string[], ReturnType<typeof host>][] = [
    [['a.txt'], () => { looked = true; return host()(); }],
    [['--', '--near'], host()],
    [['--near'], host({ platform: 'darwin' })],
    [['--near'], host({ env: { DEDUPE_HUGE_PAGES_RESTARTED: '1' } })],
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

test('through the binary: the restarted run gives the same output, exit code and messages as one without', { skip }, async () => {
  const text = 'وزير الصحة يعلن عن حملة وطنية للتلقيح ضد النزلة الموسمية في كل الولايات ابتداء من يوم الاثنين القادم\n'
    + 'سطر آخر\n'
    + 'وزير الصحة يعلن عن حملة وطنية للتلقيح ضد النزلة الموسمية في كل الولايات ابتداء من يوم الاثنين المقبل\n';
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
});

test('through the binary: the restarted run asks glibc for huge pages, and a SIGTERM to the parent ends both', { skip }, async () => {
  const t = tempTree();
  try {
    const fifo = t.path('in.fifo');
    execFileSync('mkfifo', [fifo]);
    const parent = spawn(process.execPath, [BIN, '--near', fifo], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => parent.on('exit', (code, signal) => resolve({ code, signal })));
    // The restarted run blocks opening the FIFO: find it among the parent's children.
    let child: number | undefined;
    for (let i = 0; i < 200 && child === undefined; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const list = `/proc/${parent.pid}/task/${parent.pid}/children`;
      const pids = existsSync(list) ? readFileSync(list, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
      child = pids.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(BIN));
    }
    assert.ok(child, 'the restarted run is a child of the command');
    const environ = readFileSync(`/proc/${child}/environ`, 'utf8').split('\0');
    assert.ok(environ.includes('GLIBC_TUNABLES=glibc.malloc.hugetlb=1'), 'glibc is asked for huge pages');
    parent.kill('SIGTERM');
    const { signal } = await ended;
    assert.equal(signal, 'SIGTERM', 'the command ends the way its run ended');
    for (let i = 0; i < 100 && existsSync(`/proc/${child}`); i++) await new Promise((r) => setTimeout(r, 20));
    const state = existsSync(`/proc/${child}/stat`) ? readFileSync(`/proc/${child}/stat`, 'utf8').split(' ')[2] : 'gone';
    assert.ok(state === 'gone' || state === 'Z', `the restarted run ended too (state ${state})`);
  } finally {
    t.cleanup();
  }
});
