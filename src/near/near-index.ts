// The near-duplicate index: the MinHash signature of every kept long paragraph, and one
// open-addressing multimap over all LSH bands (slot = entry number and band) that finds the
// entries agreeing with a query on at least one whole band. Typed arrays only: about
// bands x 4 / load bytes of table plus `length` bytes of signature per entry.

export interface NearIndexShape {
  readonly bands: number;
  readonly rows: number;
}

export interface NearIndex {
  readonly shape: NearIndexShape;
  readonly size: number;
  /** The block holding entry e's signature, at signatureOffset(e); blocks never move. */
  signatureBlock(entry: number): Uint8Array;
  signatureOffset(entry: number): number;
  /** Appends an entry and returns its number: call it right after candidates() with the same signature. */
  add(signature: Uint8Array): number;
  /**
   * Entries sharing at least one band with the signature, each once, in ascending order, written
   * into `out` (grown if needed; returned). Returns the array and the count via `found`.
   */
  candidates(signature: Uint8Array, out: Uint32Array): Uint32Array;
  readonly found: number;
  /** Bytes held by the index, for the benchmark's bytes-per-paragraph figure. */
  readonly bytes: number;
}

const MAX_LOAD = 0.7;
const GROWTH = 2;
// Templated text fills a band value with hundreds of entries; beyond this many per value the
// band adds nothing a query could use (its candidates would be checked in vain), so it is not
// stored again, which also keeps probe chains short.
const BUCKET_CAP = 8;
const BAND_BITS = 6;
export const MAX_BANDS = 1 << BAND_BITS;
export const MAX_ENTRIES = 2 ** (32 - BAND_BITS) - 2;
// The table is cut by the top bits of the band hash into segments that grow one at a time, so a
// growth holds an old and a new copy of one segment, not of the whole table: at ten million
// paragraphs a whole-table copy would be a transient gigabyte on top of the index.
const SEGMENT_BITS = 4;
const SEGMENTS = 1 << SEGMENT_BITS;
const SEGMENT_SHIFT = 32 - SEGMENT_BITS;
const SEGMENT_SPAN = 2 ** SEGMENT_SHIFT;
// Signatures live in fixed blocks that never move: no doubling copy, at most one block unused.
const BLOCK_BITS = 12;
const BLOCK_ENTRIES = 1 << BLOCK_BITS;

