// Looks at the first bytes of an input to choose its encoding and to spot binary files: a BOM
// decides UTF-8 or UTF-16; otherwise a NUL byte or a known binary signature in the first 64 KiB
// means binary (skipped, as ripgrep does). An encoding forced by --encoding wins over the BOM.

export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1256';
export const ENCODING_NAMES: readonly EncodingName[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1256'];

export const SNIFF_BYTES = 64 * 1024;

export type Sniffed = { kind: 'text'; encoding: EncodingName } | { kind: 'binary'; reason: string };

const SIGNATURES: readonly { name: string; bytes: readonly number[] }[] = [
  { name: 'PNG image', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'ZIP archive', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'gzip data', bytes: [0x1f, 0x8b] },
  { name: 'bzip2 data', bytes: [0x42, 0x5a, 0x68] },
  { name: 'xz data', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: 'zstd data', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: 'ELF executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
];

export function sniff(head: Uint8Array, forced: EncodingName | undefined): Sniffed {
  if (forced !== undefined) return { kind: 'text', encoding: forced };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { kind: 'text', encoding: 'utf-16le' };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { kind: 'text', encoding: 'utf-16be' };
  for (const signature of SIGNATURES) {
    if (signature.bytes.length <= head.length && signature.bytes.every((b, i) => head[i] === b)) {
      return { kind: 'binary', reason: signature.name };
    }
  }
  const nul = head.indexOf(0);
  if (nul !== -1 && nul < SNIFF_BYTES) return { kind: 'binary', reason: `NUL byte at offset ${nul}` };
  return { kind: 'text', encoding: 'utf-8' };
}
