// src/formats in-process: magic bytes decide (names only for -o), readers decode every gzip member
// and zstd frame and fail on cut-off or damaged data, and the compressing sink round-trips through
// them, chunk by chunk, with the writer reusing each chunk once its write resolves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compressionOf, compressionOfName } from '../../src/formats/compression.js';
import { CompressedDataError, decompressingReader } from '../../src/formats/decode-reader.js';
import { compressingSink } from '../../src/formats/encode-sink.js';
import type { ByteReader } from '../../src/input/byte-reader.js';
import type { ByteSink } from '../../src/output/byte-sink.js';
import { gzip, zstdFrame } from '../helpers/compress.js';

function bytesReader(bytes: Uint8Array, step = 7): ByteReader {
  let at = 0;
  return {
    async read(into, offset, length) {
      const n = Math.min(length, step, bytes.length - at);
      into.set(bytes.subarray(at, at + n), offset);
      at += n;
      return n;
    },
    close() {},
  };
}

async function readAll(reader: ByteReader): Promise<string> {
  const parts: Buffer[] = [];
  const buf = Buffer.alloc(5);
  let n: number;
  while ((n = await reader.read(buf, 0, buf.length)) > 0) parts.push(Buffer.from(buf.subarray(0, n)));
  reader.close();
  return Buffer.concat(parts).toString();
}

test('compressionOf reads magic bytes only; compressionOfName reads -o endings only', () => {
  assert.equal(compressionOf(gzip('a')), 'gzip');
  assert.equal(compressionOf(zstdFrame('a')), 'zstd');
  assert.equal(compressionOf(Buffer.from('\x1f\x8b')), undefined, 'too short to tell');
  assert.equal(compressionOf(Buffer.from('plain text')), undefined);
  assert.equal(compressionOfName('out.txt.gz'), 'gzip');
  assert.equal(compressionOfName('OUT.ZST'), 'zstd');
  assert.equal(compressionOfName('out.zstd'), 'zstd');
  assert.equal(compressionOfName('out.gz.txt'), undefined);
});

test('readers decode every gzip member and zstd frame, in small reads', async () => {
  const members = Buffer.concat([gzip('one\n'), gzip(''), gzip('two\n')]);
  assert.equal(await readAll(decompressingReader(bytesReader(members), 'gzip')), 'one\ntwo\n');
  const frames = Buffer.concat([zstdFrame('one\n'), zstdFrame('two\n')]);
  assert.equal(await readAll(decompressingReader(bytesReader(frames), 'zstd')), 'one\ntwo\n');
});

test('cut-off and damaged data throw CompressedDataError, never a shorter text', async () => {
  const long = 'line of text\n'.repeat(500);
  for (const [kind, whole] of [
    ['gzip', gzip(long)],
    ['zstd', zstdFrame(long)],
  ] as const) {
    for (const cut of [whole.length - 1, whole.length - 9, whole.length >> 1]) {
      await assert.rejects(
        readAll(decompressingReader(bytesReader(whole.subarray(0, cut)), kind)),
        CompressedDataError,
      );
    }
    const damaged = Buffer.concat([whole, Buffer.from('trailing garbage')]);
    await assert.rejects(readAll(decompressingReader(bytesReader(damaged), kind)), CompressedDataError);
  }
});

test('the compressing sink round-trips, commits once, and abort reaches the sink below', async () => {
  for (const kind of ['gzip', 'zstd'] as const) {
    const written: Buffer[] = [];
    let committed = 0;
    let aborted = 0;
    const below: ByteSink = {
      async write(chunk) {
        written.push(Buffer.from(chunk));
      },
      async commit(beforeRename) {
        beforeRename?.();
        committed++;
      },
      abort: () => void aborted++,
    };
    const sink = compressingSink(below, kind);
    const chunk = Buffer.alloc(64 * 1024);
    let text = '';
    for (let i = 0; i < 20; i++) {
      const piece = `chunk ${i} `.repeat(5000).slice(0, chunk.length);
      chunk.write(piece);
      text += piece;
      await sink.write(chunk.subarray(0, Buffer.byteLength(piece)));
    }
    let ran = false;
    await sink.commit(() => {
      ran = true;
    });
    assert.ok(ran && committed === 1, kind);
    const packed = Buffer.concat(written);
    assert.equal(compressionOf(packed), kind);
    assert.equal(await readAll(decompressingReader(bytesReader(packed, 1 << 16), kind)), text, kind);
    compressingSink(below, kind).abort();
    assert.equal(aborted, 1, kind);
  }
});
