// Turns key bytes into a 128-bit fingerprint: two xxHash64 values with different seeds, written
// as four 32-bit words into a caller's Uint32Array. The xxhash-wasm module is instantiated once
// per run; a few bytes of glue WASM call its xxh64 for both seeds on the key where it lies in the
// module's memory (folded or read there, else copied there once) and store the results in memory,
// so no BigInt is made or split here and nothing is allocated.
// Where no WASM memory can be made (an address-space cap), plain JavaScript gives the same values.
import xxhash from 'xxhash-wasm';
import { xxhashWasmBytes } from './xxhash-wasm-bytes.js';
import { xxh64Into } from './xxh64-js.js';

export const FINGERPRINT_WORDS = 4;
export const FINGERPRINT_BITS = 128;

const SEED_LOW = 0n;
// An arbitrary odd constant: any seed other than the first gives an independent second hash.
const SEED_HIGH = 0x9e3779b97f4a7c15n;

export interface Fingerprinter {
  readonly kind: 'xxh64x2';
  /** Writes the fingerprint of bytes[0, length) into out[0..3]. */
  fingerprint(bytes: Uint8Array, length: number, out: Uint32Array): void;
  /** fingerprint() of bytes[start, end), read where they lie: for a key that is the unit's own bytes. */
  fingerprintRange(bytes: Uint8Array, start: number, end: number, out: Uint32Array): void;
  /** A 64-bit hash of bytes[start, end) into out[at], out[at + 1]: tells identical bytes apart from equal keys. */
  hash64(bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number): void;
  /**
   * A buffer whose bytes this fingerprinter hashes where they lie (no copy), for one keyer to
   * fold into: handed out once, undefined to any later caller and where there is none.
   */
  keyRoom(): Uint8Array | undefined;
  /**
   * The same for a read window of the size asked at creation (a splitter's scratch window, whose
   * lines are then hashed where they were read): handed out once; undefined elsewhere.
   */
  windowRoom(): Buffer | undefined;
  /**
   * The same fingerprint for bytes fed in pieces (a giant unit's key, never held whole): begin(),
   * update() each piece in order, then digest(out). One stream at a time per fingerprinter.
   */
  begin(): void;
  update(bytes: Uint8Array, start: number, end: number): void;
  digest(out: Uint32Array): void;
}

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

