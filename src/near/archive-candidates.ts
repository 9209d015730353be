// Near matching across runs: the paragraphs earlier runs kept, as the index's near records, put
// into the one-run matcher's LSH index before this run's paragraphs (signatures and places only;
// a key is read from the index file and decompressed when a candidate needs verifying), and the
// records this run's kept paragraphs add. The verdict stays the matcher's: nothing here scores.
import { createHash } from 'node:crypto';
import { readFileSync } from '../fs/lossless-fs.js';
import { packageFile } from '../package-file.js';
import type { NearPlace, NearText } from './near-matcher.js';
import type { NearIndexShape } from './near-index.js';
import { shippedKeyCodec, type KeyCodec } from './key-codec.js';

/** Places of earlier runs carry this bit in `source` (the rest is the near frame's number). */
export const ARCHIVED = 0x80000000;

/** Where an earlier run kept a paragraph: its input as committed, its line, and the commit's time. */
export interface EarlierPlace {
  readonly path: string;
  readonly line: number;
  readonly timeMs: number;
}

/** What the index store offers (its IndexReader satisfies it): committed near frames, positional reads. */
export interface ArchiveFile {
  nearFrames(): readonly {
    readonly spec: string;
    readonly records: number;
    readonly signatureBytes: number;
    readonly bodyAt: number;
    readonly bodyBytes: number;
    readonly fixedBytes: number;
    readonly path: string;
    readonly timeMs: number;
  }[];
  readBytes(into: Uint8Array, length: number, offset: number): number;
}

/** How the index store parses and writes near records (index-store/near-frames.ts). */
export interface RecordFormat {
  forEach(
    body: Uint8Array,
    signatureBytes: number,
    visit: (r: { signatureAt: number; keyHash: number; line: number; keyBytes: number; keyAt: number }) => void,
  ): void;
  add(signature: Uint8Array, keyHash: number, line: number, keyBytes: number, packed: Uint8Array): void;
  take(): { records: number; body: Uint8Array; fixedBytes: number };
}

export interface NearArchive {
  /** Records of earlier runs that this run matches against. */
  readonly size: number;
  /** Hands every usable record of earlier runs to `add`, in commit order. */
  preload(add: (signature: Uint8Array, keyHash: number, place: NearPlace) => void): void;
  /** A paragraph this run keeps and indexes: a record for the next frame (none for a read-only index). */
  kept(signature: Uint8Array, keyHash: number, key: Uint8Array, keyLength: number, place: NearPlace): void;
  /** The earlier run's place of an archived entry; undefined for a place of this run. */
  earlier(place: NearPlace): EarlierPlace | undefined;
  /** This run's text access, with archived places recalled from the index (their keys). */
  wrap(text: NearText): NearText;
  /** The records kept since the last call, for one input's near frame. */
  take(): { spec: string; records: number; signatureBytes: number; body: Uint8Array; fixedBytes: number };
  /** Lines for the user: an index upgraded, records made otherwise left aside. */
  readonly notices: readonly string[];
}

/**
 * What records depend on, as one string the index keeps with every near frame: the definition,
 * the DF table and key dictionary (by content hash), the LSH shape and the key spec. Records made
 * otherwise are left aside (with a notice), never mixed in.
 */
export function nearSpec(definition: string, shape: NearIndexShape, keySpec: string, codec: KeyCodec): string {
  return `${definition} df=${shippedDfId()} lsh=${shape.bands}x${shape.rows}/${shape.length} key=${keySpec} dict=${codec.id}`;
}

let dfId: string | undefined;
function shippedDfId(): string {
  dfId ??= createHash('sha256')
    .update(readFileSync(packageFile('data/near-df.bin')))
    .digest('hex')
    .slice(0, 16);
  return dfId;
}

/** Memory per archived record: its signature, its slots in the band tables (at the load the index
 *  is presized to), and the matcher's per-entry store (near-store.ts). For `index stats`. */
