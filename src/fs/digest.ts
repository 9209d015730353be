// SHA-256 of a file's bytes in the form the index's frames record (`sha256:<hex>`): what "the same
// content" means for a committed input, shared by `dedupe --index` and the scale-out phases so an
// input committed by either is recognised alike. A digest can also be taken while a file is read
// (createDigest), so that what is recorded is what was read, not what is there later.
import { createHash } from 'node:crypto';
import { closeSync, readSync } from 'node:fs';
import { openSync } from './lossless-fs.js';

export interface Digest {
  update(bytes: Uint8Array): void;
  /** `sha256:<hex>` of every byte given so far (once: the digest is then spent). */
  digest(): string;
}

export function createDigest(): Digest {
  const hash = createHash('sha256');
  return {
    update: (bytes) => void hash.update(bytes),
    digest: () => `sha256:${hash.digest('hex')}`,
  };
}

export function digestFile(path: string): string {
  const hash = createDigest();
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest();
}
