// The plain-JavaScript fingerprinter (used where an address-space cap refuses every WASM memory)
// against the WASM one: the same four words for every length around xxHash64's 4-, 8- and
// 32-byte steps, at offsets, for both methods; the index and the seen-set depend on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFingerprinter, jsFingerprinter } from '../../src/hash/fingerprint.js';
import { publicApiFingerprinter } from '../../src/hash/fallback-fingerprint.js';

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

test('jsFingerprinter.fingerprint equals the WASM fingerprint for every length 0..600 and a few long keys', async () => {
  const wasm = await createFingerprinter();
  const js = jsFingerprinter();
  const a = new Uint32Array(4);
  const b = new Uint32Array(4);
  const lengths = [...Array.from({ length: 601 }, (_, k) => k), 4095, 4096, 65_537, 100_003];
  for (const length of lengths) {
    for (const bytes of [bytesOf(length, length + 1), new Uint8Array(length).fill(0xff)]) {
      wasm.fingerprint(bytes, length, a);
      js.fingerprint(bytes, length, b);
      assert.deepEqual([...b], [...a], `length ${length}`);
    }
  }
  // Arabic text, as keys really are.
  const text = new TextEncoder().encode('السلام عليكم ورحمة الله وبركاته '.repeat(7));
  wasm.fingerprint(text, text.length, a);
  js.fingerprint(text, text.length, b);
  assert.deepEqual([...b], [...a]);
});

test('jsFingerprinter.hash64 equals the WASM hash64 at any offset, written at out[at]', async () => {
  const wasm = await createFingerprinter();
  const js = jsFingerprinter();
  const shared = bytesOf(5000, 7);
  const a = new Uint32Array(6);
  const b = new Uint32Array(6);
  for (let start = 0; start < 40; start += 3) {
    for (const end of [start, start + 1, start + 9, start + 31, start + 32, start + 33, start + 200, 5000]) {
      wasm.hash64(shared, start, end, a, 3);
      js.hash64(shared, start, end, b, 3);
      assert.deepEqual([...b], [...a], `[${start}, ${end})`);
    }
  }
});

// The path taken should xxhash-wasm stop shipping its raw module: the package's public API.
test('the public-API fingerprinter gives the WASM fingerprint, range, hash64 and stream values', async () => {
  const wasm = await createFingerprinter();
  const api = await publicApiFingerprinter();
  const a = new Uint32Array(4);
  const b = new Uint32Array(4);
  for (const length of [0, 1, 7, 31, 32, 33, 420, 4096, 70_001]) {
    const bytes = bytesOf(length + 9, length + 3);
    wasm.fingerprint(bytes, length, a);
    api.fingerprint(bytes, length, b);
    assert.deepEqual([...b], [...a], `fingerprint, length ${length}`);
    wasm.fingerprintRange(bytes, 9, length + 9, a);
    api.fingerprintRange(bytes, 9, length + 9, b);
    assert.deepEqual([...b], [...a], `fingerprintRange, length ${length}`);
    wasm.hash64(bytes, 5, length + 5, a, 2);
    api.hash64(bytes, 5, length + 5, b, 2);
    assert.deepEqual([...b.subarray(2)], [...a.subarray(2)], `hash64, length ${length}`);
    api.begin();
    for (let at = 0; at < length; at += 1000) api.update(bytes, at, Math.min(length, at + 1000));
    api.digest(b);
    wasm.fingerprint(bytes, length, a);
    assert.deepEqual([...b], [...a], `stream, length ${length}`);
  }
});
