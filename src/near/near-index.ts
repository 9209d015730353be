// The near-duplicate index: the MinHash signature of every kept long paragraph (its record,
// near-records.ts), and per LSH band a table (band-slots.ts) that finds the entries agreeing with
// a query on at least one whole band. Typed arrays only: about bands x 4 / load bytes of table
// plus a 64-byte record per entry. It finds candidates; judging them is the matcher's business.
import {
  bandHashOf,
  BUCKET_CAP,
  createListedSet,
  doubled,
  home,
  LISTED_MAX,
  PROJECTED_LOAD,
  rebuildBand,
  settleBand,
  slotEntry,
  slotOf,
  sortDistinct,
  TAG_BITS,
  TAG_MASK,
  widened,
} from './band-slots.js';
import { BLOCK_ENTRIES, createNearRecords } from './near-records.js';

import type { NearIndexShape } from './near-shape.js';

export type { NearIndexShape } from './near-shape.js';

export interface NearIndex {
  readonly shape: NearIndexShape;
  readonly size: number;
  /** estimateSimilarity of entry e's signature and `signature` (the query's, `length` values). */
  estimate(entry: number, signature: Uint8Array): number;
  /**
   * Appends an entry and returns its number: call it right after candidates() with the same
   * signature. `extra` is a number kept beside the signature, in its cache line (extra()).
   */
  add(signature: Uint8Array, extra?: number): number;
  /** The `extra` given when the entry was added: read with its signature, at no further miss. */
  extra(entry: number): number;
  /**
   * Bulk loading (an index's near records, before any query): append() stores a signature without
   * indexing it; settle() then indexes every appended entry, one band's table at a time.
   */
  append(signature: Uint8Array, extra?: number): number;
  settle(): void;
  /**
   * Entries sharing at least one band with the signature, each once, in no set order, written
   * into `out` (grown if needed; returned). Returns the array and the count via `found`.
   */
  candidates(signature: Uint8Array, out: Uint32Array): Uint32Array;
  readonly found: number;
  /**
   * How many entries the index will probably hold in the end: the next growth of each table goes
   * straight to a size for that many (at a load of PROJECTED_LOAD) when it is more than double.
   */
  expect(entries: number): void;
  /** Bytes held by the index, for the benchmark's bytes-per-paragraph figure. */
  readonly bytes: number;
}

const MAX_LOAD = 0.7;
const GROWTH = 2;
export const MAX_BANDS = 64;
export const MAX_ENTRIES = 2 ** (32 - TAG_BITS) - 2;
// A bulk load hashes this many bands in one pass over the signatures.
const SETTLE_GROUP = 4;
// Where the prefetching loads in candidates() leave their sum, so the compiler keeps them.
let _sink = 0;

