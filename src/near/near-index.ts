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
  /** Appends an entry and returns its number. */
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
const GROWTH = 1.5;
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

  const place = (table: Uint32Array, cap: number, slot: number, hash: number): void => {
    let i = home(hash, cap);
    while (table[i] !== 0) i = i + 1 === cap ? 0 : i + 1;
    table[i] = slot;
  };

  const grow = (): void => {
    const next = Math.ceil(capacity * GROWTH);
    const table = new Uint32Array(next);
    for (let i = 0; i < capacity; i++) {
      const slot = slots[i];
      if (slot === 0) continue;
      const entry = (slot - 1) >>> BAND_BITS;
      const band = (slot - 1) & (MAX_BANDS - 1);
      place(table, next, slot, bandHash(signatures, entry * length, band));
    }
    slots = table;
    capacity = next;
  };

  return {
    shape,
    get size() { return size; },
    get signatures() { return signatures; },
    get found() { return found; },
    get bytes() { return signatures.byteLength + slots.byteLength; },
    add(signature) {
      if (size >= MAX_ENTRIES) throw new RangeError('the near-duplicate index is full');
      if ((size + 1) * length > signatures.length) {
        const bigger = new Uint8Array(Math.ceil(signatures.length * GROWTH));
        bigger.set(signatures);
        signatures = bigger;
      }
      const entry = size++;
      const at = entry * length;
      signatures.set(signature.subarray(0, length), at);
      for (let band = 0; band < bands; band++) {
        if (used + 1 > capacity * MAX_LOAD) grow();
        const hash = bandHash(signatures, at, band);
        let i = home(hash, capacity);
        let same = 0;
        for (let slot = slots[i]; slot !== 0; slot = slots[i]) {
          if (((slot - 1) & (MAX_BANDS - 1)) === band && sameBand(signatures, ((slot - 1) >>> BAND_BITS) * length + band * rows, signatures, at + band * rows)) same++;
          i = i + 1 === capacity ? 0 : i + 1;
        }
        if (same >= BUCKET_CAP) continue;
        slots[i] = ((entry << BAND_BITS) | band) + 1;
        used++;
      }
      return entry;
    },
    candidates(signature, out) {
      found = 0;
      for (let band = 0; band < bands; band++) {
        let i = home(bandHash(signature, 0, band), capacity);
        for (let slot = slots[i]; slot !== 0; slot = slots[i]) {
          if (((slot - 1) & (MAX_BANDS - 1)) === band) {
            const entry = (slot - 1) >>> BAND_BITS;
            if (sameBand(signatures, entry * length + band * rows, signature, band * rows)) {
              if (found === out.length) { const bigger = new Uint32Array(out.length * 2); bigger.set(out); out = bigger; }
              out[found++] = entry;
            }
          }
          i = i + 1 === capacity ? 0 : i + 1;
        }
      }
      if (found > 1) {
        const list = out.subarray(0, found).sort();
        let distinct = 0;
        for (let k = 0; k < found; k++) if (k === 0 || list[k] !== list[k - 1]) out[distinct++] = list[k];
        found = distinct;
      }
      return out;
    },
  };
}
