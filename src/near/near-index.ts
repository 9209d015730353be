// The near-duplicate index: the MinHash signature of every kept long paragraph, and one
// open-addressing multimap over all LSH bands (slot = entry number and band) that finds the
// entries agreeing with a query on at least one whole band. Typed arrays only: about
// bands x 7 bytes of table plus `length` bytes of signature per entry.

export interface NearIndexShape {
  readonly bands: number;
  readonly rows: number;
}

export interface NearIndex {
  readonly shape: NearIndexShape;
  readonly size: number;
  /** Signature storage: entry e's values are signatures[e * length ... + length). Re-read after add. */
  readonly signatures: Uint8Array;
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

export function createNearIndex(shape: NearIndexShape): NearIndex {
  const { bands, rows } = shape;
  if (bands < 1 || bands > MAX_BANDS || rows < 1) throw new RangeError('bad LSH shape');
  const length = bands * rows;
  let signatures = new Uint8Array(length * 1024);
  let size = 0;
  let capacity = 1 << 12;
  let slots = new Uint32Array(capacity);
  let used = 0;
  let found = 0;
  // Where the last query's probe for each band ended (an empty slot), and how many entries it
  // passed with the same band value: add() after candidates() inserts there without probing again.
  const endOf = new Int32Array(bands);
  const sameOf = new Uint8Array(bands);
  const homes = new Int32Array(bands);
  const firsts = new Uint32Array(bands);
  let queried = false;

  const bandHash = (sig: Uint8Array, at: number, band: number): number => {
    let h = Math.imul(band + 1, 0x9e3779b1);
    const start = at + band * rows;
    for (let i = 0; i < rows; i++) h = Math.imul(h ^ sig[start + i], 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h >>> 0;
  };
  const home = (hash: number, cap: number): number => Math.floor((hash / 4294967296) * cap);
  const sameBand = (a: Uint8Array, aAt: number, b: Uint8Array, bAt: number): boolean => {
    for (let i = 0; i < rows; i++) if (a[aAt + i] !== b[bAt + i]) return false;
    return true;
  };
  const slotBand = (slot: number): number => (slot - 1) & (MAX_BANDS - 1);
  const slotEntry = (slot: number): number => (slot - 1) >>> BAND_BITS;

  // Walks one band's probe chain: calls back for each entry with the same band value, returns
  // the empty slot that ends the chain (and the count of same-valued entries in `sameCount`).
  let sameCount = 0;
  const probe = (table: Uint32Array, cap: number, sig: Uint8Array, at: number, band: number, onSame: ((entry: number) => void) | undefined): number => {
    let i = home(bandHash(sig, at, band), cap);
    sameCount = 0;
    for (let slot = table[i]; slot !== 0; slot = table[i]) {
      if (slotBand(slot) === band && sameBand(signatures, slotEntry(slot) * length + band * rows, sig, at + band * rows)) {
        sameCount++;
        onSame?.(slotEntry(slot));
      }
      i = i + 1 === cap ? 0 : i + 1;
    }
    return i;
  };

  // Rebuilt entry by entry: signatures are read in order, and the bucket cap applies as it did.
  const grow = (): void => {
    const next = capacity * GROWTH;
    const table = new Uint32Array(next);
    let placed = 0;
    for (let entry = 0; entry < size; entry++) {
      for (let band = 0; band < bands; band++) {
        const at = probe(table, next, signatures, entry * length, band, undefined);
        if (sameCount >= BUCKET_CAP) continue;
        table[at] = ((entry << BAND_BITS) | band) + 1;
        placed++;
      }
    }
    slots = table;
    capacity = next;
    used = placed;
  };

  let out: Uint32Array = new Uint32Array(64);
  const collect = (entry: number): void => {
    if (found === out.length) { const bigger = new Uint32Array(out.length * 2); bigger.set(out); out = bigger; }
    out[found++] = entry;
  };

  return {
    shape,
    get size() { return size; },
    get signatures() { return signatures; },
    get found() { return found; },
    get bytes() { return signatures.byteLength + slots.byteLength; },
    candidates(signature, into) {
      // Room for this signature's bands first, so the ends found below stay valid for add().
      while (used + bands > capacity * MAX_LOAD) grow();
      out = into;
      found = 0;
      // All bands' first slots are read in one tight loop: independent loads the CPU overlaps,
      // where one chain at a time would wait for each cache miss in turn.
      for (let band = 0; band < bands; band++) homes[band] = home(bandHash(signature, 0, band), capacity);
      for (let band = 0; band < bands; band++) firsts[band] = slots[homes[band]];
      for (let band = 0; band < bands; band++) {
        if (firsts[band] === 0) { endOf[band] = homes[band]; sameOf[band] = 0; continue; }
        endOf[band] = probe(slots, capacity, signature, 0, band, collect);
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
      if ((size + 1) * length > signatures.length) {
        const bigger = new Uint8Array(signatures.length * 2);
        bigger.set(signatures);
        signatures = bigger;
      }
      const entry = size++;
      signatures.set(signature.subarray(0, length), entry * length);
      for (let band = 0; band < bands; band++) {
        if (sameOf[band] >= BUCKET_CAP) continue;
        // An earlier band of this entry may have taken the slot this band's chain ended on.
        let i = endOf[band];
        while (slots[i] !== 0) i = i + 1 === capacity ? 0 : i + 1;
        slots[i] = ((entry << BAND_BITS) | band) + 1;
        used++;
      }
      return entry;
    },
  };
}
