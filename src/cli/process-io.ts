// Builds the real Io from `process` for bin/dedupe.js: stdout as a sink that reports EPIPE instead
// of crashing (stdout-sink.ts), stderr as text, and SIGINT, SIGTERM and SIGHUP handlers that remove temporary files
// and exit 130, 143 and 129. Standard input that is a folder fails; one that is a terminal is
// announced, so a user who forgot an operand is not left waiting in silence.
import { fstatSync } from 'node:fs';
import { existsSync, readFileSync, writeFileSync } from '../fs/lossless-fs.js';
import { join } from 'node:path';
import { realWriteFs, type WriteFs } from '../fs/atomic-sink.js';
import { removeLateTemps } from '../fs/late-temps.js';
import type { Io } from './io.js';
import { CLEANUP_SIGNALS } from './exit-code.js';
import { releaseWaitingOpens } from '../input/byte-reader.js';
import { COMMITS_IN_FLIGHT } from '../output/commit-queue.js';
import { releaseHeldLocks } from '../index-store/lock.js';
import { isPidAlive } from '../fs/stale-temps.js';
import { showRawBytes } from '../report/escape.js';
import { monotonicNow } from '../monotonic-now.js';
import { isCharacterDevice, stdoutSink } from './stdout-sink.js';

export function processIo(): Io {
  let stdin: AsyncIterable<Uint8Array> | undefined;
  let stderrIsTTY: boolean | undefined;
  const cleanups = new Set<() => void>();
  for (const [signal, code] of CLEANUP_SIGNALS) {
    process.on(signal, () => {
      for (const cleanup of cleanups) cleanup();
      releaseWaitingOpens();
      removeLateTemps();
      releaseHeldLocks();
      process.exit(code);
    });
  }

  return {
    manyCommitsAhead: widenThreadPool,
    stdout: stdoutSink(),
    // process.stderr is made on first use: for a pipe or a terminal it loads node:net, a
    // millisecond or two of a start-up whose run has nothing to say.
    stderr: {
      get isTTY() {
        return (stderrIsTTY ??= isCharacterDevice(2) && process.stderr.isTTY === true);
      },
      write(text) {
        process.stderr.write(showRawBytes(text));
      },
    },
    // A getter: process.stdin, once touched, makes a shared stdin pipe non-blocking for everyone.
    get stdin() {
      return (stdin ??= standardInput());
    },
    env: process.env,
    writeFs: heldWriteFs(process.env.DEDUPE_TEST_HOLD),
    betweenPasses: heldBetweenPasses(process.env.DEDUPE_TEST_PASS_HOLD),
    get stderrStream() {
      return process.stderr;
    },
    pid: process.pid,
    isAlive: isPidAlive,
    now: monotonicNow,
    onInterrupt(cleanup) {
      cleanups.add(cleanup);
      return () => cleanups.delete(cleanup);
    },
  };
}

// `dedupe < somedir` would otherwise read as empty and, with -o, replace the output with nothing.
function standardInput(): AsyncIterable<Uint8Array> {
  let folder = false;
  try {
    folder = fstatSync(0).isDirectory();
  } catch {
    /* no descriptor 0: reading reports it */
  }
  if (folder) {
    const error = Object.assign(new Error('standard input is a directory'), { code: 'EISDIR' });
    return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) };
  }
  if (process.stdin.isTTY)
    process.stderr.write(
      'dedupe: reading standard input from the terminal; end it with Ctrl-D (or name files: dedupe --help)\n',
    );
  return process.stdin;
}

/**
 * Tests only (DEDUPE_TEST_HOLD=DIR): each output, once written and flushed and before it replaces
 * anything, writes DIR/ready and waits for DIR/go, so a test can change an input or start another
 * run in exactly the window a concurrent writer would use.
 */
function heldWriteFs(dir: string | undefined): WriteFs | undefined {
  if (!dir) return undefined;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  return {
    ...realWriteFs,
    async fsync(fd) {
      await realWriteFs.fsync(fd);
      writeFileSync(join(dir, 'ready'), '');
      while (!existsSync(join(dir, 'go'))) Atomics.wait(pause, 0, 0, 20);
    },
  };
}

/**
 * Tests only (DEDUPE_TEST_PASS_HOLD=DIR): a run that reads its inputs twice writes DIR/ready
 * between the readings and waits for DIR/go, so a test can change an input in exactly that window.
 */
function heldBetweenPasses(dir: string | undefined): (() => Promise<void>) | undefined {
  if (!dir) return undefined;
  return async () => {
    writeFileSync(join(dir, 'ready'), '');
    while (!existsSync(join(dir, 'go'))) await new Promise((resolve) => setTimeout(resolve, 20));
  };
}

/**
 * libuv's pool (4 threads unless told) reads its size when first used, which no call has done
 * yet when a run's plan is made: --out-dir's fsyncs then wait on as many threads as commits may be
 * in flight. Only --out-dir asks: making 64 threads costs every other run ~15 ms of CPU. Each thread
 * reserves an 8 MiB stack, and libuv aborts when one cannot be made, so under an address-space
 * cap (`ulimit -v`, /proc/self/limits) the pool keeps its size and the commits queue for it.
 */
function widenThreadPool(): void {
  if (process.env.UV_THREADPOOL_SIZE) return;
  let limits = '';
  try {
    limits = readFileSync('/proc/self/limits', 'latin1');
  } catch {
    /* not Linux: no cap to see */
  }
  const cap = /^Max address space\s+(\S+)/m.exec(limits)?.[1];
  if (cap === undefined || cap === 'unlimited') process.env.UV_THREADPOOL_SIZE = String(COMMITS_IN_FLIGHT);
}
