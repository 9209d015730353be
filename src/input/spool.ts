// Copies standard input to a private temporary file, for the policies that read their input
// twice (keep last, keep none). The file is unlinked as soon as it is open and read back through
// its descriptor, so no kill, not even SIGKILL, can leave it behind; remove() closes it.
import { closeSync, existsSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Spool {
  /** Where to open it again (each pass opens it afresh). */
  readonly path: string;
  remove(): void;
}

export async function spoolStream(chunks: AsyncIterable<Uint8Array>, onCreated: (spool: Spool) => void): Promise<Spool> {
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
      if (open) { open = false; closeSync(fd); }
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
