// One LSH band's table as near-index.ts lays it out: an open-addressing multimap whose slots hold an
// entry number and a tag of the band value's hash, the bulk load that writes a whole table at once
// (an index's near records, before any query), and a query's list made distinct. It reads
// signatures only through the callback it is handed: the records and band hashing stay with the index.

// Templated text fills a band value with hundreds of entries; beyond this many per value the
// band adds nothing a query could use (its candidates would be checked in vain), so it is not
// stored again, which also keeps probe chains short.
export const BUCKET_CAP = 8;
// A slot holds its entry and a few bits of its band value's hash: a chain is walked comparing
// tags, and only a matching tag (1 in 64 otherwise) costs a read of the entry's signature.
export const TAG_BITS = 6;
export const TAG_MASK = (1 << TAG_BITS) - 1;
export const PROJECTED_LOAD = 0.5;

// The home comes from the hash's high bits, the tag from its low bits: independent of each other.
export const home = (hash: number, cap: number): number => Math.floor((hash / 4294967296) * cap);
export const slotOf = (entry: number, hash: number): number => ((entry << TAG_BITS) | (hash & TAG_MASK)) + 1;
export const slotEntry = (slot: number): number => (slot - 1) >>> TAG_BITS;

/** The hash of band `band` of the signature at sig[at..]: `rows` values from band x rows on. */
export function bandHashOf(sig: Uint8Array, at: number, band: number, rows: number): number {
  let h = Math.imul(band + 1, 0x9e3779b1);
  const start = at + band * rows;
  for (let i = 0; i < rows; i++) h = Math.imul(h ^ sig[start + i], 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

/**
 * A table of `cap` slots holding every entry the band does not leave out, rebuilt from the entries
 * in order: their signatures are read front to back (the hardware streams them), where moving the
 * old table's slots would read one signature at random per slot.
 */
export function rebuildBand(
  cap: number,
  size: number,
  skip: Uint8Array,
  hashOf: (entry: number) => number,
): Uint32Array {
  const table = new Uint32Array(cap);
  for (let entry = 0; entry < size; entry++) {
    if ((skip[entry >>> 3] & (1 << (entry & 7))) !== 0) continue;
    const h = hashOf(entry);
    let i = home(h, cap);
    while (table[i] !== 0) i = i + 1 === cap ? 0 : i + 1;
    table[i] = slotOf(entry, h);
  }
  return table;
}

// A bulk load sorts entries by the top bits of their band hash (their home's region) first.
const RADIX_BITS = 12;
const RADIX = 1 << RADIX_BITS;

export interface SettleBand {
  /** Slots of the new table. */
  readonly cap: number;
  /** Entries 0..size-1; `hs[e]` is entry e's hash in this band. */
  readonly size: number;
  readonly hs: Uint32Array;
  /** Scratch of 2 x size words. */
  readonly order: Uint32Array;
  /** One bit per entry this band leaves out; set here for entries over the bucket cap. */
  readonly skip: Uint8Array;
  /** Entries below this had their bucket cap decided before: they are inserted without counting. */
  readonly settled: number;
  /** Whether two entries agree on this band's values. */
  sameBand(a: number, b: number): boolean;
}

/**
 * Builds one band's table with every entry: the entries' band hashes are read front to back and
 * put in order of their home's top bits (a stable counting sort, so entries with one band value
 * stay in entry order and the bucket cap keeps the first ones, as the index's add() does); the
 * table is then written region by region, where entry order would write it at random.
 */
export function settleBand(s: SettleBand): { table: Uint32Array; inserted: number } {
  const { cap, size, hs, order, skip, settled } = s;
  const table = new Uint32Array(cap);
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
        if (hs[other] === h && s.sameBand(other, entry)) same++;
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
  return { table, inserted };
}

// A query's list is made distinct in a set of this many slots while it has at most half as many
// entries to list (nearly always: a dozen on a large input).
const LISTED_BITS = 7;
const LISTED_SLOTS = 1 << LISTED_BITS;
export const LISTED_MAX = LISTED_SLOTS / 2;

/** The entries one query has listed so far: begin() empties it, add() says whether an entry is new. */
export interface ListedSet {
  begin(): void;
  add(entry: number): boolean;
}

/** A set of at most LISTED_MAX entries, emptied by a new stamp rather than by clearing it. */
export function createListedSet(): ListedSet {
  const entries = new Uint32Array(LISTED_SLOTS);
  const stamps = new Uint32Array(LISTED_SLOTS);
  let stamp = 0;
  return {
    begin() {
      stamp = (stamp + 1) >>> 0;
      if (stamp === 0) {
        stamps.fill(0);
        stamp = 1;
      }
    },
    add(entry) {
      let i = Math.imul(entry, 0x9e3779b1) >>> (32 - LISTED_BITS);
      while (stamps[i] === stamp) {
        if (entries[i] === entry) return false;
        i = (i + 1) & (LISTED_SLOTS - 1);
      }
      stamps[i] = stamp;
      entries[i] = entry;
      return true;
    },
  };
}

/** The first `count` entries of a query's list sorted, each kept once; returns how many remain. */
export function sortDistinct(list: Uint32Array, count: number): number {
  // Usually a handful: an insertion sort in place beats a subarray and a library sort.
  if (count <= 32) {
    for (let k = 1; k < count; k++) {
      const v = list[k];
      let j = k - 1;
      while (j >= 0 && list[j] > v) {
        list[j + 1] = list[j];
        j--;
      }
      list[j + 1] = v;
    }
  } else {
    list.subarray(0, count).sort();
  }
  let distinct = 0;
  for (let k = 0; k < count; k++) if (k === 0 || list[k] !== list[k - 1]) list[distinct++] = list[k];
  return distinct;
}

export const doubled = (a: Uint32Array): Uint32Array => {
  const bigger = new Uint32Array(a.length * 2);
  bigger.set(a);
  return bigger;
};

/** A band's bits of omitted entries, twice as long (the records gained a block). */
export const widened = (bits: Uint8Array): Uint8Array => {
  const wider = new Uint8Array(bits.length * 2);
  wider.set(bits);
  return wider;
};
