// A deliberately simple, slow model of what dedupe must output, written independently of src/
// (strings and arrays, no windows or tables) so that property tests compare two implementations.

export interface RefLine {
  bytes: Buffer;
  content: Buffer;
  blank: boolean;
}

const BLANK = /^[\s\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u061C]*$/u;

export function refLines(input: Buffer): { bom: Buffer; lines: RefLine[] } {
  let start = 0;
  const bom = input.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? input.subarray(0, 3) : Buffer.alloc(0);
  start = bom.length;
  const lines: RefLine[] = [];
  let i = start;
  while (i < input.length) {
    const b = input[i];
    if (b === 10 || b === 13) {
      const contentEnd = i;
      const end = b === 13 && input[i + 1] === 10 ? i + 2 : i + 1;
      lines.push(line(input.subarray(start, end), input.subarray(start, contentEnd)));
      start = end;
      i = end;
    } else {
      i++;
    }
  }
  if (start < input.length) lines.push(line(input.subarray(start), input.subarray(start)));
  return { bom, lines };
}

function line(bytes: Buffer, content: Buffer): RefLine {
  return { bytes, content, blank: BLANK.test(content.toString('utf8')) };
}

export type KeyOf = (content: Buffer) => string;

/** Expected output for several inputs (global scope unless perFile) in line or paragraph mode. */
export function refDedupe(inputs: Buffer[], mode: 'line' | 'paragraph', keyOf: KeyOf, perFile = false): Buffer {
  let seen = new Set<string>();
  const all: Buffer[] = [];
  let owed = ''; // what the previous input's kept text owes the next: a line break, or a blank line
  for (const input of inputs) {
    if (perFile) seen = new Set();
    const out: Buffer[] = [];
    const flush = (): void => {
      const text = Buffer.concat(out);
      if (text.length === 0) return;
      // Concatenated inputs never glue a last line (or paragraph) to the next input's first.
      if (owed) all.push(Buffer.from(owed));
      all.push(text);
      const last = text[text.length - 1];
      const terminated = last === 10 || last === 13;
      const lastLine = refLines(text).lines.at(-1);
      if (mode === 'line') owed = terminated ? '' : '\n';
      else owed = terminated ? (lastLine?.blank ? '' : '\n') : '\n\n';
    };
    const { bom, lines } = refLines(input);
    out.push(bom);
    if (mode === 'line') {
      for (const l of lines) {
        if (l.blank) {
          out.push(l.bytes);
          continue;
        }
        const k = keyOf(l.content);
        // A unit whose key is empty has nothing to compare: it is always kept.
        if (k === '') {
          out.push(l.bytes);
          continue;
        }
        if (!seen.has(k)) {
          seen.add(k);
          out.push(l.bytes);
        }
      }
      flush();
      continue;
    }
    // Paragraph mode: leading blanks, then paragraphs with the blank run before each; the blank run
    // before a kept paragraph is written only when an earlier paragraph of this input was kept.
    let i = 0;
    while (i < lines.length && lines[i].blank) out.push(lines[i++].bytes);
    let keptBefore = false;
    let sepBefore: Buffer[] = [];
    while (i < lines.length) {
      const para: RefLine[] = [];
      while (i < lines.length && !lines[i].blank) para.push(lines[i++]);
      const sepAfter: Buffer[] = [];
      while (i < lines.length && lines[i].blank) sepAfter.push(lines[i++].bytes);
      const k = keyOf(Buffer.concat(para.flatMap((p, n) => (n === 0 ? [p.content] : [Buffer.from('\n'), p.content]))));
      if (k === '' || !seen.has(k)) {
        if (k !== '') seen.add(k);
        if (keptBefore) out.push(...sepBefore);
        out.push(...para.map((p) => p.bytes));
        keptBefore = true;
      }
      sepBefore = sepAfter;
      if (i >= lines.length) out.push(...sepAfter);
    }
    flush();
  }
  return Buffer.concat(all);
}

export const exactKey: KeyOf = (content) => content.toString('hex');

/**
 * Expected field values of JSON Lines records deduplicated line by line with one seen-set across
 * all of them (global scope, keep first): each field is a text of its own, never glued to the next.
 */
export function refRecordFields(fields: string[], keyOf: KeyOf): string[] {
  const seen = new Set<string>();
  return fields.map((field) => {
    const out: Buffer[] = [];
    for (const l of refLines(Buffer.from(field, 'utf8')).lines) {
      const k = keyOf(l.content);
      if (l.blank || k === '' || !seen.has(k)) out.push(l.bytes);
      if (!l.blank && k !== '') seen.add(k);
    }
    return Buffer.concat(out).toString('utf8');
  });
}
