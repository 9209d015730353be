// Copies standard input to a private temporary file, for the policies that read their input
// twice (keep last, keep none). The caller removes it when done, on error and on interrupt alike.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Spool {
  readonly path: string;
  remove(): void;
}

export async function spoolStream(chunks: AsyncIterable<Uint8Array>, onCreated: (spool: Spool) => void): Promise<Spool> {
  const dir = mkdtempSync(join(tmpdir(), 'dedupe-stdin-'));
  const path = join(dir, 'stdin');
  const spool: Spool = { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
  onCreated(spool);
  const fd = openSync(path, 'wx', 0o600);
  try {
    for await (const chunk of chunks) {
      let offset = 0;
      while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
    }
  } finally {
    closeSync(fd);
  }
  return spool;
}
