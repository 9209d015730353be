// A folder of many small files of every kind a walk meets (issue 20): empty, without a final line
// break, CRLF, lone CR, a BOM, windows-1256, gzip, paragraphs (some after blank lines), lines
// repeated within and across
// files; and the ways to read it: without an await (whole-source.ts) and the awaiting path.
import { gzip } from './compress.js';

// Arabic and Latin words; few enough that lines repeat across files.
const WORDS = ['سلام', 'عليكم', 'كتاب', 'المدرسة', 'alpha', 'beta', 'gamma', 'delta', 'مرحبا', 'بيت'];
// The same in windows-1256 bytes (م ر ح ب ا د), invalid as UTF-8: read as a guessed encoding.
const CP1256_WORDS = [
  [0xe3, 0xd1, 0xcd, 0xc8, 0xc7],
  [0xc8, 0xc7, 0xc8],
  [0xcd, 0xd1, 0xc8],
  [0xe3, 0xcf, 0xc7, 0xd1],
];

/** A small deterministic generator, so a failure names the same files every time. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

/** `count` files under `in/` (some in `in/sub/`), name -> bytes; names sort in the walk's order. */
export function manySmallFiles(count: number, seed = 20): Record<string, Uint8Array> {
  const next = generator(seed);
  const line = (): string => Array.from({ length: 1 + (next() % 3) }, () => WORDS[next() % WORDS.length]).join(' ');
  const lines = (n: number): string[] => Array.from({ length: n }, line);
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < count; i++) {
    const name = `in/${i % 7 === 0 ? 'sub/' : ''}${String(i).padStart(4, '0')}.txt`;
    const body = lines(2 + (next() % 6));
    let bytes: Uint8Array;
    switch (i % 10) {
      case 0:
        bytes = new Uint8Array(0);
        break;
      case 1:
        bytes = Buffer.from(body.join('\n'));
        break;
      case 2:
        bytes = Buffer.from(`${body.join('\r\n')}\r\n`);
        break;
      case 3: {
        const parts: number[] = [];
        for (let k = 0; k < 12 + (next() % 6); k++) parts.push(...CP1256_WORDS[next() % CP1256_WORDS.length], 0x0a);
        bytes = Buffer.from(parts);
        break;
      }
      case 4:
        bytes = gzip(`${body.join('\n')}\n`);
        break;
      case 5:
        bytes = Buffer.from(`\ufeff${body.join('\n')}\n`);
        break;
      case 6:
        bytes = Buffer.from(`${body.join('\r')}\r`);
        break;
      case 7:
        bytes = Buffer.from(`${body.slice(0, 2).join('\n')}\n\n\n${body.slice(2).join('\n')}\n\n`);
        break;
      case 8:
        // Blank lines before a first paragraph that repeats: the input's own, kept though it is removed.
        bytes = Buffer.from(`\n \n${WORDS[4]}\n\n${body.join('\n\n')}\n`);
        break;
      default:
        bytes = Buffer.from(`${body.join('\n')}\n`);
    }
    files[name] = bytes;
  }
  return files;
}

/**
 * A window this small (4 bytes, its least) fits only the empty files: every file with a unit takes
 * the awaiting, streaming path, whose router and splitter are made afresh for each file.
 */
export const STREAMING = ['--buffer-size', '1'];

/** The reader thread (opt-in: --threads above 1) reads ahead from a run's first small file. */
export const READER_FROM_ONE = ['--threads', '2', '--read-ahead-after', '1'];
/** No thread but the main one: every file read where it is judged. */
export const NO_READER = ['--threads', '1'];

/** The ways a run is compared: the text, reports on stdout, a report beside the text, other units and prints. */
export const COMPARED_RUNS: readonly (readonly string[])[] = [
  [],
  ['--report', 'json'],
  ['--report', 'diff'],
  ['--stats'],
  ['--unit', 'paragraph'],
  ['--unit', 'document', '--removed'],
  ['--only-duplicates'],
  ['--keep', 'last'],
];
