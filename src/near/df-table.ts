// Document frequencies for near/3's IDF weights: how many distinct paragraphs of a reference
// corpus hold each character 5-gram and each word of the standard key. A fixed, shipped table
// (data/near-df.bin, built by scripts/near-df/build-df.mjs), so every run weighs the same way,
// standard input included. Owns the file format and the lookups; it never counts a run's input.
import { readFileSync } from '../fs/lossless-fs.js';
import { mix32 } from './shingles.js';
import { packageFile } from '../package-file.js';

export interface DfTable {
  /** Paragraphs (distinct keys) the counts come from: N in idf = ln((N + 1) / (DF + 1)). */
  readonly documents: number;
  gramIdf(hash: number): number;
  wordIdf(hash: number): number;
  /** Bytes the table holds in memory. */
  readonly bytes: number;
}

const MAGIC = 0x31464444; // "DDF1", little-endian
const SHIPPED = (): URL => packageFile('data/near-df.bin');

/** A word's 32-bit hash (FNV-1a over its UTF-16 code units, then mix32): the table's word key. */
export function wordHash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/**
 * The file: a header (magic, documents, gram and word entry counts, u32 each), then per kind its
 * entries sorted by hash, each a varint of the hash's distance from the previous and a varint of
 * its DF. Hashes whose DF is under `minDf` are left out: they read as DF 0. Not compressed: gzip
 * saves a tenth of it and would cost a tenth of a second at every start.
 */
export function encodeDfTable(
  documents: number,
  grams: Map<number, number>,
  words: Map<number, number>,
  minDf: number,
): Uint8Array {
  const kinds = [grams, words].map((m) => [...m].filter(([, df]) => df >= minDf).sort((a, b) => a[0] - b[0]));
  const out: number[] = [];
  const u32 = (v: number): void => {
    out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  };
  const varint = (v: number): void => {
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
  };
  u32(MAGIC);
  u32(documents);
  for (const k of kinds) u32(k.length);
  for (const k of kinds) {
    let previous = 0;
    for (const [hash, df] of k) {
      varint(hash - previous);
      varint(df);
      previous = hash;
    }
  }
  return Uint8Array.from(out);
}

export function decodeDfTable(raw: Uint8Array): DfTable {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (raw.byteLength < 16 || view.getUint32(0, true) !== MAGIC) throw new Error('not a near DF table');
  const documents = view.getUint32(4, true);
  let at = 16;
  const tables: HashTable[] = [];
  for (const count of [view.getUint32(8, true), view.getUint32(12, true)]) {
    const table = createHashTable(count);
    let hash = 0;
    // One loop with the varints read inline: this runs once per process, before the JIT warms up.
    for (let i = 0; i < count; i++) {
      let delta = 0,
        scale = 1,
        b = 0x80;
      while (b & 0x80) {
        b = raw[at++];
        delta += (b & 0x7f) * scale;
        scale *= 128;
      }
      let df = 0;
      scale = 1;
      b = 0x80;
      while (b & 0x80) {
        b = raw[at++];
        df += (b & 0x7f) * scale;
        scale *= 128;
      }
      hash += delta;
      table.set(hash, df);
    }
    tables.push(table);
  }
  // idf by DF for the common small counts, so a lookup rarely takes a logarithm.
  const top = Math.log(documents + 1);
  const small = Float64Array.from({ length: 1024 }, (_, df) => top - Math.log(df + 1));
  const idf = (df: number): number => (df < 1024 ? small[df] : top - Math.log(df + 1));
  return {
    documents,
    gramIdf: (hash) => idf(tables[0].get(hash)),
    wordIdf: (hash) => idf(tables[1].get(hash)),
    bytes: tables[0].bytes + tables[1].bytes,
  };
}

let shipped: DfTable | undefined;

/** The table shipped with dedupe, read once per process. */
export function shippedDfTable(): DfTable {
  shipped ??= decodeDfTable(readFileSync(SHIPPED()));
  return shipped;
}

interface HashTable {
  set(hash: number, df: number): void;
  get(hash: number): number;
  readonly bytes: number;
}

// Open addressing on the 32-bit hash itself (0 marks an empty slot, so hash 0 is stored as 1).
// The hashes are already mixed (mix32): their high bits are the home slot, so the sorted entries
// of the file fill the table front to back.
function createHashTable(count: number): HashTable {
  let bits = 4;
  while (1 << bits < count * 2) bits++;
  const cap = 1 << bits;
  const keys = new Uint32Array(cap);
  const dfs = new Uint16Array(cap);
  const mask = cap - 1;
  const slotOf = (key: number): number => {
    let i = key >>> (32 - bits);
    while (keys[i] !== 0 && keys[i] !== key) i = (i + 1) & mask;
    return i;
  };
  return {
    set(hash, df) {
      const key = hash === 0 ? 1 : hash;
      const i = slotOf(key);
      keys[i] = key;
      dfs[i] = Math.min(df, 0xffff);
    },
    get(hash) {
      return dfs[slotOf(hash === 0 ? 1 : hash)];
    },
    bytes: cap * 6,
  };
}
