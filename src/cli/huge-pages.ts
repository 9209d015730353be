// Near mode reads its LSH tables at random, one cache and TLB miss per band per paragraph. On
// Linux, where transparent huge pages are given only to memory that asks (`madvise`), the run
// restarts itself once with glibc's malloc asking for them; Node itself has no way to.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from '../fs/lossless-fs.js';
import { createRequire } from 'node:module';
import type * as Net from 'node:net';
import { RAW_ARGV_ENV, argvForRestart } from './raw-argv.js';

/** Set in the restarted process to its parent's pid (so it never restarts again); `DEDUPE_HUGE_PAGES=0` opts out. */
const RESTARTED = 'DEDUPE_HUGE_PAGES_RESTARTED';
const OPT_OUT = 'DEDUPE_HUGE_PAGES';
/** Set in the restarted process to the descriptor of its lifeline: a pipe whose other end only the command holds. */
const LIFELINE = 'DEDUPE_HUGE_PAGES_LIFELINE';
const LIFELINE_FD = 3;
const TUNABLE = 'glibc.malloc.hugetlb=1';
// glibc reads this tunable from 2.35 on; older ones ignore it (the restart would be wasted).
const MIN_GLIBC = [2, 35] as const;

export type HugePagesPlan = { kind: 'stay'; reason: string } | { kind: 'restart'; env: NodeJS.ProcessEnv };

interface Host {
  readonly platform: string;
  readonly env: NodeJS.ProcessEnv;
  readonly glibc: string | undefined;
  /** The contents of /sys/kernel/mm/transparent_hugepage/enabled, if readable. */
  readonly thpMode: string | undefined;
}

/** Whether this run should restart with huge pages, decided from its arguments and its host alone. */
export function planHugePages(argv: readonly string[], hostOf: () => Host): HugePagesPlan {
  const end = argv.indexOf('--');
  const args = end < 0 ? argv : argv.slice(0, end);
  // Before looking at the host: every other run starts without paying for the look.
  if (!args.includes('--near')) return { kind: 'stay', reason: 'not near mode' };
  const host = hostOf();
  if (host.platform !== 'linux') return { kind: 'stay', reason: 'not Linux' };
  if (host.env[RESTARTED]) return { kind: 'stay', reason: 'already restarted' };
  if (host.env[OPT_OUT] === '0') return { kind: 'stay', reason: `${OPT_OUT}=0` };
  if (!glibcAtLeast(host.glibc)) return { kind: 'stay', reason: 'no glibc 2.35+' };
  // Only `madvise` needs asking: `always` gives them anyway, `never` refuses them.
  if (!host.thpMode?.includes('[madvise]')) return { kind: 'stay', reason: 'transparent huge pages not on madvise' };
  const tunables = host.env.GLIBC_TUNABLES;
  if (tunables?.includes('glibc.malloc.hugetlb'))
    return { kind: 'stay', reason: 'GLIBC_TUNABLES already sets hugetlb' };
  return {
    kind: 'restart',
    env: { ...host.env, GLIBC_TUNABLES: tunables ? `${tunables}:${TUNABLE}` : TUNABLE },
  };
}

function glibcAtLeast(version: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return false;
  const major = Number(m[1]),
    minor = Number(m[2]);
  return major > MIN_GLIBC[0] || (major === MIN_GLIBC[0] && minor >= MIN_GLIBC[1]);
}

/** This process's host, as planHugePages needs it. */
export function currentHost(): Host {
  let thpMode: string | undefined;
  try {
    thpMode = readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8');
  } catch {
    thpMode = undefined;
  }
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return { platform: process.platform, env: process.env, glibc: header?.glibcVersionRuntime, thpMode };
}

// The signals whose default action ends a process and that a process may catch: sent to this
// process alone (kill PID), each must end the run too. SIGKILL cannot be caught: the restarted run
// watches for the loss of its parent instead (watchParent). SIGUSR1 is Node's debugger's.
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'SIGALRM'] as const;

/**
 * Runs the same script with the same arguments and the planned environment, sharing stdin,
 * stdout and stderr, and resolves to its exit code; a signal that ends it ends this process the
 * same way. Resolves to undefined when the restart cannot start (the caller then runs in-process).
 */
export async function restart(
  script: string,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<number | undefined> {
  // Loaded here, not at the top: every run loads this module, and few restart (start-up).
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    // Listening before the run exists: a signal that arrives while spawn() is still starting it
    // would otherwise end this process by default and leave the run behind. Handlers run on the
    // event loop, so by the time one runs, `child` is set.
    // eslint-disable-next-line prefer-const -- assigned once the handlers are in place (see above)
    let child: ChildProcess | undefined;
    const forward = (signal: NodeJS.Signals): void => {
      child?.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    const stopForwarding = (): void => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    // The lifeline: the kernel closes the command's end when the command dies, however it dies.
    child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
      stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
      env: { ...env, [RESTARTED]: String(process.pid), [LIFELINE]: String(LIFELINE_FD), ...rawArgvEnv(argv) },
    });
    (child.stdio[LIFELINE_FD] as Net.Socket | null)?.unref();
    child.once('error', () => {
      stopForwarding();
      resolve(undefined);
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      if (signal) {
        process.kill(process.pid, signal);
        return;
      }
      resolve(code ?? 1);
    });
  });
}

/**
 * In a restarted run: when the command that started it is gone (killed with SIGKILL, which it
 * cannot forward), the run interrupts itself as Ctrl-C would (temporary files removed, exit 130)
 * instead of going on writing where nobody waits. The lifeline pipe tells at once, as soon as the
 * event loop turns; the parent pid, checked once a second, is the fallback. Never keeps Node alive.
 */
export function watchParent(env: NodeJS.ProcessEnv): void {
  const parent = Number(env[RESTARTED]);
  if (!Number.isInteger(parent) || parent <= 1) return;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    if (timer) clearInterval(timer);
    process.kill(process.pid, 'SIGINT');
  };
  // Tests only (DEDUPE_TEST_NO_PARENT_POLL=1): without the fallback, only the lifeline can stop
  // the run, so a test can tell the lifeline works without timing it.
  const timer =
    env.DEDUPE_TEST_NO_PARENT_POLL === '1'
      ? undefined
      : setInterval(() => {
          if (process.ppid !== parent) stop();
        }, 1000);
  timer?.unref();
  if (env[LIFELINE] === String(LIFELINE_FD)) {
    delete env[LIFELINE]; // descriptor 3 of anything this run starts is not the lifeline
    try {
      // node:net is loaded only here, in a restarted run (start-up of every other run), and at once.
      const { Socket } = createRequire(import.meta.url)('node:net') as typeof Net;
      const lifeline = new Socket({ fd: LIFELINE_FD, readable: true, writable: false });
      lifeline.on('end', stop);
      lifeline.on('error', stop);
      lifeline.resume();
      lifeline.unref();
    } catch {
      /* not a pipe after all: the pid check stays */
    }
  }
}

// Arguments with bytes that are not UTF-8 cannot cross spawn() intact: the new process gets them beside.
function rawArgvEnv(argv: readonly string[]): NodeJS.ProcessEnv {
  const raw = argvForRestart(argv);
  return raw === undefined ? {} : { [RAW_ARGV_ENV]: raw };
}
