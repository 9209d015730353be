// The seen-set: an open-addressing hash table of 128-bit fingerprints on one Uint32Array. Its core
// operation is claim(); reports and keep-policies also attach a few 32-bit values to each entry
// (where the first copy is, how many copies), allocated only when asked for. It grows by doubling
// without any cap (a JS Set/Map stops at 2^24 entries and costs 60-160 bytes a key; a slot here
// costs 16 bytes plus 4 per value word), in place: the old table is never a second copy in memory.
import { FINGERPRINT_WORDS } from '../hash/fingerprint.js';

export interface SeenSet {
  /** True when the fingerprint is new (and is now recorded); false when it was seen before. */
  claim(fp: Uint32Array): boolean;
  /**
   * Finds or inserts the fingerprint and returns its entry number, valid until the next insert;
   * `wasNew` tells whether this call inserted it (its values are then all zero).
   */
  upsert(fp: Uint32Array): number;
  /** The entry number of a fingerprint, or -1. */
  find(fp: Uint32Array): number;
  readonly wasNew: boolean;
  /** Per-entry values: entry e owns values[e * valueWords ... + valueWords). Re-read after inserts. */
  readonly values: Uint32Array;
  readonly valueWords: number;
  readonly size: number;
  /** Bytes held by the table's storage, for the benchmark's bytes-per-unit figure. */
  readonly bytes: number;
}

const MAX_LOAD = 0.75;

// Resizable ArrayBuffers (ES2024) are not in the project's lib (ES2023); Node 20 has them.
interface ResizableBuffer extends ArrayBuffer {
  readonly maxByteLength: number;
  resize(byteLength: number): void;
}
const ResizableArrayBuffer = ArrayBuffer as unknown as new (
  byteLength: number,
  options: { maxByteLength: number },
) => ResizableBuffer;

// A resizable buffer reserves address space for its maximum up front and commits memory only as
// it grows. A new table reserves a little (many small tables come and go under --scope file);
// one that outgrows that moves once, while still small, into a reservation of the largest
// buffer Node allows (4 GiB), where it grows in place from then on.
const FIRST_RESERVATION_FACTOR = 64;
const UNCAPPED_RESERVATION = 2 ** 32;
// Under an address-space cap (`ulimit -v`) the 4 GiB reservation is refused, and the largest one
// that is not would leave too little room for the heap and the next table: there a buffer
// reserves only a few doublings ahead and moves (one copy) each time it outgrows them.
const CAPPED_HEADROOM = 4;
let largestReservation = 0;

function reservationLimit(): number {
  if (largestReservation === 0) {
    for (let bytes = UNCAPPED_RESERVATION; bytes >= 2 ** 24; bytes /= 2) {
      try {
        new ResizableArrayBuffer(0, { maxByteLength: bytes });
        largestReservation = bytes;
        break;
      } catch {
        // Not allowed on this platform: try half.
      }
    }
  }
  return largestReservation;
}

function reserve(byteLength: number, maxByteLength: number): ResizableBuffer {
  const limit = reservationLimit();
  if (byteLength > limit)
    throw new RangeError(`the seen-set would need ${byteLength} bytes in one buffer; at most ${limit} are possible`);
  const wanted = limit < UNCAPPED_RESERVATION ? Math.min(maxByteLength, byteLength * CAPPED_HEADROOM) : maxByteLength;
  return new ResizableArrayBuffer(byteLength, { maxByteLength: Math.max(byteLength, Math.min(wanted, limit)) });
}

/** Grows `buffer` to byteLength, in place when its reservation allows; the new bytes are zero. */
function enlarge(buffer: ResizableBuffer, byteLength: number): ResizableBuffer {
  if (byteLength <= buffer.maxByteLength) {
    buffer.resize(byteLength);
    return buffer;
  }
  const moved = reserve(byteLength, Infinity);
  new Uint8Array(moved).set(new Uint8Array(buffer));
  return moved;
}

