// The fingerprint without the fast glue: in plain JavaScript where no WebAssembly memory can be
// made (an address-space cap), and through xxhash-wasm's public API should the package stop
// shipping its raw module. Both give the very values of fingerprint.ts's WASM path.
import xxhash from 'xxhash-wasm';
import { xxh64Into } from './xxh64-js.js';
import { HASH_ALGORITHM, SEED_HIGH, SEED_LOW, wordsOf, type Fingerprinter } from './hash-spec.js';

/** The fingerprinter in plain JavaScript: the same values as the WASM one, without WebAssembly. */
export function jsFingerprinter(): Fingerprinter {
  const lowH = Number(SEED_LOW >> 32n),
    lowL = Number(SEED_LOW & 0xffffffffn);
  const highH = Number(SEED_HIGH >> 32n),
    highL = Number(SEED_HIGH & 0xffffffffn);
  return {
    kind: HASH_ALGORITHM,
    fingerprint(bytes, length, out) {
      xxh64Into(bytes, 0, length, lowH, lowL, out, 0);
      xxh64Into(bytes, 0, length, highH, highL, out, 2);
    },
    fingerprintRange(bytes, start, end, out) {
      xxh64Into(bytes, start, end, lowH, lowL, out, 0);
      xxh64Into(bytes, start, end, highH, highL, out, 2);
    },
    hash64(bytes, start, end, out, at) {
      xxh64Into(bytes, start, end, lowH, lowL, out, at);
    },
    keyRoom: () => undefined,
    windowRoom: () => undefined,
    // Without WASM the pieces are gathered and hashed whole: this fallback is for capped hosts,
    // where a giant unit costs its key's size once more.
    ...gatheringStream((bytes, length, out) => {
      xxh64Into(bytes, 0, length, lowH, lowL, out, 0);
      xxh64Into(bytes, 0, length, highH, highL, out, 2);
    }),
  };
}

function gatheringStream(
  fingerprint: (bytes: Uint8Array, length: number, out: Uint32Array) => void,
): Pick<Fingerprinter, 'begin' | 'update' | 'digest'> {
  let gathered = new Uint8Array(0);
  let length = 0;
  return {
    begin() {
      length = 0;
    },
    update(bytes, start, end) {
      const need = length + end - start;
      if (need > gathered.length) {
        const bigger = new Uint8Array(Math.max(need, gathered.length * 2));
        bigger.set(gathered.subarray(0, length));
        gathered = bigger;
      }
      gathered.set(bytes.subarray(start, end), length);
      length = need;
    },
    digest(out) {
      fingerprint(gathered, length, out);
      gathered = new Uint8Array(0);
      length = 0;
    },
  };
}

export async function publicApiFingerprinter(): Promise<Fingerprinter> {
  const { h64Raw, create64 } = await xxhash();
  const wide = new BigUint64Array(1);
  const halves = new Uint32Array(wide.buffer);
  let streams = [create64(SEED_LOW), create64(SEED_HIGH)];
  const both = (view: Uint8Array, out: Uint32Array): void => {
    wide[0] = h64Raw(view, SEED_LOW);
    out[0] = halves[0];
    out[1] = halves[1];
    wide[0] = h64Raw(view, SEED_HIGH);
    out[2] = halves[0];
    out[3] = halves[1];
  };
  return {
    kind: HASH_ALGORITHM,
    keyRoom: () => undefined,
    windowRoom: () => undefined,
    fingerprint(bytes, length, out) {
      both(length === bytes.length ? bytes : bytes.subarray(0, length), out);
    },
    fingerprintRange(bytes, start, end, out) {
      both(bytes.subarray(start, end), out);
    },
    hash64(bytes, start, end, out, at) {
      wide[0] = h64Raw(bytes.subarray(start, end), SEED_LOW);
      out[at] = halves[0];
      out[at + 1] = halves[1];
    },
    begin() {
      streams = [create64(SEED_LOW), create64(SEED_HIGH)];
    },
    update(bytes, start, end) {
      for (const stream of streams) stream.update(bytes.subarray(start, end));
    },
    digest(out) {
      wordsOf(streams[0].digest(), out, 0);
      wordsOf(streams[1].digest(), out, 2);
    },
  };
}
