// A sink for a device, FIFO or socket named as the output: written straight through, with no
// temporary file and no rename, as `sort -o` and shell redirection do. It opens only when
// something is written or committed, off the main thread, so a FIFO with no reader yet waits
// without blocking Ctrl-C.
import { close, closeSync, write } from 'node:fs';
import { open } from '../fs/lossless-fs.js';
import { promisify } from 'node:util';
import type { ByteSink } from './byte-sink.js';

const openAsync = promisify(open);
const writeAsync = promisify(write);
const closeAsync = promisify(close);

export function createStreamFileSink(path: string): ByteSink {
  let fd: number | undefined;
  let opening: Promise<number> | undefined;
  let done = false;

  const ready = async (): Promise<number> => {
    if (fd !== undefined) return fd;
    opening ??= openAsync(path, 'w').catch((error: NodeJS.ErrnoException) => {
      // A Unix socket has no file to open: said plainly rather than as "no such device".
      throw error.code === 'ENXIO'
        ? Object.assign(new Error('is a socket; it cannot be written as a file'), { code: 'EREFUSED', path })
        : error;
    });
    const opened = await opening;
    // Aborted (interrupted) while the open waited for a reader.
    if (done) {
      closeSync(opened);
      throw new Error('write after abort');
    }
    fd = opened;
    return fd;
  };

  return {
    async write(chunk) {
      if (done) throw new Error('write after commit or abort');
      const handle = await ready();
      let offset = 0;
      while (offset < chunk.length)
        offset += (await writeAsync(handle, chunk, offset, chunk.length - offset)).bytesWritten;
    },
    async commit() {
      if (done) throw new Error('commit after abort');
      // Opened even with nothing to write: a FIFO's reader then sees the end instead of waiting.
      const handle = await ready();
      done = true;
      fd = undefined;
      await closeAsync(handle);
    },
    abort() {
      if (done) return;
      done = true;
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          /* already closed */
        }
        fd = undefined;
      }
    },
  };
}
