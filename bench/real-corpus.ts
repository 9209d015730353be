// The real-text scenario's input: the shared Arabic news corpus as a file list and as one
// concatenated temp file, plus reference counts of distinct non-blank lines computed here in
// plain JS (a Set of strings is fine at 40,000 lines) to check dedupe's output against.
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface RealCorpus {
  readonly root: string;
  /** Paths relative to root, sorted, so argv stays short. */
  readonly files: readonly string[];
  readonly oneFile: string;
  readonly bytes: number;
  /** Distinct non-blank lines byte for byte (what `--key exact` keeps), and blank lines (always kept). */
  readonly exactDistinct: number;
  readonly blankLines: number;
  /** Distinct non-blank lines under a reference fold of the v1 key steps (issue 2); advisory. */
  readonly referenceDistinct: number;
}

// Issue 2's "blank": whitespace, NBSP and other Unicode spaces, and invisible marks.
const BLANK = /^[\s\u00a0\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*$/;

function listTxt(dir: string, root: string, into: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listTxt(path, root, into);
    else if (entry.isFile() && entry.name.endsWith('.txt')) into.push(relative(root, path));
  }
}

// The issue-2 steps, as strings; the key helper's byte path must agree with these on this text.
export function referenceFold(line: string): string {
  return line
    .normalize('NFKC')
    .replace(/[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g, '')
    .replace(/\u0640|[\u064b-\u065f]|\u0670/g, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
    .replace(/\u0649/g, '\u064a')
    .replace(/\s+/g, ' ')
    .trim();
}

export function prepareRealCorpus(root: string, oneFile: string): RealCorpus {
  const files: string[] = [];
  listTxt(root, root, files);
  files.sort();
  const fd = openSync(oneFile, 'w');
  const exact = new Set<string>();
  const folded = new Set<string>();
  let bytes = 0;
  let blankLines = 0;
  try {
    for (const file of files) {
      const data = readFileSync(join(root, file));
      writeSync(fd, data);
      bytes += data.length;
      const lines = data.toString('utf8').split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      for (const raw of lines) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (BLANK.test(line)) {
          blankLines++;
          continue;
        }
        exact.add(line);
        folded.add(referenceFold(line));
      }
    }
  } finally {
    closeSync(fd);
  }
  return { root, files, oneFile, bytes, exactDistinct: exact.size, blankLines, referenceDistinct: folded.size };
}