export function createNearIndex(shape: NearIndexShape): NearIndex {
  const { bands, rows } = shape;
  if (bands < 1 || bands > MAX_BANDS || rows < 1) throw new RangeError('bad LSH shape');
  const length = bands * rows;
  const blocks: Uint8Array[] = [];
  let size = 0;
  const tables: Uint32Array[] = Array.from({ length: SEGMENTS }, () => new Uint32Array(1 << 8));
  const used = new Uint32Array(SEGMENTS);
  let found = 0;
  // Where the last query's probe for each band ended (an empty slot), and how many entries it
  // passed with the same band value: add() after candidates() inserts there without probing again.
  const endOf = new Int32Array(bands);
  const sameOf = new Uint8Array(bands);
  const segOf = new Uint8Array(bands);
  const homes = new Int32Array(bands);
  const firsts = new Uint32Array(bands);
  const hashes = new Uint32Array(bands);
  let queried = false;

  const blockOf = (entry: number): Uint8Array => blocks[entry >>> BLOCK_BITS];
  const offsetOf = (entry: number): number => (entry & (BLOCK_ENTRIES - 1)) * length;
  const bandHash = (sig: Uint8Array, at: number, band: number): number => {
    let h = Math.imul(band + 1, 0x9e3779b1);
    const start = at + band * rows;
    for (let i = 0; i < rows; i++) h = Math.imul(h ^ sig[start + i], 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h >>> 0;
  };
  const segmentOf = (hash: number): number => hash >>> SEGMENT_SHIFT;
  const home = (hash: number, cap: number): number => Math.floor(((hash % SEGMENT_SPAN) / SEGMENT_SPAN) * cap);
  const sameBand = (entry: number, sig: Uint8Array, at: number): boolean => {
    const block = blockOf(entry);
    const from = offsetOf(entry) + at;
    for (let i = 0; i < rows; i++) if (block[from + i] !== sig[at + i]) return false;
    return true;
  };
  const slotBand = (slot: number): number => (slot - 1) & (MAX_BANDS - 1);
  const slotEntry = (slot: number): number => (slot - 1) >>> BAND_BITS;

  // Walks one band's probe chain in its segment: calls back for each entry with the same band
  // value, returns the empty slot that ends the chain (and the count of them in `sameCount`).
  let sameCount = 0;
  const probe = (table: Uint32Array, start: number, sig: Uint8Array, band: number, onSame: ((entry: number) => void) | undefined): number => {
    const cap = table.length;
    let i = start;
    sameCount = 0;
    for (let slot = table[i]; slot !== 0; slot = table[i]) {
      if (slotBand(slot) === band && sameBand(slotEntry(slot), sig, band * rows)) {
        sameCount++;
        onSame?.(slotEntry(slot));
      }
      i = i + 1 === cap ? 0 : i + 1;
    }
    return i;
  };

  // The old segment already holds exactly the slots the bucket cap let in, so they move as they
  // are, in slot order (deterministic), each to its home in the larger segment.
  const grow = (segment: number): void => {
    const old = tables[segment];
    const cap = old.length * GROWTH;
    const table = new Uint32Array(cap);
    for (let k = 0; k < old.length; k++) {
      const slot = old[k];
      if (slot === 0) continue;
      const entry = slotEntry(slot);
      let i = home(bandHash(blockOf(entry), offsetOf(entry), slotBand(slot)), cap);
      while (table[i] !== 0) i = i + 1 === cap ? 0 : i + 1;
      table[i] = slot;
    }
    tables[segment] = table;
  };

  let out: Uint32Array = new Uint32Array(64);
  const collect = (entry: number): void => {
    if (found === out.length) { const bigger = new Uint32Array(out.length * 2); bigger.set(out); out = bigger; }
    out[found++] = entry;
  };

  return {
    shape,
    get size() { return size; },
    signatureBlock: blockOf,
    signatureOffset: offsetOf,
    get found() { return found; },
    get bytes() {
      let table = 0;
      for (const t of tables) table += t.byteLength;
      return blocks.length * BLOCK_ENTRIES * length + table;
    },
    candidates(signature, into) {
      out = into;
      found = 0;
      for (let band = 0; band < bands; band++) {
        const h = bandHash(signature, 0, band);
        hashes[band] = h;
        segOf[band] = segmentOf(h);
      }
      // Room for this signature's bands first, so the ends found below stay valid for add().
      for (let band = 0; band < bands; band++) {
        const seg = segOf[band];
        while (used[seg] + bands > tables[seg].length * MAX_LOAD) grow(seg);
      }
      // All bands' first slots are read in one tight loop: independent loads the CPU overlaps,
      // where one chain at a time would wait for each cache miss in turn.
      for (let band = 0; band < bands; band++) homes[band] = home(hashes[band], tables[segOf[band]].length);
      for (let band = 0; band < bands; band++) firsts[band] = tables[segOf[band]][homes[band]];
      for (let band = 0; band < bands; band++) {
        if (firsts[band] === 0) { endOf[band] = homes[band]; sameOf[band] = 0; continue; }
        endOf[band] = probe(tables[segOf[band]], homes[band], signature, band, collect);
        sameOf[band] = Math.min(255, sameCount);
      }
      queried = true;
      if (found > 1) {
        const list = out.subarray(0, found).sort();
        let distinct = 0;
        for (let k = 0; k < found; k++) if (k === 0 || list[k] !== list[k - 1]) out[distinct++] = list[k];
        found = distinct;
      }
      return out;
    },
    add(signature) {
      if (size >= MAX_ENTRIES) throw new RangeError('the near-duplicate index is full');
      if (!queried) this.candidates(signature, out);
      queried = false;
      const entry = size++;
      if ((entry >>> BLOCK_BITS) === blocks.length) blocks.push(new Uint8Array(BLOCK_ENTRIES * length));
      blockOf(entry).set(signature.subarray(0, length), offsetOf(entry));
      for (let band = 0; band < bands; band++) {
        if (sameOf[band] >= BUCKET_CAP) continue;
        // An earlier band of this entry may have taken the slot this band's chain ended on.
        const table = tables[segOf[band]];
        const cap = table.length;
        let i = endOf[band];
        while (table[i] !== 0) i = i + 1 === cap ? 0 : i + 1;
        table[i] = ((entry << BAND_BITS) | band) + 1;
        used[segOf[band]]++;
      }
      return entry;
    },
  };
}
