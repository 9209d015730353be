// Standard output as the run's sink, written on descriptor 1 itself: process.stdout, once made,
// has loaded Node's stream modules, a few milliseconds of every start-up (issue 20). Each write is
// whole before its promise resolves, and writes go out one at a time, in order: at once to a
// file or a device (as Node writes those), through libuv's pool to a pipe or a socket. Should the
// descriptor be non-blocking (EAGAIN), process.stdout, which waits for room, takes the rest.
import { fstatSync, write, writeSync } from 'node:fs';
import type { Io } from './io.js';

const STDOUT = 1;

type Way = 'at-once' | 'pool' | 'stream';

export function stdoutSink(): Io['stdout'] {
  let way = wayFor(STDOUT);
  let failed: Error | undefined;
  let isTTY: boolean | undefined;
  let last: Promise<void> = Promise.resolve();

  const whole = async (bytes: Uint8Array): Promise<void> => {
    for (let at = 0; at < bytes.length;) {
      if (way === 'stream') return viaStream(bytes.subarray(at));
      try {
        at += way === 'at-once' ? writeSync(STDOUT, bytes, at) : await poolWrite(bytes, at);
      } catch (error) {
        if ((error as { code?: string }).code !== 'EAGAIN') throw error;
        way = 'stream';
      }
    }
  };

  return {
    get isTTY() {
      // Only a character device can be a terminal; only then is the stream made, to ask it.
      return (isTTY ??= isCharacterDevice(STDOUT) && process.stdout.isTTY === true);
    },
    write(chunk) {
      const written = last.then(() => {
        if (failed !== undefined) throw failed;
        return whole(chunk).catch((error: unknown) => {
          failed = error instanceof Error ? error : new Error(String(error));
          throw failed;
        });
      });
      last = written.catch(() => undefined);
      return written;
    },
    async commit() {
      /* stdout needs no commit: each write completed before resolving */
    },
    abort() {
      /* nothing to undo on a stream */
    },
  };
}

function poolWrite(bytes: Uint8Array, at: number): Promise<number> {
  return new Promise((resolve, reject) => {
    write(STDOUT, bytes, at, bytes.length - at, null, (error, written) => (error ? reject(error) : resolve(written)));
  });
}

let streamError: Error | undefined;

function viaStream(bytes: Uint8Array): Promise<void> {
  const stdout = process.stdout;
  // Without a listener an EPIPE from `| head` would be an uncaught exception.
  if (stdout.listenerCount('error') === 0)
    stdout.on('error', (error: Error) => {
      streamError ??= error;
    });
  if (streamError !== undefined) return Promise.reject(streamError);
  return new Promise<void>((resolve, reject) => {
    stdout.write(bytes, (error) => (error ? reject(error) : resolve()));
  });
}

function wayFor(fd: number): Way {
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() || stat.isCharacterDevice()) return 'at-once';
    if (stat.isFIFO() || stat.isSocket()) return 'pool';
  } catch {
    /* whatever it is, Node's stream decides */
  }
  return 'stream';
}

/** Only a character device can be a terminal: a pipe or a file is told without making a stream. */
export function isCharacterDevice(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}
