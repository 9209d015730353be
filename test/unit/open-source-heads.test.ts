// Two sources opened at once (two library runs in one process) must each read their own head: the
// head buffers belong to a run, never to the module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSource } from '../../src/input/open-source.js';
import type { ByteReader } from '../../src/input/byte-reader.js';

const NO_STDIN: AsyncIterable<Uint8Array> = {
  [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }),
};

async function readAll(reader: ByteReader): Promise<string> {
  const chunks: Buffer[] = [];
  const into = Buffer.alloc(4096);
  for (;;) {
    const n = await reader.read(into, 0, into.length);
    if (n === 0) break;
    chunks.push(Buffer.from(into.subarray(0, n)));
  }
  reader.close();
  return Buffer.concat(chunks).toString('utf8');
}

test('sources opened concurrently each read their own bytes (no head buffer shared between runs)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dedupe-heads-'));
  try {
    const texts = Array.from({ length: 8 }, (_, i) => `file ${i}\n`.repeat(50 + i * 7));
    const sources = texts.map((text, i) => {
      const path = join(dir, `f${i}.txt`);
      writeFileSync(path, text);
      return { kind: 'file' as const, path, label: path, relative: `f${i}.txt` };
    });
    const opened = await Promise.all(sources.map((source) => openSource(source, NO_STDIN)));
    const read = await Promise.all(
      opened.map((o) => {
        assert.equal(o.kind, 'text');
        return o.kind === 'text' ? readAll(o.reader) : '';
      }),
    );
    assert.deepEqual(read, texts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
