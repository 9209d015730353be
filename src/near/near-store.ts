// Per entry of the near index: where its paragraph was read (source, line, byte offset and
// length), a hash of its key, how many variants matched it, and, for sources that cannot be read
// again (standard input, transcoded or rewritten files), a copy of its text in one arena.
import type { NearPlace } from './near-matcher.js';

export interface NearStore {
  add(entry: number, place: NearPlace, keyHash: number, copy: Uint8Array | undefined): void;
  place(entry: number): NearPlace;
  keyHash(entry: number): number;
  /** The stored text of an entry whose source cannot be read again. */
  copyOf(entry: number): Uint8Array | undefined;
  /** Counts one more variant of the entry; returns the count. */
  addVariant(entry: number): number;
  readonly bytes: number;
}

const COPIED = 0x80;

export function createNearStore(): NearStore {
  let capacity = 1024;
  let sources = new Uint32Array(capacity);
  let lines = new Uint32Array(capacity);
  let offsets = new Float64Array(capacity);
  let lengths = new Uint32Array(capacity);
  let hashes = new Uint32Array(capacity);
  let flags = new Uint8Array(capacity);
  let arena = new Uint8Array(0);
  let arenaUsed = 0;

  const grow = (): void => {
    const next = Math.ceil(capacity * 1.5);
    const widen = <T extends Uint32Array | Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const a = make(next);
      a.set(old);
      return a;
    };
    sources = widen(sources, (n) => new Uint32Array(n));
    lines = widen(lines, (n) => new Uint32Array(n));
    offsets = widen(offsets, (n) => new Float64Array(n));
    lengths = widen(lengths, (n) => new Uint32Array(n));
    hashes = widen(hashes, (n) => new Uint32Array(n));
    flags = widen(flags, (n) => new Uint8Array(n));
    capacity = next;
  };

  return {
    get bytes() {
      return capacity * 25 + arena.byteLength;
    },
    add(entry, place, keyHash, copy) {
      while (entry >= capacity) grow();
      sources[entry] = place.source;
      lines[entry] = place.line;
      hashes[entry] = keyHash;
      if (copy) {
        if (arenaUsed + copy.length > arena.length) {
          const bigger = new Uint8Array(Math.max(arenaUsed + copy.length, arena.length * 2, 1 << 16));
          bigger.set(arena.subarray(0, arenaUsed));
          arena = bigger;
        }
        arena.set(copy, arenaUsed);
        offsets[entry] = arenaUsed;
        lengths[entry] = copy.length;
        arenaUsed += copy.length;
        flags[entry] = COPIED;
      } else {
        offsets[entry] = place.offset;
        lengths[entry] = place.length;
      }
    },
    place(entry) {
      return { source: sources[entry], line: lines[entry], offset: offsets[entry], length: lengths[entry] };
    },
    keyHash: (entry) => hashes[entry],
    copyOf(entry) {
      if ((flags[entry] & COPIED) === 0) return undefined;
      return arena.subarray(offsets[entry], offsets[entry] + lengths[entry]);
    },
    addVariant(entry) {
      const count = Math.min(0x7f, (flags[entry] & 0x7f) + 1);
      flags[entry] = (flags[entry] & COPIED) | count;
      return count;
    },
  };
}
