// The plain-JavaScript fingerprinter (used where an address-space cap refuses every WASM memory)
// against the WASM one: the same four words for every length around xxHash64's 4-, 8- and
// 32-byte steps, at offsets, for both methods; the index and the seen-set depend on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFingerprinter, jsFingerprinter } from '../../src/hash/fingerprint.js';

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
