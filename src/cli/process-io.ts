// Builds the real Io from `process` for bin/dedupe.js: stdout as a sink that reports EPIPE instead
// of crashing, stderr as text, and a SIGINT handler that removes temporary files and exits 130.
import type { Io } from './io.js';
import { ExitCode } from './exit-code.js';
import { isPidAlive } from '../fs/stale-temps.js';

export function processIo(): Io {
  const stdout = process.stdout;
  let stdoutError: Error | undefined;
  // Without a listener an EPIPE from `| head` would be an uncaught exception.
  stdout.on('error', (error) => { stdoutError ??= error; });

  const cleanups = new Set<() => void>();
  process.on('SIGINT', () => {
    for (const cleanup of cleanups) cleanup();
    process.exit(ExitCode.interrupted);
  });

  return {
    stdout: {
      isTTY: stdout.isTTY === true,
      write(chunk) {
        if (stdoutError) return Promise.reject(stdoutError);
        return new Promise<void>((resolve, reject) => {
          stdout.write(chunk, (error) => (error ? reject(error) : resolve()));
        });
      },
      async commit() { /* stdout needs no commit: each write completed before resolving */ },
      abort() { /* nothing to undo on a stream */ },
    },
    stderr: {
      isTTY: process.stderr.isTTY === true,
      write(text) { process.stderr.write(text); },
    },
    // A getter: process.stdin, once touched, makes a shared stdin pipe non-blocking for everyone.
    get stdin() { return process.stdin; },
    env: process.env,
    stderrStream: process.stderr,
    pid: process.pid,
    isAlive: isPidAlive,
    now: () => performance.now(),
    onInterrupt(cleanup) {
      cleanups.add(cleanup);
      return () => cleanups.delete(cleanup);
    },
  };
}
