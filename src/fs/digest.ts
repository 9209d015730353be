// SHA-256 of a file's bytes in the form the index's frames record (`sha256:<hex>`): what "the same
// content" means for a committed input, shared by `dedupe --index` and the scale-out phases so an
// input committed by either is recognised alike.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

export function digestFile(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return `sha256:${hash.digest('hex')}`;
}
