// The near index's records: every entry's MinHash signature, padded to whole 32-bit words, then one
// word the caller chooses (64 bytes for 60 values), in fixed blocks that never move once whole. It
// owns the signature estimate against a query; which entries a query meets is the band tables'
// business (near-index.ts), and nothing here knows of bands.
import { estimateSimilarity, estimateSimilarityWords } from './signature.js';

// Signatures live in fixed blocks that never move: no doubling copy, at most one block unused.
// A block is 8 MiB (64-byte records): large enough that most of it lies in whole 2 MiB pages when
// the run has huge pages (cli/huge-pages.ts), where the records a query reads at random each cost a
// TLB miss on 4 KiB pages (0.77x the index's CPU against 256 KiB blocks, on 256 MiB of lines).
export const BLOCK_BITS = 17;
export const BLOCK_ENTRIES = 1 << BLOCK_BITS;
// The first block alone starts at this many entries and doubles until whole: a small input's
// index stays small (no block is read across a store(), so a copy is safe).
const FIRST_BLOCK_ENTRIES = 1 << 12;

export interface NearRecords {
  readonly size: number;
  /** Bytes per record: the signature padded to whole words, then the extra word. */
  readonly stride: number;
  blockOf(entry: number): Uint8Array;
  offsetOf(entry: number): number;
  /** Appends a record and returns its entry number. */
  store(signature: Uint8Array, extra: number): number;
  /** estimateSimilarity of entry e's signature and `signature` (the query's, `length` values). */
  estimate(entry: number, signature: Uint8Array): number;
  extra(entry: number): number;
  /** Called with the new number of blocks whenever one is added. */
  onBlock(listener: (blocks: number) => void): void;
  readonly bytes: number;
}

export function createNearRecords(length: number): NearRecords {
  const blocks: Uint8Array[] = [];
  // The same blocks four values at a time (when a signature is whole words), for estimate().
  const wordBlocks: Uint32Array[] = [];
  const wordLength = length % 4 === 0 ? length / 4 : 0;
  // The extra word sits right after the signature (64 bytes for 60 values): the matcher's length
  // check reads the line the estimate just read.
  const wordStride = Math.ceil(length / 4) + 1;
  const stride = 4 * wordStride;
  let queryBytes: Uint8Array | undefined;
  let queryWords: Uint32Array = new Uint32Array(0);
  let size = 0;
  let blockAdded: (blocks: number) => void = () => undefined;

  const blockOf = (entry: number): Uint8Array => blocks[entry >>> BLOCK_BITS];
  const offsetOf = (entry: number): number => (entry & (BLOCK_ENTRIES - 1)) * stride;

  // The query's signature four values at a time (the matcher passes the same array every time).
  const wordsOf = (signature: Uint8Array): Uint32Array | undefined => {
    if (wordLength === 0 || signature.byteOffset % 4 !== 0 || signature.length < length) return undefined;
    if (signature !== queryBytes) {
      queryBytes = signature;
      queryWords = new Uint32Array(signature.buffer, signature.byteOffset, wordLength);
    }
    return queryWords;
  };

  return {
    get size() {
      return size;
    },
    stride,
    blockOf,
    offsetOf,
    store(signature, extra) {
      const entry = size++;
      if (entry >>> BLOCK_BITS === blocks.length) {
        const block = new Uint8Array((blocks.length === 0 ? FIRST_BLOCK_ENTRIES : BLOCK_ENTRIES) * stride);
        blocks.push(block);
        wordBlocks.push(new Uint32Array(block.buffer));
        blockAdded(blocks.length);
      } else if (entry < BLOCK_ENTRIES && entry * stride === blocks[0].length) {
        const block = new Uint8Array(Math.min(BLOCK_ENTRIES * stride, 2 * blocks[0].length));
        block.set(blocks[0]);
        blocks[0] = block;
        wordBlocks[0] = new Uint32Array(block.buffer);
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
    },
    estimate(entry, signature) {
      // The matcher asks with the same query array for every candidate: no view to check.
      const words = signature === queryBytes ? queryWords : wordsOf(signature);
      if (words === undefined) return estimateSimilarity(blockOf(entry), offsetOf(entry), signature, 0, length);
      const at = (entry & (BLOCK_ENTRIES - 1)) * wordStride;
      return estimateSimilarityWords(wordBlocks[entry >>> BLOCK_BITS], at, words, 0, wordLength);
    },
    extra: (entry) => wordBlocks[entry >>> BLOCK_BITS][(entry & (BLOCK_ENTRIES - 1)) * wordStride + wordStride - 1],
    onBlock(listener) {
      blockAdded = listener;
    },
    get bytes() {
      let bytes = 0;
      for (const block of blocks) bytes += block.byteLength;
      return bytes;
    },
  };
}