export function createNearIndex(shape: NearIndexShape): NearIndex {
  const { bands, rows, length } = shape;
  if (bands < 1 || bands > MAX_BANDS || rows < 1 || bands * rows > length) throw new RangeError('bad LSH shape');
  const records = createNearRecords(length);
  const { blockOf, offsetOf, stride } = records;
  // One table per band, each growing on its own: a growth holds an old and a new copy of one
  // band's table, never of all of them (at ten million paragraphs that would be a transient
  // gigabyte on top of the index).
  const tables: Uint32Array[] = Array.from({ length: bands }, () => new Uint32Array(1 << 8));
  const used = new Uint32Array(bands);
  // Per band, one bit per entry the band left out (its value already held BUCKET_CAP entries): a
  // rebuild re-inserts every other entry, in entry order, without comparing any band values.
  let omitted: Uint8Array[] = Array.from({ length: bands }, () => new Uint8Array(BLOCK_ENTRIES / 8));
  records.onBlock((blocks) => {
    if (blocks * BLOCK_ENTRIES > omitted[0].length * 8) omitted = omitted.map(widened);
  });
  let found = 0;
  // Where the last query's probe for each band ended (an empty slot), and how many entries it
  // passed with the same band value: add() after candidates() inserts there without probing again.
  const endOf = new Int32Array(bands);
  const sameOf = new Uint8Array(bands);
  const homes = new Int32Array(bands);
  const firsts = new Uint32Array(bands);
  const hashes = new Uint32Array(bands);
  let queried = false;
  // Entries below this were indexed by add() or an earlier settle(): their bucket cap is decided.
  let settled = 0;

  const bandHash = (sig: Uint8Array, at: number, band: number): number => bandHashOf(sig, at, band, rows);
  const sameBand = (entry: number, sig: Uint8Array, at: number): boolean => {
    const block = blockOf(entry);
    const from = offsetOf(entry) + at;
    for (let i = 0; i < rows; i++) if (block[from + i] !== sig[at + i]) return false;
    return true;
  };

  let expected = 0;
  const grow = (band: number): void => {
    const cap = Math.max(tables[band].length * GROWTH, Math.ceil(expected / PROJECTED_LOAD));
    const hashOf = (entry: number): number => bandHash(blockOf(entry), offsetOf(entry), band);
    tables[band] = rebuildBand(cap, records.size, omitted[band], hashOf);
  };

  const listed = createListedSet();
  let out: Uint32Array = new Uint32Array(64);
  let pendingEntries: Uint32Array = new Uint32Array(64);
  let pendingBands: Uint32Array = new Uint32Array(64);

  return {
    shape,
    get size() {
      return records.size;
    },
    estimate: records.estimate,
    get found() {
      return found;
    },
    expect(entries) {
      expected = Math.min(entries, MAX_ENTRIES);
    },
    get bytes() {
      let table = 0;
      for (const t of tables) table += t.byteLength;
      return records.bytes + table + omitted.length * omitted[0].byteLength;
    },
    candidates(signature, into) {
      out = into;
      found = 0;
      // Room for this signature in every band first, so the ends found below stay valid for add().
      for (let band = 0; band < bands; band++) {
        while (used[band] + 1 > tables[band].length * MAX_LOAD) grow(band);
      }
      for (let band = 0; band < bands; band++) {
        const h = bandHash(signature, 0, band);
        hashes[band] = h;
        homes[band] = home(h, tables[band].length);
      }
      // All bands' first slots are read in one tight loop: independent loads the CPU overlaps,
      // where one chain at a time would wait for each cache miss in turn.
      for (let band = 0; band < bands; band++) firsts[band] = tables[band][homes[band]];
      // The chains are walked comparing tags only; the signatures of the entries whose tag
      // matches are read afterwards, in a second loop whose misses the CPU overlaps.
      let pending = 0;
      for (let band = 0; band < bands; band++) {
        let i = homes[band];
        if (firsts[band] !== 0) {
          const table = tables[band];
          const cap = table.length;
          const tag = hashes[band] & TAG_MASK;
          for (let slot = table[i]; slot !== 0; slot = table[i]) {
            if (((slot - 1) & TAG_MASK) === tag) {
              if (pending === pendingEntries.length) {
                pendingEntries = doubled(pendingEntries);
                pendingBands = doubled(pendingBands);
              }
              pendingEntries[pending] = slotEntry(slot);
              pendingBands[pending++] = band;
            }
            i = i + 1 === cap ? 0 : i + 1;
          }
        }
        endOf[band] = i;
        sameOf[band] = 0;
      }
      // Each pending entry's record is a cache miss (two lines: 64 bytes rarely sit in one) and
      // on a large input most queries have dozens, unrelated paragraphs sharing one band by chance.
      // Touching both ends of each first, in a loop with nothing to wait for, lets the CPU fetch
      // them all at once; the comparisons below and the caller's estimates then read from cache.
      let touched = 0;
      for (let p = 0; p < pending; p++) {
        const entry = pendingEntries[p];
        const block = blockOf(entry),
          at = offsetOf(entry);
        touched += block[at] + block[at + stride - 1];
      }
      _sink ^= touched;
      // An entry met in several bands is listed once: a small set costs less than sorting the list
      // (2% of the main thread in the profile); a list too long for it is sorted instead.
      const inSet = pending <= LISTED_MAX;
      if (inSet) listed.begin();
      for (let p = 0; p < pending; p++) {
        const entry = pendingEntries[p],
          band = pendingBands[p];
        if (!sameBand(entry, signature, band * rows)) continue;
        if (sameOf[band] < 255) sameOf[band]++;
        if (inSet && !listed.add(entry)) continue;
        if (found === out.length) out = doubled(out);
        out[found++] = entry;
      }
      queried = true;
      if (!inSet && found > 1) found = sortDistinct(out, found);
      return out;
    },
    extra: records.extra,
    add(signature, extra = 0) {
      if (records.size >= MAX_ENTRIES) throw new RangeError('the near-duplicate index is full');
      if (!queried) this.candidates(signature, out);
      queried = false;
      const entry = records.store(signature, extra);
      for (let band = 0; band < bands; band++) {
        if (sameOf[band] >= BUCKET_CAP) {
          omitted[band][entry >>> 3] |= 1 << (entry & 7);
          continue;
        }
        // Within one band's table no other slot of this entry can have taken the chain's end.
        const table = tables[band];
        table[endOf[band]] = slotOf(entry, hashes[band]);
        used[band]++;
      }
      return entry;
    },
    append(signature, extra = 0) {
      if (records.size >= MAX_ENTRIES) throw new RangeError('the near-duplicate index is full');
      return records.store(signature, extra);
    },
    settle() {
      const size = records.size;
      // Scratch while loading, then dropped: the band hashes of SETTLE_GROUP bands, computed in
      // one pass over the signatures, and (entry, hash) pairs: 24 bytes per entry.
      const hs = Array.from({ length: Math.min(SETTLE_GROUP, bands) }, () => new Uint32Array(size));
      const order = new Uint32Array(2 * size);
      for (let first = 0; first < bands; first += SETTLE_GROUP) {
        const last = Math.min(bands, first + SETTLE_GROUP);
        for (let entry = 0; entry < size; entry++) {
          const block = blockOf(entry),
            at = offsetOf(entry);
          for (let band = first; band < last; band++) hs[band - first][entry] = bandHash(block, at, band);
        }
        for (let band = first; band < last; band++) {
          const cap = Math.max(tables[band].length, Math.ceil(Math.max(expected, size) / PROJECTED_LOAD));
          const from = band * rows;
          const sameBand = (a: number, b: number): boolean => {
            const blockA = blockOf(a),
              blockB = blockOf(b);
            const atA = offsetOf(a) + from,
              atB = offsetOf(b) + from;
            for (let i = 0; i < rows; i++) if (blockA[atA + i] !== blockB[atB + i]) return false;
            return true;
          };
          const built = settleBand({ cap, size, hs: hs[band - first], order, skip: omitted[band], settled, sameBand });
          tables[band] = built.table;
          used[band] = built.inserted;
        }
      }
      settled = size;
    },
  };
}