/** The fingerprinter in plain JavaScript: the same values as the WASM one, without WebAssembly. */
export function jsFingerprinter(): Fingerprinter {
  const lowH = Number(SEED_LOW >> 32n),
    lowL = Number(SEED_LOW & 0xffffffffn);
  const highH = Number(SEED_HIGH >> 32n),
    highL = Number(SEED_HIGH & 0xffffffffn);
  return {
    kind: 'xxh64x2',
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

async function wasmFingerprinter(windowBytes: number): Promise<Fingerprinter> {
  const wasm = xxhashWasmBytes();
  // The package's own API (h64Raw) copies the key into WASM memory per call and seed and masks
  // each BigInt result; the glue needs its raw module, which the package also ships as a file.
  // Should a later version stop shipping it, the public API gives the same values, slower.
  if (wasm === undefined) return publicApiFingerprinter();
  const { instance } = await WebAssembly.instantiate(wasm);
  const { mem, xxh64, init64, update64, digest64 } = instance.exports as unknown as XxhashExports;
  const glue = await WebAssembly.instantiate(glueModule(), { x: { h: xxh64, m: mem } });
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
    kind: 'xxh64x2',
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

// A 64-bit result (the module's i64 comes back signed) as its low and high words.
function wordsOf(value: bigint, out: Uint32Array, at: number): void {
  out[at] = Number(BigInt.asUintN(32, value));
  out[at + 1] = Number(BigInt.asUintN(32, value >> 32n));
}

async function publicApiFingerprinter(): Promise<Fingerprinter> {
  const { h64Raw, create64 } = await xxhash();
  const wide = new BigUint64Array(1);
  const halves = new Uint32Array(wide.buffer);
  let streams = [create64(SEED_LOW), create64(SEED_HIGH)];
  return {
    kind: 'xxh64x2',
    keyRoom: () => undefined,
    windowRoom: () => undefined,
    fingerprint(bytes, length, out) {
      const view = length === bytes.length ? bytes : bytes.subarray(0, length);
      wide[0] = h64Raw(view, SEED_LOW);
      out[0] = halves[0];
      out[1] = halves[1];
      wide[0] = h64Raw(view, SEED_HIGH);
      out[2] = halves[0];
      out[3] = halves[1];
    },
    fingerprintRange(bytes, start, end, out) {
      const view = bytes.subarray(start, end);
      wide[0] = h64Raw(view, SEED_LOW);
      out[0] = halves[0];
      out[1] = halves[1];
      wide[0] = h64Raw(view, SEED_HIGH);
      out[2] = halves[0];
      out[3] = halves[1];
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

// The glue, hand-assembled (it is this small); in text form:
//   (module
//     (import "x" "h" (func $xxh64 (param i32 i32 i64) (result i64)))
//     (import "x" "m" (memory 1))
//     (func (export "both") (param $at i32) (param $length i32)
//       (i64.store (i32.const 0) (call $xxh64 (local.get $at) (local.get $length) (i64.const SEED_LOW)))
//       (i64.store (i32.const 8) (call $xxh64 (local.get $at) (local.get $length) (i64.const SEED_HIGH))))
//     (func (export "low") (param $at i32) (param $length i32)
//       (i64.store (i32.const 0) (call $xxh64 (local.get $at) (local.get $length) (i64.const SEED_LOW)))))
function glueModule(): Uint8Array {
  const name = (text: string): number[] => [text.length, ...new TextEncoder().encode(text)];
  const section = (id: number, body: number[]): number[] => [id, ...unsignedLeb(body.length), ...body];
  const hashInto = (resultAt: number, seed: bigint): number[] => [
    0x41,
    resultAt, // i32.const resultAt
    0x20,
    0x00, // local.get $at
    0x20,
    0x01, // local.get $length
    0x42,
    ...signedLeb(seed), // i64.const seed
    0x10,
    0x00, // call $xxh64
    0x37,
    0x03,
    0x00, // i64.store align=8 offset=0
  ];
  const body = (code: number[]): number[] => {
    const withLocals = [0x00, ...code, 0x0b]; // no locals; end
    return [...unsignedLeb(withLocals.length), ...withLocals];
  };
  const I32 = 0x7f,
    I64 = 0x7e,
    FUNC = 0x60;
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00, // \0asm, version 1
    ...section(1, [2, FUNC, 3, I32, I32, I64, 1, I64, FUNC, 2, I32, I32, 0]), // types: xxh64, (i32, i32) -> ()
    ...section(2, [2, ...name('x'), ...name('h'), 0x00, 0, ...name('x'), ...name('m'), 0x02, 0x00, 0]), // imports (memory min 0 pages)
    ...section(3, [2, 1, 1]), // two functions of type 1
    ...section(7, [2, ...name('both'), 0x00, 1, ...name('low'), 0x00, 2]), // exports (function 0 is the import)
    ...section(10, [
      2,
      ...body([...hashInto(RESULT_AT, SEED_LOW), ...hashInto(RESULT_AT + 8, SEED_HIGH)]),
      ...body(hashInto(RESULT_AT, SEED_LOW)),
    ]),
  ]);
}

function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

// An i64 immediate: two's complement, so a seed above 2^63 is written as its negative twin.
function signedLeb(value: bigint): number[] {
  let rest = BigInt.asIntN(64, value);
  const bytes: number[] = [];
  for (;;) {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if ((rest === 0n && (byte & 0x40) === 0) || (rest === -1n && (byte & 0x40) !== 0)) return [...bytes, byte];
    bytes.push(byte | 0x80);
  }
}