export function archivedRecordBytes(shape: NearIndexShape): number {
  return shape.length + (shape.bands * 4) / 0.5 + 25 + Math.ceil(shape.bands / 8);
}

export function createNearArchive(
  file: ArchiveFile,
  spec: string,
  shape: NearIndexShape,
  format: RecordFormat,
  options: { readonly writes: boolean; readonly codec?: KeyCodec },
): NearArchive {
  const codec = options.codec ?? shippedKeyCodec();
  const frames = file.nearFrames();
  const usable = frames.filter((f) => f.spec === spec && f.signatureBytes === shape.length);
  const size = usable.reduce((n, f) => n + f.records, 0);
  const notices: string[] = [];
  const other = frames.length - usable.length;
  if (other > 0)
    notices.push(
      `left aside the near records of ${other} earlier inputs, made with another near ` +
        `definition, DF table, LSH shape, key or dictionary (${frames.find((f) => f.spec !== spec)?.spec}); ` +
        `this run matches against the ${size} records made like its own (${spec})`,
    );
  else if (frames.length === 0 && options.writes)
    notices.push(
      `the index holds no near records yet (made without --near, or new); ` +
        'this run adds them for the paragraphs it keeps from now on',
    );
  let readBuf = new Uint8Array(1 << 12);

  const recall = (place: NearPlace): Uint8Array | undefined => {
    // offset: where the compressed key's length (a varint) starts; length: the key's bytes.
    const want = place.length * 2 + 64;
    if (readBuf.length < want) readBuf = new Uint8Array(want);
    let got = file.readBytes(readBuf, want, place.offset);
    let packed = 0,
      scale = 1,
      at = 0;
    for (let b = 0x80; b & 0x80 && at < got; scale *= 128) {
      b = readBuf[at++];
      packed += (b & 0x7f) * scale;
    }
    if (at + packed > got) {
      if (readBuf.length < at + packed) readBuf = new Uint8Array(at + packed);
      got = file.readBytes(readBuf, at + packed, place.offset);
      if (at + packed > got) return undefined;
    }
    try {
      return codec.decompress(readBuf.subarray(at, at + packed));
    } catch {
      return undefined; // not verified, so not a match: the unit is kept
    }
  };

  return {
    size,
    notices,
    preload(add) {
      const place: NearPlace = { source: 0, line: 0, offset: 0, length: 0 };
      frames.forEach((f, n) => {
        if (!usable.includes(f)) return;
        // The first part only: the compressed keys stay on disk until a candidate needs one.
        const fixed = new Uint8Array(f.fixedBytes);
        if (file.readBytes(fixed, f.fixedBytes, f.bodyAt) !== f.fixedBytes) throw new Error('index shrank while read');
        format.forEach(fixed, f.signatureBytes, (r) => {
          place.source = (ARCHIVED | n) >>> 0;
          place.line = r.line;
          place.length = r.keyBytes;
          place.offset = f.bodyAt + f.fixedBytes + r.keyAt;
          add(fixed.subarray(r.signatureAt, r.signatureAt + f.signatureBytes), r.keyHash, place);
        });
      });
    },
    kept(signature, keyHash, key, keyLength, place) {
      if (!options.writes) return;
      format.add(signature, keyHash, place.line, keyLength, codec.compress(key.subarray(0, keyLength)));
    },
    earlier(place) {
      if (place.source < ARCHIVED) return undefined;
      const f = frames[place.source - ARCHIVED];
      return f ? { path: f.path, line: place.line, timeMs: f.timeMs } : undefined;
    },
    wrap(text) {
      return {
        ...text,
        rereadable: (source) => text.rereadable(source),
        reread: (place) => (place.source >= ARCHIVED ? recall(place) : text.reread(place)),
        key: (t) => text.key(t),
        keyHash: (key, length) => text.keyHash(key, length),
        share: text.share ? (place) => text.share!(place) : undefined,
      };
    },
    take() {
      return { spec, signatureBytes: shape.length, ...format.take() };
    },
  };
}
