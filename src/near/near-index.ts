// The near-duplicate index: the MinHash signature of every kept long paragraph, and per LSH band
// an open-addressing multimap (slot = entry number and a tag of the band value's hash) that finds
// the entries agreeing with a query on at least one whole band. Typed arrays only: about
// bands x 4 / load bytes of table plus a record per entry: its signature padded to whole 32-bit
// words, then one word the caller chooses (64 bytes for 60 values).

import { estimateSimilarity, estimateSimilarityWords } from './signature.js';

export interface NearIndexShape {
  readonly bands: number;
  readonly rows: number;
  /** Values per signature: at least bands x rows (band b is values b x rows onwards). */
  readonly length: number;
}

export interface NearIndex {
  readonly shape: NearIndexShape;
  readonly size: number;
  /** The block holding entry e's signature, at signatureOffset(e); blocks never move. */
  signatureBlock(entry: number): Uint8Array;
  signatureOffset(entry: number): number;
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
   * Entries sharing at least one band with the signature, each once, in ascending order, written
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
const PROJECTED_LOAD = 0.5;
// Templated text fills a band value with hundreds of entries; beyond this many per value the
// band adds nothing a query could use (its candidates would be checked in vain), so it is not
// stored again, which also keeps probe chains short.
const BUCKET_CAP = 8;
// A slot holds its entry and a few bits of its band value's hash: a chain is walked comparing
// tags, and only a matching tag (1 in 64 otherwise) costs a read of the entry's signature.
const TAG_BITS = 6;
const TAG_MASK = (1 << TAG_BITS) - 1;
export const MAX_BANDS = 64;
export const MAX_ENTRIES = 2 ** (32 - TAG_BITS) - 2;
// Signatures live in fixed blocks that never move: no doubling copy, at most one block unused.
const BLOCK_BITS = 12;
const BLOCK_ENTRIES = 1 << BLOCK_BITS;
// A bulk load sorts entries by the top bits of their band hash (their home's region) first.
const RADIX_BITS = 12;
const RADIX = 1 << RADIX_BITS;
const SETTLE_GROUP = 4;
// Where the prefetching loads in candidates() leave their sum, so the compiler keeps them.
let _sink = 0;

export function createNearIndex(shape: NearIndexShape): NearIndex {
  const { bands, rows, length } = shape;
  if (bands < 1 || bands > MAX_BANDS || rows < 1 || bands * rows > length) throw new RangeError('bad LSH shape');
  const blocks: Uint8Array[] = [];
  // The same blocks four values at a time (when a signature is whole words), for estimate().
  const wordBlocks: Uint32Array[] = [];
  const wordLength = length % 4 === 0 ? length / 4 : 0;
  // Each entry's record: its signature, padded to whole words, then its `extra` word (64 bytes
  // for 60 values: the matcher's length check reads the line the estimate just read).
  const wordStride = Math.ceil(length / 4) + 1;
  const stride = 4 * wordStride;
  let queryBytes: Uint8Array | undefined;
  let queryWords: Uint32Array = new Uint32Array(0);
  let size = 0;
  // One table per band, each growing on its own: a growth holds an old and a new copy of one
  // band's table, never of all of them (at ten million paragraphs that would be a transient
  // gigabyte on top of the index).
  const tables: Uint32Array[] = Array.from({ length: bands }, () => new Uint32Array(1 << 8));
  const used = new Uint32Array(bands);
  // Per band, one bit per entry the band left out (its value already held BUCKET_CAP entries): a
  // rebuild re-inserts every other entry, in entry order, without comparing any band values.
  let omitted: Uint8Array[] = Array.from({ length: bands }, () => new Uint8Array(BLOCK_ENTRIES / 8));
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

  const blockOf = (entry: number): Uint8Array => blocks[entry >>> BLOCK_BITS];
  const offsetOf = (entry: number): number => (entry & (BLOCK_ENTRIES - 1)) * stride;
  const bandHash = (sig: Uint8Array, at: number, band: number): number => {
    let h = Math.imul(band + 1, 0x9e3779b1);
    const start = at + band * rows;
    for (let i = 0; i < rows; i++) h = Math.imul(h ^ sig[start + i], 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h >>> 0;
  };
  // The home comes from the hash's high bits, the tag from its low bits: independent of each other.
  const home = (hash: number, cap: number): number => Math.floor((hash / 4294967296) * cap);
  const slotOf = (entry: number, hash: number): number => ((entry << TAG_BITS) | (hash & TAG_MASK)) + 1;
  const slotEntry = (slot: number): number => (slot - 1) >>> TAG_BITS;
  const sameBand = (entry: number, sig: Uint8Array, at: number): boolean => {
    const block = blockOf(entry);
    const from = offsetOf(entry) + at;
    for (let i = 0; i < rows; i++) if (block[from + i] !== sig[at + i]) return false;
    return true;
  };

  // Rebuilt from the entries in order: their signatures are read front to back (the hardware
  // streams them), where moving the old table's slots would read one signature at random per slot.
  let expected = 0;
  const grow = (band: number): void => {
    const cap = Math.max(tables[band].length * GROWTH, Math.ceil(expected / PROJECTED_LOAD));
    const table = new Uint32Array(cap);
    const skip = omitted[band];
    for (let entry = 0; entry < size; entry++) {
      if ((skip[entry >>> 3] & (1 << (entry & 7))) !== 0) continue;
      const h = bandHash(blockOf(entry), offsetOf(entry), band);
      let i = home(h, cap);
      while (table[i] !== 0) i = i + 1 === cap ? 0 : i + 1;
      table[i] = slotOf(entry, h);
    }
    tables[band] = table;
  };

  let out: Uint32Array = new Uint32Array(64);
  let pendingEntries: Uint32Array = new Uint32Array(64);
  let pendingBands: Uint32Array = new Uint32Array(64);
  const grown = (a: Uint32Array): Uint32Array => {
    const bigger = new Uint32Array(a.length * 2);
    bigger.set(a);
    return bigger;
  };

  return {
    shape,
    get size() {
      return size;
    },
    signatureBlock: blockOf,
    signatureOffset: offsetOf,
    estimate(entry, signature) {
      const words = wordsOf(signature);
      if (words === undefined) return estimateSimilarity(blockOf(entry), offsetOf(entry), signature, 0, length);
      const at = (entry & (BLOCK_ENTRIES - 1)) * wordStride;
      return estimateSimilarityWords(wordBlocks[entry >>> BLOCK_BITS], at, words, 0, wordLength);
    },
    get found() {
      return found;
    },
    expect(entries) {
      expected = Math.min(entries, MAX_ENTRIES);
    },
    get bytes() {
      let table = 0;
      for (const t of tables) table += t.byteLength;
      return blocks.length * BLOCK_ENTRIES * stride + table + omitted.length * omitted[0].byteLength;
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
                pendingEntries = grown(pendingEntries);
                pendingBands = grown(pendingBands);
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
      for (let p = 0; p < pending; p++) {
        const entry = pendingEntries[p],
          band = pendingBands[p];
        if (!sameBand(entry, signature, band * rows)) continue;
        if (sameOf[band] < 255) sameOf[band]++;
        if (found === out.length) out = grown(out);
        out[found++] = entry;
      }
      queried = true;
      if (found > 1) {
        // Usually a handful: an insertion sort in place beats a subarray and a library sort.
        if (found <= 32) {
          for (let k = 1; k < found; k++) {
            const v = out[k];
            let j = k - 1;
            while (j >= 0 && out[j] > v) {
              out[j + 1] = out[j];
              j--;
            }
            out[j + 1] = v;
          }
        } else {
          out.subarray(0, found).sort();
        }
        const list = out;
        let distinct = 0;
        for (let k = 0; k < found; k++) if (k === 0 || list[k] !== list[k - 1]) out[distinct++] = list[k];
        found = distinct;
      }
      return out;
    },
    extra: (entry) => wordBlocks[entry >>> BLOCK_BITS][(entry & (BLOCK_ENTRIES - 1)) * wordStride + wordStride - 1],
    add(signature, extra = 0) {
      if (size >= MAX_ENTRIES) throw new RangeError('the near-duplicate index is full');
      if (!queried) this.candidates(signature, out);
      queried = false;
      const entry = store(signature, extra);
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
      if (size >= MAX_ENTRIES) throw new RangeError('the near-duplicate index is full');
      return store(signature, extra);
    },
    settle() {
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
        for (let band = first; band < last; band++) settleBand(band, hs[band - first], order);
      }
      settled = size;
    },
  };

  // The query's signature four values at a time (the matcher passes the same array every time).
  function wordsOf(signature: Uint8Array): Uint32Array | undefined {
    if (wordLength === 0 || signature.byteOffset % 4 !== 0 || signature.length < length) return undefined;
    if (signature !== queryBytes) {
      queryBytes = signature;
      queryWords = new Uint32Array(signature.buffer, signature.byteOffset, wordLength);
    }
    return queryWords;
  }

  function store(signature: Uint8Array, extra: number): number {
    const entry = size++;
    if (entry >>> BLOCK_BITS === blocks.length) {
      const block = new Uint8Array(BLOCK_ENTRIES * stride);
      blocks.push(block);
      wordBlocks.push(new Uint32Array(block.buffer));
      if (blocks.length * BLOCK_ENTRIES > omitted[0].length * 8) {
        omitted = omitted.map((bits) => {
          const wider = new Uint8Array(bits.length * 2);
          wider.set(bits);
          return wider;
        });
      }
    }
    const words = wordsOf(signature);
    const block = wordBlocks[entry >>> BLOCK_BITS];
    const at = (entry & (BLOCK_ENTRIES - 1)) * wordStride;
    if (words === undefined) {
      blockOf(entry).set(signature.length === length ? signature : signature.subarray(0, length), offsetOf(entry));
    } else {
      // A plain loop: set() is a call into the runtime, which costs more than 15 stores.
      for (let i = 0; i < wordLength; i++) block[at + i] = words[i];
    }
    block[at + wordStride - 1] = extra;
    return entry;
  }

  function sameBandOf(a: number, b: number, band: number): boolean {
    const blockA = blockOf(a),
      blockB = blockOf(b);
    const fromA = offsetOf(a) + band * rows,
      fromB = offsetOf(b) + band * rows;
    for (let i = 0; i < rows; i++) if (blockA[fromA + i] !== blockB[fromB + i]) return false;
    return true;
  }

  // Rebuilds one band's table with every entry (a bulk load): the entries' band hashes are read
  // front to back and put in order of their home's top bits (a stable counting sort, so entries
  // with one band value stay in entry order and the bucket cap keeps the first ones, as add()
  // does); the table is then written region by region, where entry order would write it at random.
  function settleBand(band: number, hs: Uint32Array, order: Uint32Array): void {
    const cap = Math.max(tables[band].length, Math.ceil(Math.max(expected, size) / PROJECTED_LOAD));
    const table = new Uint32Array(cap);
    const skip = omitted[band];
    const counts = new Uint32Array(RADIX + 1);
    for (let entry = 0; entry < size; entry++) {
      if ((skip[entry >>> 3] & (1 << (entry & 7))) === 0) counts[(hs[entry] >>> (32 - RADIX_BITS)) + 1]++;
    }
    for (let r = 1; r <= RADIX; r++) counts[r] += counts[r - 1];
    const listed = counts[RADIX];
    // Entry and hash side by side: the insertion loop then reads one array front to back.
    for (let entry = 0; entry < size; entry++) {
      if ((skip[entry >>> 3] & (1 << (entry & 7))) !== 0) continue;
      const at = 2 * counts[hs[entry] >>> (32 - RADIX_BITS)]++;
      order[at] = entry;
      order[at + 1] = hs[entry];
    }
    let inserted = 0;
    for (let k = 0; k < 2 * listed; k += 2) {
      const entry = order[k];
      const h = order[k + 1];
      let i = home(h, cap);
      let same = 0;
      for (let slot = table[i]; slot !== 0; slot = table[i]) {
        // The whole band hash of every entry is at hand: signatures are compared only when it agrees.
        if (entry >= settled && ((slot - 1) & TAG_MASK) === (h & TAG_MASK)) {
          const other = slotEntry(slot);
          if (hs[other] === h && sameBandOf(other, entry, band)) same++;
        }
        i = i + 1 === cap ? 0 : i + 1;
      }
      if (same >= BUCKET_CAP) {
        skip[entry >>> 3] |= 1 << (entry & 7);
        continue;
      }
      table[i] = slotOf(entry, h);
      inserted++;
    }
    tables[band] = table;
    used[band] = inserted;
  }
}
