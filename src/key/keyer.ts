// Turns a unit's bytes (terminator already cut off) into its comparison key bytes, written
// into a reused output buffer. Never changes the unit itself.
// PLACEHOLDER: string path only; the key issue adds the byte-level fast path.
import type { KeySpec } from './key-spec.js';

export interface Keyer {
  /** The key bytes of the last fold() call live in out[0, returned length). */
  readonly out: Uint8Array;
  fold(src: Uint8Array, start: number, end: number): number;
}

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

export function createKeyer(spec: KeySpec): Keyer {
  let out = new Uint8Array(4096);
  const exact = spec.steps.length === 0;
  return {
    get out() { return out; },
    fold(src, start, end) {
      if (exact) {
        const len = end - start;
        if (out.length < len) out = new Uint8Array(len * 2);
        out.set(src.subarray(start, end));
        return len;
      }
      const s = decoder.decode(src.subarray(start, end))
        .normalize('NFKC')
        .replace(/[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, '')
        .replace(/\u0640/g, '')
        .replace(/[\u064B-\u065F\u0670]/g, '')
        .replace(/[\u0623\u0625\u0622\u0671]/g, '\u0627')
        .replace(/\u0649/g, '\u064A')
        .replace(/\s+/g, ' ')
        .trim();
      const bytes = encoder.encode(s);
      if (out.length < bytes.length) out = new Uint8Array(bytes.length * 2);
      out.set(bytes);
      return bytes.length;
    },
  };
}
