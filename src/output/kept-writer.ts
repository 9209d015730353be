// Collects kept byte ranges into large output chunks: consecutive kept units of one window become
// one copy, and chunks go to the sink only between windows, so a run with many small removals
// still makes few system calls and the hot path never awaits. The sink owns every chunk handed to it.
import type { ByteSink } from './byte-sink.js';

export interface KeptWriter {
  /** Keeps buf[start, end); the bytes are read no earlier than the next window() call. */
  keep(buf: Uint8Array, start: number, end: number): void;
  /** Copies bytes[start, end) now, for scratch buffers that are about to be reused. */
  copy(bytes: Uint8Array, start: number, end: number): void;
  /**
   * Before the window's bytes change: copy the pending run; hand full chunks to the sink. Returns
   * a promise only when a chunk went to the sink (a small file's window has none to wait for).
   */
  window(buf: Uint8Array): Promise<void> | void;
  /** Hands everything still buffered to the sink. */
  finish(): Promise<void>;
}

const CHUNK = 1 << 20;

const FIRST_CHUNK = 16 * 1024;

const EMPTY = Buffer.alloc(0);

/**
 * Chunks the sinks have finished with, for the next writer: the writers of a run's per-file
 * outputs (one after another) share one, so a folder of small files reuses one chunk, not one each.
 */
export interface ChunkShelf {
  readonly kind: 'chunk-shelf';
  readonly free: Buffer[];
}

export function createChunkShelf(): ChunkShelf {
  return { kind: 'chunk-shelf', free: [] };
}

const SHELVED = 4;

export function createKeptWriter(
  sink: ByteSink,
  chunkSize = CHUNK,
  shelf: ChunkShelf = createChunkShelf(),
): KeptWriter {
  // Chunks start small and double up to chunkSize, so a writer per small file stays cheap.
  let nextSize = Math.min(FIRST_CHUNK, chunkSize);
  // Chunks the sink has finished with are reused: fresh memory for every MiB of output costs
  // page faults that showed as a third of the run time on 100 MiB.
  const free = shelf.free;
  const newChunk = (): Buffer => {
    const reused = free.pop();
    if (reused) return reused;
    const b = Buffer.allocUnsafe(nextSize);
    nextSize = Math.min(nextSize * 2, chunkSize);
    return b;
  };
  // Made when the first byte is kept: a writer that keeps nothing costs no chunk.
  let chunk: Buffer = EMPTY;
  let used = 0;
  const ready: Uint8Array[] = [];
  let runBuf: Uint8Array | undefined;
  let runStart = 0;
  let runEnd = 0;

  const copyRun = (): void => {
    if (!runBuf) return;
    const src = runBuf;
    runBuf = undefined;
    let start = runStart;
    while (start < runEnd) {
      if (chunk === EMPTY) chunk = newChunk();
      const n = Math.min(runEnd - start, chunk.length - used);
      copyBytes(src, start, start + n, chunk, used);
      used += n;
      start += n;
      if (used === chunk.length) {
        ready.push(chunk);
        chunk = newChunk();
        used = 0;
      }
    }
  };

  const drain = async (): Promise<void> => {
    while (ready.length > 0) {
      const full = ready.shift()!;
      await sink.write(full);
      // Only whole chunks of the largest size come back; a sink is done with a chunk once its
      // write has resolved.
      if (full.length === chunkSize && free.length < SHELVED) free.push(full as Buffer);
    }
  };

  return {
    keep(buf, start, end) {
      if (buf === runBuf && start === runEnd) {
        runEnd = end;
        return;
      }
      copyRun();
      runBuf = buf;
      runStart = start;
      runEnd = end;
    },
    copy(bytes, start, end) {
      copyRun();
      runBuf = bytes;
      runStart = start;
      runEnd = end;
      copyRun();
    },
    window() {
      copyRun();
      return ready.length > 0 ? drain() : undefined;
    },
    async finish() {
      copyRun();
      const last = chunk;
      if (used > 0) ready.push(chunk.subarray(0, used));
      chunk = EMPTY;
      used = 0;
      await drain();
      // Its write has resolved: the next writer on the shelf (the next file of --out-dir) reuses it.
      if (last !== EMPTY && free.length < SHELVED) free.push(last);
    },
  };
}

// Buffer.copy is a plain memcpy; subarray() on a Buffer builds a new Buffer object first.
function copyBytes(src: Uint8Array, start: number, end: number, dest: Buffer, at: number): void {
  if (Buffer.isBuffer(src)) src.copy(dest, at, start, end);
  else dest.set(src.subarray(start, end), at);
}