export function createSeenTable(initialCapacity = 1 << 12, valueWords = 0): SeenSet {
  let capacity = 1;
  while (capacity < initialCapacity) capacity *= 2;
  let slotBuffer = reserve(
    capacity * FINGERPRINT_WORDS * 4,
    capacity * FINGERPRINT_WORDS * 4 * FIRST_RESERVATION_FACTOR,
  );
  let slots = new Uint32Array(slotBuffer);
  // One spare entry past the table: the scratch entry of the all-zero fingerprint (see claim).
  const valueBytes = (slotCount: number): number => (slotCount + 1) * valueWords * 4;
  let valueBuffer = reserve(valueBytes(capacity), valueBytes(capacity) * FIRST_RESERVATION_FACTOR);
  let values = new Uint32Array(valueBuffer);
  let mask = capacity - 1;
  let size = 0;
  let limit = Math.floor(capacity * MAX_LOAD);
  let wasNew = false;

  const bucketOf = (a: number, c: number, tableMask: number): number => (a ^ (c >>> 7)) & tableMask;
  const isEmpty = (s: number): boolean => (slots[s * 4] | slots[s * 4 + 1] | slots[s * 4 + 2] | slots[s * 4 + 3]) === 0;

  // Takes the entry at slot s out and puts it back where a probe from its home under the current
  // mask first finds room (possibly s again), its values with it.
  function replace(s: number): void {
    const o = s * 4;
    const a = slots[o],
      b = slots[o + 1],
      c = slots[o + 2],
      d = slots[o + 3];
    slots[o] = 0;
    slots[o + 1] = 0;
    slots[o + 2] = 0;
    slots[o + 3] = 0;
    let t = bucketOf(a, c, mask);
    while (!isEmpty(t)) t = (t + 1) & mask;
    const n = t * 4;
    slots[n] = a;
    slots[n + 1] = b;
    slots[n + 2] = c;
    slots[n + 3] = d;
    if (t !== s && valueWords > 0) {
      values.copyWithin(t * valueWords, s * valueWords, (s + 1) * valueWords);
      values.fill(0, s * valueWords, (s + 1) * valueWords);
    }
  }

  // Doubling in place. Each entry's new home is its old home h or h + old capacity. Visiting the
  // old slots in order from just after an empty one takes every old cluster front to back, and
  // then a re-placed entry only ever passes over slots already visited: it lands at or before
  // its old slot, or in the upper half, which holds re-placed entries only. The one exception
  // is an entry whose probe runs off the end of the new table into slot 0 while the clusters
  // there are still unvisited; visiting them later leaves holes in its probe path. Those
  // entries all sit in the run that starts at slot 0, so that run is re-placed once more at
  // the end. test/perf-seen-table.test.ts checks this against a plain Set.
  function grow(): void {
    const oldCapacity = capacity;
    capacity *= 2;
    slotBuffer = enlarge(slotBuffer, capacity * FINGERPRINT_WORDS * 4);
    slots = new Uint32Array(slotBuffer);
    if (valueWords > 0) {
      valueBuffer = enlarge(valueBuffer, valueBytes(capacity));
      values = new Uint32Array(valueBuffer);
      // The old scratch entry is now slot oldCapacity's values.
      values.fill(0, oldCapacity * valueWords, (oldCapacity + 1) * valueWords);
    }
    mask = capacity - 1;
    limit = Math.floor(capacity * MAX_LOAD);

    let empty = 0;
    while (!isEmpty(empty)) empty++;
    for (let s = empty + 1; s < oldCapacity; s++) if (!isEmpty(s)) replace(s);
    for (let s = 0; s < empty; s++) if (!isEmpty(s)) replace(s);
    let runEnd = empty;
    while (!isEmpty(runEnd)) runEnd++;
    for (let s = 0; s < runEnd; s++) if (!isEmpty(s)) replace(s);
  }

  // Returns the slot holding fp, or -(slot + 1) for the empty slot where it would go.
  function probe(a: number, b: number, c: number, d: number): number {
    let i = bucketOf(a, c, mask);
    for (;;) {
      const o = i * FINGERPRINT_WORDS;
      const sa = slots[o],
        sb = slots[o + 1],
        sc = slots[o + 2],
        sd = slots[o + 3];
      if ((sa | sb | sc | sd) === 0) return -(i + 1);
      if (sa === a && sb === b && sc === c && sd === d) return i;
      i = (i + 1) & mask;
    }
  }

  function insertAt(slot: number, a: number, b: number, c: number, d: number): void {
    const o = slot * FINGERPRINT_WORDS;
    slots[o] = a;
    slots[o + 1] = b;
    slots[o + 2] = c;
    slots[o + 3] = d;
    size++;
  }

  const table: SeenSet = {
    claim(fp) {
      const a = fp[0],
        b = fp[1],
        c = fp[2],
        d = fp[3];
      // An all-zero slot means "empty", so the all-zero fingerprint is never stored: it is new
      // every time. That errs the safe way: at worst a repeat is kept, never a unique unit dropped.
      if ((a | b | c | d) === 0) return true;
      const at = probe(a, b, c, d);
      if (at >= 0) return false;
      insertAt(-at - 1, a, b, c, d);
      if (size > limit) grow();
      return true;
    },
    upsert(fp) {
      const a = fp[0],
        b = fp[1],
        c = fp[2],
        d = fp[3];
      if ((a | b | c | d) === 0) {
        wasNew = true;
        values.fill(0, capacity * valueWords);
        return capacity;
      }
      let at = probe(a, b, c, d);
      if (at >= 0) {
        wasNew = false;
        return at;
      }
      wasNew = true;
      insertAt(-at - 1, a, b, c, d);
      if (size > limit) {
        grow();
        at = probe(a, b, c, d);
        return at;
      }
      return -at - 1;
    },
    find(fp) {
      const a = fp[0],
        b = fp[1],
        c = fp[2],
        d = fp[3];
      if ((a | b | c | d) === 0) return -1;
      const at = probe(a, b, c, d);
      return at >= 0 ? at : -1;
    },
    get wasNew() {
      return wasNew;
    },
    get values() {
      return values;
    },
    valueWords,
    get size() {
      return size;
    },
    get bytes() {
      return slots.byteLength + values.byteLength;
    },
  };
  return table;
}
