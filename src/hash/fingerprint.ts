// Turns key bytes into a 128-bit fingerprint: two xxHash64 values with different seeds, written
// as four 32-bit words into a caller's Uint32Array. The xxhash-wasm module is instantiated once
// per run; a few bytes of glue WASM call its xxh64 for both seeds on the key where it lies in the
// module's memory (folded or read there, else copied there once) and store the results in memory,
// so no BigInt is made or split here and nothing is allocated.
// Where no WASM memory can be made (an address-space cap), plain JavaScript gives the same values.
import { HASH_ALGORITHM, SEED_HIGH, SEED_LOW, wordsOf, type Fingerprinter } from './hash-spec.js';
import { jsFingerprinter, publicApiFingerprinter } from './fallback-fingerprint.js';
import { glueModule } from './xxh-glue.js';
import { xxhashWasmBytes } from './xxhash-wasm-bytes.js';

export { FINGERPRINT_BITS, FINGERPRINT_WORDS, type Fingerprinter } from './hash-spec.js';
export { jsFingerprinter } from './fallback-fingerprint.js';

// The project's lib (ES2023, no DOM) declares no WebAssembly; these are the parts used here.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports?: object): Promise<{ instance: { exports: object } }>;
};
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface XxhashExports {
  readonly mem: WasmMemory;
  readonly xxh64: (at: number, length: number, seed: bigint) => bigint;
  readonly init64: (stateAt: number, seed: bigint) => void;
  readonly update64: (stateAt: number, at: number, length: number) => void;
  readonly digest64: (stateAt: number) => bigint;
}

// Where the glue puts the two results (16 bytes) and the two streaming states (the module's xxh64
// state is 88 bytes); then fixed rooms. The key room is lent to one keyer, which folds straight
// into it, and the window room to one splitter, which reads into it: bytes in either are hashed
// where they lie. Any other bytes are copied into the copy room first, and bytes longer than it
// are streamed through it in pieces (xxh64's streaming gives the one-shot values). So the memory
// never grows after this: a view into it is never detached under its holder.
const RESULT_AT = 0;
const STATE_LOW_AT = 16;
const STATE_HIGH_AT = STATE_LOW_AT + 88;
const KEY_AT = 256;
const ROOM = 1024 * 1024;
const COPY_AT = KEY_AT + ROOM;
const WINDOW_AT = COPY_AT + ROOM;
const WASM_PAGE = 65536;
// A bigger --buffer-size gets no window room: it is read into a buffer of its own and copied.
const MAX_WINDOW_ROOM = 16 * 1024 * 1024;
// Below this many bytes a copy through two DataViews beats making a subarray for a native copy.
const VIEW_COPY_MAX = 256;

export interface FingerprinterOptions {
  /** The size of the window room to make (0: none). */
  readonly windowBytes?: number;
}

export async function createFingerprinter(options: FingerprinterOptions = {}): Promise<Fingerprinter> {
  try {
    return await wasmFingerprinter(options.windowBytes ?? 0);
  } catch {
    // V8 reserves ~10 GiB of address space for each WASM memory (its bounds-check guard region),
    // so any `ulimit -v` below that refuses every instance; the values do not depend on the path.
    return jsFingerprinter();
  }
}

