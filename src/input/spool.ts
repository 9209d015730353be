// Inputs that cannot be read twice (standard input, a FIFO, a character device, a process
// substitution) copied to a private temporary file, for the policies that read their input twice
// (keep last, keep none). Each copy is unlinked as soon as it is open and read back through its
// descriptor, so no kill, not even SIGKILL, can leave it behind; remove() closes it.
import { closeSync, writeSync } from 'node:fs';
import { existsSync, openSync, rmSync, statSync, unlinkSync } from '../fs/lossless-fs.js';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileReader } from './byte-reader.js';
import { describeIoError } from './io-error.js';
import type { Source } from './sources.js';

export interface Spool {
  /** Where to open it again (each pass opens it afresh). */
  readonly path: string;
  remove(): void;
}

/**
 * Only a regular file gives the same bytes when read again: a FIFO, a device, /dev/stdin or a
 * process substitution (`<(zcat x.gz)`) is drained by its first read, and opening a FIFO again
 * waits for a writer that never comes.
 */
export function canReadTwice(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The sources with a private copy (`spool`) for each one that cannot be read twice. A copy that
 * fails makes its source a problem, reported in its turn like any unreadable input. `stdin` is
 * asked for only when `-` is a source: touching process.stdin changes a shared pipe.
 */
export async function spoolOnceOnly(
  sources: readonly Source[],
  stdin: () => AsyncIterable<Uint8Array>,
  onCreated: (spool: Spool) => void,
): Promise<Source[]> {
  const out: Source[] = [];
  for (const source of sources) {
    if (source.kind === 'problem' || (source.kind === 'file' && canReadTwice(source.path))) {
      out.push(source);
      continue;
    }
    try {
      const spool = await spoolStream(source.kind === 'stdin' ? stdin() : fileChunks(source.path), onCreated);
      out.push({ ...source, spool: spool.path });
    } catch (error) {
      out.push({ kind: 'problem', label: source.label, message: describeIoError(error), severity: 'error' });
    }
  }
  return out;
}

export async function spoolStream(
  chunks: AsyncIterable<Uint8Array>,
  onCreated: (spool: Spool) => void,
): Promise<Spool> {
  const named = join(tmpdir(), `dedupe-stdin-${randomBytes(6).toString('hex')}`);
  const fd = openSync(named, 'wx+', 0o600);
  // Linux (and others with /proc) reopen an unlinked file through its descriptor's entry; where
  // there is none, the name stays until remove(), as before.
  const byDescriptor = `/proc/self/fd/${fd}`;
  const anonymous = existsSync(byDescriptor);
  if (anonymous) unlinkSync(named);
  let open = true;
  const spool: Spool = {
    path: anonymous ? byDescriptor : named,
    remove: () => {
      if (open) {
        open = false;
        closeSync(fd);
      }
      if (!anonymous) rmSync(named, { force: true });
    },
  };
  onCreated(spool);
  for await (const chunk of chunks) {
    let offset = 0;
    while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
  }
  return spool;
}

async function* fileChunks(path: string): AsyncIterable<Uint8Array> {
  const reader = openFileReader(path);
  try {
    const chunk = Buffer.allocUnsafe(1 << 16);
    for (let n = await reader.read(chunk, 0, chunk.length); n > 0; n = await reader.read(chunk, 0, chunk.length))
      yield chunk.subarray(0, n);
  } finally {
    reader.close();
  }
}
