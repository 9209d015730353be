// Paths are strings everywhere, and lossless: a name that is not valid UTF-8 is carried with each
// bad byte as a lone surrogate (the scheme of key/utf8-lossless.ts, Python's "surrogateescape"),
// and turned back into its bytes only here, where it meets the file system or a byte format.
// A valid UTF-8 name stays the plain string it always was, and costs one regular-expression test.
import type { PathLike } from 'node:fs';
import { decodeLossless, encodeLossless, hasEscapes, maxEncodedLength, replaceEscapes } from '../key/utf8-lossless.js';

/** The path the file system is given: the string itself, or its exact bytes when it holds any escape. */
export function toFsPath(path: PathLike): PathLike {
  return typeof path === 'string' && hasEscapes(path) ? pathBytes(path) : path;
}

/** A name or path read as bytes (a folder listing, the raw argv, an index record), as a lossless string. */
export function pathFromBytes(bytes: Uint8Array): string {
  return decodeLossless(bytes, 0, bytes.length).text;
}

/** The exact bytes a path stands for. */
export function pathBytes(path: string): Buffer {
  const escaped = hasEscapes(path);
  if (!escaped) return Buffer.from(path, 'utf8');
  const out = Buffer.allocUnsafe(maxEncodedLength(path));
  return out.subarray(0, encodeLossless(path, true, out));
}

/** True for a path whose bytes are not valid UTF-8 (its string form holds escapes). */
export function isByteName(path: string): boolean {
  return hasEscapes(path);
}

/** A readable form for a format that must be valid text: each byte that is not UTF-8 as U+FFFD. */
export function readablePath(path: string): string {
  return replaceEscapes(path, () => '\ufffd');
}
