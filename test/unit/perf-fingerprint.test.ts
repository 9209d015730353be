// The fingerprinter's glue path against the package's public API: same two xxHash64 values for
// every length (past one WASM page too), any offset, reused and fresh buffers, both methods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import xxhash from 'xxhash-wasm';
import { createFingerprinter, jsFingerprinter } from '../../src/hash/fingerprint.js';

const SEED_HIGH = 0x9e3779b97f4a7c15n;

async function reference(): Promise<(bytes: Uint8Array, seed: bigint) => [number, number]> {
  const { h64Raw } = await xxhash();
  return (bytes, seed) => {
    const value = h64Raw(bytes, seed);
    return [Number(value & 0xffffffffn), Number(value >> 32n)];
  };
}

function bytesOf(length: number, salt: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = (salt * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

test('fingerprint = [h64Raw seed 0, h64Raw seed 2] as lo/hi words, for every length and buffer', async () => {
  const f = await createFingerprinter();
  const h = await reference();
  const out = new Uint32Array(4);
  const shared = bytesOf(200_000, 1);
  const lengths = [
    ...Array.from({ length: 300 }, (_, k) => k),
    4095,
    4096,
    65_519,
    65_520,
    65_536,
    70_001,
    150_000,
    3,
    200_000,
  ];
  for (const length of lengths) {
    for (const bytes of [shared, bytesOf(length + 5, length)]) {
      f.fingerprint(bytes, length, out);
      const view = bytes.subarray(0, length);
      assert.deepEqual([...out], [...h(view, 0n), ...h(view, SEED_HIGH)], `length ${length}`);
    }
  }
  // A view at an odd offset into a bigger buffer, as a caller's scratch might be.
  const offset = new Uint8Array(shared.buffer, 3, 1000);
  f.fingerprint(offset, 777, out);
  assert.deepEqual([...out], [...h(offset.subarray(0, 777), 0n), ...h(offset.subarray(0, 777), SEED_HIGH)]);
});

test('hash64 = h64Raw seed 0 of bytes[start, end), at any offset, written at out[at]', async () => {
  const f = await createFingerprinter();
  const h = await reference();
  const src = bytesOf(100_000, 7);
  const out = new Uint32Array(8);
  for (const [start, end] of [
    [0, 0],
    [1, 2],
    [3, 10],
    [5, 300],
    [17, 70_017],
    [99_000, 100_000],
    [0, 100_000],
  ]) {
    for (const at of [0, 3, 6]) {
      f.hash64(src, start, end, out, at);
      assert.deepEqual([out[at], out[at + 1]], h(src.subarray(start, end), 0n), `[${start}, ${end}) at ${at}`);
    }
  }
});

test('fingerprintRange = fingerprint of a copy of bytes[start, end), WASM and plain JS', async () => {
  const src = bytesOf(100_000, 9);
  const out = new Uint32Array(4);
  const copy = new Uint32Array(4);
  for (const f of [await createFingerprinter(), jsFingerprinter()]) {
    for (const [start, end] of [
      [0, 0],
      [1, 2],
      [3, 40],
      [17, 70_017],
      [0, 100_000],
    ]) {
      f.fingerprintRange(src, start, end, out);
      f.fingerprint(src.slice(start, end), end - start, copy);
      assert.deepEqual([...out], [...copy], `[${start}, ${end})`);
    }
  }
});

test('past the copy room (1 MiB): streamed, the same values; hash64 too', async () => {
  const f = await createFingerprinter();
  const h = await reference();
  const src = bytesOf(2_600_000, 11);
  const out = new Uint32Array(4);
  const low = new Uint32Array(2);
  for (const [start, end] of [
    [0, 1024 * 1024],
    [1, 1024 * 1024 + 2],
    [5, 2_600_000],
  ]) {
    const view = src.subarray(start, end);
    f.fingerprintRange(src, start, end, out);
    assert.deepEqual([...out], [...h(view, 0n), ...h(view, SEED_HIGH)], `[${start}, ${end})`);
    f.fingerprint(src.subarray(start), end - start, out);
    assert.deepEqual([...out], [...h(view, 0n), ...h(view, SEED_HIGH)], `fingerprint [${start}, ${end})`);
    f.hash64(src, start, end, low, 0);
    assert.deepEqual([...low], h(view, 0n), `hash64 [${start}, ${end})`);
  }
});

test('the key and window rooms: lent once, and bytes in them hash as anywhere else', async () => {
  const f = await createFingerprinter({ windowBytes: 1 << 20 });
  const h = await reference();
  const key = f.keyRoom();
  const window = f.windowRoom();
  assert.ok(key && window, 'the WASM fingerprinter lends both rooms');
  assert.equal(f.keyRoom(), undefined);
  assert.equal(f.windowRoom(), undefined);
  assert.equal(window.length, 1 << 20);
  const bytes = bytesOf(300_000, 13);
  key.set(bytes.subarray(0, 200_000));
  window.set(bytes);
  const out = new Uint32Array(4);
  const low = new Uint32Array(2);
  for (const [start, end] of [
    [0, 0],
    [3, 10],
    [7, 777],
    [100, 200_000],
  ]) {
    const view = bytes.subarray(start, end);
    const want = [...h(view, 0n), ...h(view, SEED_HIGH)];
    f.fingerprintRange(key, start, end, out);
    assert.deepEqual([...out], want, `key room [${start}, ${end})`);
    f.fingerprintRange(window, start, end, out);
    assert.deepEqual([...out], want, `window room [${start}, ${end})`);
    f.hash64(window, start, end, low, 0);
    assert.deepEqual([...low], h(view, 0n), `hash64 in the window room [${start}, ${end})`);
    f.begin();
    f.update(window, start, end);
    f.digest(out);
    assert.deepEqual([...out], want, `streamed from the window room [${start}, ${end})`);
  }
  f.fingerprint(key, 4096, out);
  assert.deepEqual([...out], [...h(bytes.subarray(0, 4096), 0n), ...h(bytes.subarray(0, 4096), SEED_HIGH)]);
  // Hashing bytes from elsewhere goes through the copy room and leaves both rooms as they were.
  f.fingerprintRange(bytesOf(50_000, 17), 0, 50_000, out);
  assert.deepEqual(key.subarray(0, 200_000), bytes.subarray(0, 200_000));
  assert.deepEqual(new Uint8Array(window.subarray(0, 300_000)), bytes);
  assert.equal(jsFingerprinter().keyRoom(), undefined);
  assert.equal((await createFingerprinter({ windowBytes: 64 * 1024 * 1024 })).windowRoom(), undefined);
});
