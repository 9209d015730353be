// One JSON Lines record: is it a JSON object, what is the string at a dotted field path, and where
// exactly (in bytes) is that string's literal, so the record can be written back with only the
// literal replaced. JSON.parse judges validity and gives the value; a small scanner over the
// already-validated bytes finds the span (it never has to judge JSON itself).
import { isUtf8 } from 'node:buffer';
import { isWellFormedText } from './json-string.js';

export type FieldPath = readonly string[];

export type RecordField =
  | {
      readonly kind: 'found';
      /** The field's string value, JSON-unescaped. */
      readonly text: string;
      /** The string literal's bytes, quotes included: [literalStart, literalEnd) of the line's buffer. */
      readonly literalStart: number;
      readonly literalEnd: number;
      /** The --id-field value (a string or number), when one was asked for and is there. */
      readonly id?: string;
    }
  | { readonly kind: 'broken'; readonly reason: string };

/** `meta.body` → ['meta', 'body']. */
export function fieldPath(dotted: string): FieldPath {
  return dotted.split('.');
}

export function pathName(path: FieldPath): string {
  return path.join('.');
}

/** Reads the record in buf[start, end) (its content, without the line terminator). */
export function readRecordField(
  buf: Buffer,
  start: number,
  end: number,
  field: FieldPath,
  idField?: FieldPath,
): RecordField {
  if (!isUtf8(buf.subarray(start, end))) return broken('not valid UTF-8');
  let record: unknown;
  try {
    record = JSON.parse(buf.toString('utf8', start, end));
  } catch {
    return broken('not valid JSON');
  }
  if (!isObject(record)) return broken('not a JSON object');
  const value = valueAt(record, field);
  if (value === undefined) return broken(`no field ${pathName(field)}`);
  if (typeof value !== 'string') return broken(`field ${pathName(field)} is not a string`);
  const span = literalSpan(buf, start, field);
  // Only a \u escape can spell a lone surrogate: valid UTF-8 cannot.
  const escaped = buf.subarray(span[0], span[1]).includes(U_ESCAPE);
  if (escaped && !isWellFormedText(value)) return broken(`field ${pathName(field)} holds a lone surrogate escape`);
  const idValue = idField ? valueAt(record, idField) : undefined;
  const id = typeof idValue === 'string' || typeof idValue === 'number' ? String(idValue) : undefined;
  return {
    kind: 'found',
    text: value,
    literalStart: span[0],
    literalEnd: span[1],
    ...(id === undefined ? {} : { id }),
  };
}

function broken(reason: string): RecordField {
  return { kind: 'broken', reason };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(record: Record<string, unknown>, path: FieldPath): unknown {
  let at: unknown = record;
  for (const name of path) {
    if (!isObject(at) || !Object.prototype.hasOwnProperty.call(at, name)) return undefined;
    at = at[name];
  }
  return at;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const U_ESCAPE = Buffer.from('\\u');

// Walks valid JSON to the value at `path`: JSON.parse keeps a repeated key's last value, so the
// last matching member wins here too.
function literalSpan(buf: Buffer, start: number, path: FieldPath): [number, number] {
  let at = skipSpace(buf, start);
  let span: [number, number] = [at, at];
  for (const name of path) {
    span = memberValue(buf, at, name);
    at = span[0];
  }
  return span;
}

function memberValue(buf: Buffer, open: number, name: string): [number, number] {
  let found: [number, number] | undefined;
  let at = skipSpace(buf, open + 1);
  while (buf[at] !== 0x7d) {
    const keyStart = at;
    const keyEnd = skipString(buf, at);
    at = skipSpace(buf, skipSpace(buf, keyEnd) + 1); // past the colon
    const valueEnd = skipValue(buf, at);
    if (keyIs(buf, keyStart, keyEnd, name)) found = [at, valueEnd];
    at = skipSpace(buf, valueEnd);
    if (buf[at] === 0x2c) at = skipSpace(buf, at + 1);
  }
  // JSON.parse found the member, so the walk does too.
  return found!;
}

function keyIs(buf: Buffer, start: number, end: number, name: string): boolean {
  const raw = buf.subarray(start + 1, end - 1);
  if (!raw.includes(BACKSLASH)) return raw.equals(Buffer.from(name, 'utf8'));
  return JSON.parse(buf.toString('utf8', start, end)) === name;
}

function skipSpace(buf: Buffer, at: number): number {
  while (buf[at] === 0x20 || buf[at] === 0x09 || buf[at] === 0x0a || buf[at] === 0x0d) at++;
  return at;
}

/** At an opening quote: the index just past the closing one. */
function skipString(buf: Buffer, at: number): number {
  at++;
  for (;;) {
    const b = buf[at];
    if (b === BACKSLASH) at += 2;
    else if (b === QUOTE) return at + 1;
    else at++;
  }
}

function skipValue(buf: Buffer, at: number): number {
  const b = buf[at];
  if (b === QUOTE) return skipString(buf, at);
  if (b !== 0x7b && b !== 0x5b) {
    // A number, true, false or null: runs to the next delimiter.
    while (at < buf.length && !isDelimiter(buf[at])) at++;
    return at;
  }
  let depth = 0;
  for (;;) {
    const c = buf[at];
    if (c === QUOTE) {
      at = skipString(buf, at);
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return at + 1;
    }
    at++;
  }
}

function isDelimiter(b: number): boolean {
  return b === 0x2c || b === 0x7d || b === 0x5d || b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}
