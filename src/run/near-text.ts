// What near matching needs from the world: an earlier kept paragraph's text read again from its
// file (a few descriptors kept open), its key, and a hash of that key. Sources that cannot be read
// again (standard input, transcoded files, files rewritten in place) are marked so the matcher
// keeps a copy of their paragraphs instead. A file found changed since it was read is not read
// again: a match against bytes the run never judged could remove a unit whose copy is nowhere.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { openSync, statSync } from '../fs/lossless-fs.js';
import type { Keyer } from '../key/index.js';
import type { Source } from '../input/sources.js';
import { canReadTwice } from '../input/spool.js';
import type { NearPlace, NearText } from '../near/near-matcher.js';
import { sameIdentity, type Identity } from './read-seal.js';

export interface RunNearText extends NearText {
  /** Called when a source is opened: whether its bytes as read are the file's bytes, and which file it is. */
  opened(source: number, transcoded: boolean, stat?: Identity): void;
  /** The labels of sources found changed when read again since the last call (each told once). */
  takeChanged(): string[];
  close(): void;
}

const OPEN_FILES = 32;

export const NEAR_CHANGED =
  'changed while dedupe ran; its paragraphs were not read again to verify near matches (the later ones were kept): run again once it is complete';

export function createRunNearText(
  sources: readonly Source[],
  keyer: Keyer,
  fingerprint: (key: Uint8Array, length: number, out: Uint32Array) => void,
  rewritesInputs: boolean,
  perSource: boolean,
): RunNearText {
  const transcoded = new Set<number>();
  // An input that cannot be read twice (canReadTwice) has its paragraphs copied like stdin's.
  const regular = new Set<number>();
  const fds = new Map<number, number>();
  const fp = new Uint32Array(4);
  const identities = new Map<number, Identity>();
  const changed = new Set<number>();
  let untold: string[] = [];

  const fdOf = (source: number): number | undefined => {
    const cached = fds.get(source);
    if (cached !== undefined) {
      fds.delete(source);
      fds.set(source, cached); // most recently used last
      return cached;
    }
    const s = sources[source];
    if (s?.kind !== 'file') return undefined;
    if (fds.size >= OPEN_FILES) {
      const [oldest, fd] = fds.entries().next().value as [number, number];
      fds.delete(oldest);
      closeSync(fd);
    }
    try {
      const fd = openSync(s.path, 'r');
      fds.set(source, fd);
      return fd;
    } catch {
      return undefined; // gone since: the match cannot be verified, so it is not one
    }
  };

  const fileIdentity = (path: string): Identity | undefined => {
    try {
      const st = statSync(path);
      return st.isFile() ? st : undefined;
    } catch {
      return undefined;
    }
  };

  // Bytes of the file inputs before each source, for share(): stat'ed once, when first asked.
  let before: Float64Array | undefined;
  const sizeOf = (s: Source | undefined): number => {
    if (s?.kind !== 'file') return 0;
    if (s.size !== undefined) return s.size;
    try {
      const st = statSync(s.path);
      return st.isFile() ? st.size : 0;
    } catch {
      return 0;
    }
  };

  return {
    share(place) {
      if (perSource) {
        const size = sizeOf(sources[place.source]);
        return size > 0 ? Math.min(1, place.offset / size) : undefined;
      }
      if (!before) {
        before = new Float64Array(sources.length + 1);
        for (let i = 0; i < sources.length; i++) before[i + 1] = before[i] + sizeOf(sources[i]);
      }
      const total = before[sources.length];
      return total > 0 ? Math.min(1, (before[place.source] + place.offset) / total) : undefined;
    },
    opened(source, isTranscoded, stat) {
      if (isTranscoded) transcoded.add(source);
      const s = sources[source];
      // A run that taps no reading (no index, nothing read twice) hands in no identity: the path's,
      // now. Without one every kept paragraph was copied, as stdin's are (a copy per paragraph, and
      // the arena's growth, in the near profile of 1 GiB). A file replaced in between is still read
      // again only as far as its key hash agrees.
      const identity = stat ?? (s?.kind === 'file' ? fileIdentity(s.path) : undefined);
      if (s?.kind === 'file' && canReadTwice(s.path) && identity) {
        regular.add(source);
        identities.set(source, identity);
      }
    },
    rereadable: (source) => !rewritesInputs && regular.has(source) && !transcoded.has(source),
    reread(place: NearPlace) {
      if (changed.has(place.source)) return undefined;
      const fd = fdOf(place.source);
      if (fd === undefined) return undefined;
      const raw = new Uint8Array(place.length);
      try {
        if (!sameIdentity(identities.get(place.source), fstatSync(fd))) {
          changed.add(place.source);
          untold.push(sources[place.source]?.label ?? '?');
          return undefined;
        }
        if (readSync(fd, raw, 0, place.length, place.offset) !== place.length) return undefined;
      } catch {
        return undefined;
      }
      return keyInputOf(raw);
    },
    key(text) {
      const length = keyer.fold(text, 0, text.length);
      return keyer.out.slice(0, length);
    },
    keyHash(key, length) {
      fingerprint(key, length, fp);
      return fp[0];
    },
    takeChanged() {
      const labels = untold;
      untold = [];
      return labels;
    },
    close() {
      for (const fd of fds.values()) closeSync(fd);
      fds.clear();
    },
  };
}

/** A unit's bytes as split gives them to the key: line ends dropped, lines joined by one LF. */
export function keyInputOf(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(raw.length);
  let n = 0;
  let lineBreak = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b === 10 || b === 13) {
      if (b === 13 && raw[i + 1] === 10) i++;
      lineBreak = true;
      continue;
    }
    if (lineBreak && n > 0) out[n++] = 10;
    lineBreak = false;
    out[n++] = b;
  }
  return out.subarray(0, n);
}
