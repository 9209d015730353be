// Looks at the first bytes of an input to choose its encoding and to spot binary files: a BOM
// decides UTF-8 or UTF-16; without one, UTF-16 is told from its NUL pattern and windows-1256 from
// Arabic bytes that are not UTF-8 (guess-encoding.ts), and a guess is named so the run can say so.
// Otherwise a NUL byte or a known binary signature in the first 64 KiB means binary (skipped, as
// ripgrep does). An encoding forced by --encoding wins over all of it.
import { isUtf8 } from 'node:buffer';
import { guessUtf16, looksWindows1256 } from './guess-encoding.js';
import { startsWith } from '../formats/compression.js';

export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1256';
export const ENCODING_NAMES: readonly EncodingName[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1256'];

export const SNIFF_BYTES = 64 * 1024;

export type Sniffed =
  | { kind: 'text'; encoding: EncodingName; guessed?: 'no BOM' | 'not valid UTF-8' }
  /** decompress: the command that reads a compressed file's text (zcat for gzip). */
  | { kind: 'binary'; reason: string; decompress?: string };

const SIGNATURES: readonly { name: string; bytes: readonly number[]; decompress?: string }[] = [
  { name: 'PNG image', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'ZIP archive', bytes: [0x50, 0x4b, 0x03, 0x04], decompress: 'unzip -p' },
  { name: 'gzip-compressed', bytes: [0x1f, 0x8b], decompress: 'zcat' },
  { name: 'bzip2-compressed', bytes: [0x42, 0x5a, 0x68], decompress: 'bzcat' },
  { name: 'xz-compressed', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], decompress: 'xzcat' },
  { name: 'zstd-compressed', bytes: [0x28, 0xb5, 0x2f, 0xfd], decompress: 'zstdcat' },
  { name: 'ELF executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
];

export function sniff(head: Uint8Array, forced: EncodingName | undefined): Sniffed {
  if (forced !== undefined) return { kind: 'text', encoding: forced };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { kind: 'text', encoding: 'utf-16le' };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { kind: 'text', encoding: 'utf-16be' };
  for (const signature of SIGNATURES) {
    if (startsWith(head, signature.bytes)) {
      return { kind: 'binary', reason: signature.name, decompress: signature.decompress };
    }
  }
  const nul = head.indexOf(0);
  // Arabic UTF-16 has 0x06 as every other byte; a line break or space adds the NULs.
  if (nul !== -1 || head[0] === 6 || head[1] === 6) {
    const utf16 = guessUtf16(head);
    if (utf16) return { kind: 'text', encoding: utf16, guessed: 'no BOM' };
  }
  if (nul !== -1 && nul < SNIFF_BYTES) return { kind: 'binary', reason: `NUL byte at offset ${nul}` };
  if (!isUtf8(withoutCutSequence(head)) && looksWindows1256(head))
    return { kind: 'text', encoding: 'windows-1256', guessed: 'not valid UTF-8' };
  return { kind: 'text', encoding: 'utf-8' };
}

// A head that stops inside a UTF-8 sequence is still valid UTF-8 up to the cut.
function withoutCutSequence(head: Uint8Array): Uint8Array {
  for (let k = 1; k <= 3 && k <= head.length; k++) {
    const b = head[head.length - k];
    if (b < 0x80) return head;
    if (b >= 0xc0) return (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > k ? head.subarray(0, head.length - k) : head;
  }
  return head;
}