async function wasmFingerprinter(windowBytes: number): Promise<Fingerprinter> {
  const wasm = xxhashWasmBytes();
  // The package's own API (h64Raw) copies the key into WASM memory per call and seed and masks
  // each BigInt result; the glue needs its raw module, which the package also ships as a file.
  // Should a later version stop shipping it, the public API gives the same values, slower.
  if (wasm === undefined) return publicApiFingerprinter();
  const { instance } = await WebAssembly.instantiate(wasm);
  const { mem, xxh64, init64, update64, digest64 } = instance.exports as unknown as XxhashExports;
  const glue = await WebAssembly.instantiate(glueModule(RESULT_AT, SEED_LOW, SEED_HIGH), { x: { h: xxh64, m: mem } });
  const { both, low } = glue.instance.exports as unknown as {
    both(at: number, length: number): void;
    low(at: number, length: number): void;
  };
  const windowRoomBytes = windowBytes <= MAX_WINDOW_ROOM ? windowBytes : 0;
  const needed = WINDOW_AT + windowRoomBytes;
  if (mem.buffer.byteLength < needed) mem.grow(Math.ceil((needed - mem.buffer.byteLength) / WASM_PAGE));
  const memory = mem.buffer;
  const heap = new DataView(memory);
  const heapBytes = new Uint8Array(memory);
  let keyRoom: Uint8Array | undefined = new Uint8Array(memory, KEY_AT, ROOM);
  let windowRoom: Buffer | undefined =
    windowRoomBytes > 0 ? Buffer.from(memory, WINDOW_AT, windowRoomBytes) : undefined;

  // Views of the caller's buffers, rebuilt only when another buffer comes: the key buffer and
  // the read buffer are each reused across many units.
  let srcBytes: Uint8Array | undefined;
  let srcView: DataView = heap;
  // Copies bytes[start, start + length) (at most a room) into the copy room.
  const copyIn = (bytes: Uint8Array, start: number, length: number): void => {
    if (length > VIEW_COPY_MAX) {
      // A plain view: a Buffer's subarray costs a Buffer's constructor.
      heapBytes.set(new Uint8Array(bytes.buffer, bytes.byteOffset + start, length), COPY_AT);
      return;
    }
    if (bytes !== srcBytes) {
      srcBytes = bytes;
      srcView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    // Four bytes a step; the byte order of both sides is the same, so bytes land as they are.
    const words = length & ~3;
    let k = 0;
    for (; k < words; k += 4) heap.setUint32(COPY_AT + k, srcView.getUint32(start + k));
    for (; k < length; k++) heap.setUint8(COPY_AT + k, srcView.getUint8(start + k));
  };
  // xxh64's results are stored little-endian: low word first whatever the host's order.
  const result128 = (out: Uint32Array): void => {
    out[0] = heap.getUint32(RESULT_AT, true);
    out[1] = heap.getUint32(RESULT_AT + 4, true);
    out[2] = heap.getUint32(RESULT_AT + 8, true);
    out[3] = heap.getUint32(RESULT_AT + 12, true);
  };

  const begin = (): void => {
    // init64 sets the seeds only: the lengths and the buffered tail must start at zero.
    for (let k = STATE_LOW_AT; k < KEY_AT; k += 4) heap.setUint32(k, 0);
    init64(STATE_LOW_AT, SEED_LOW);
    init64(STATE_HIGH_AT, SEED_HIGH);
  };
  const update = (bytes: Uint8Array, start: number, end: number, lanes: number): void => {
    if (bytes.buffer === memory) {
      update64(STATE_LOW_AT, bytes.byteOffset + start, end - start);
      if (lanes === 2) update64(STATE_HIGH_AT, bytes.byteOffset + start, end - start);
      return;
    }
    for (let at = start; at < end; at += ROOM) {
      const length = Math.min(ROOM, end - at);
      copyIn(bytes, at, length);
      update64(STATE_LOW_AT, COPY_AT, length);
      if (lanes === 2) update64(STATE_HIGH_AT, COPY_AT, length);
    }
  };
  // A range longer than the copy room: streamed, then the same words as the one-shot hashes.
  const streamed = (bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number, lanes: number) => {
    begin();
    update(bytes, start, end, lanes);
    wordsOf(digest64(STATE_LOW_AT), out, at);
    if (lanes === 2) wordsOf(digest64(STATE_HIGH_AT), out, at + 2);
  };
  // Where the range lies in the module's memory: bytes in one of the rooms are hashed where they
  // lie, others are copied into the copy room; -1 when it is too long for it (to be streamed).
  const inMemory = (bytes: Uint8Array, start: number, length: number): number => {
    if (bytes.buffer === memory) return bytes.byteOffset + start;
    if (length > ROOM) return -1;
    copyIn(bytes, start, length);
    return COPY_AT;
  };
  const range128 = (bytes: Uint8Array, start: number, end: number, out: Uint32Array): void => {
    const at = inMemory(bytes, start, end - start);
    if (at < 0) return streamed(bytes, start, end, out, 0, 2);
    both(at, end - start);
    result128(out);
  };

  return {
    kind: HASH_ALGORITHM,
    fingerprint(bytes, length, out) {
      range128(bytes, 0, length, out);
    },
    fingerprintRange: range128,
    hash64(bytes, start, end, out, at) {
      const where = inMemory(bytes, start, end - start);
      if (where < 0) return streamed(bytes, start, end, out, at, 1);
      low(where, end - start);
      out[at] = heap.getUint32(RESULT_AT, true);
      out[at + 1] = heap.getUint32(RESULT_AT + 4, true);
    },
    keyRoom() {
      const lent = keyRoom;
      keyRoom = undefined;
      return lent;
    },
    windowRoom() {
      const lent = windowRoom;
      windowRoom = undefined;
      return lent;
    },
    begin,
    update(bytes, start, end) {
      update(bytes, start, end, 2);
    },
    digest(out) {
      wordsOf(digest64(STATE_LOW_AT), out, 0);
      wordsOf(digest64(STATE_HIGH_AT), out, 2);
    },
  };
}
