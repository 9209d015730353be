// The checksum every header and frame carries: CRC-32 (the zlib/PNG polynomial). node:zlib has it
// natively since Node 20.15 (several GB/s); package.json allows any Node 20, so older ones fall
// back to a table version that gives the same values, only slower. Nothing else here.
import * as zlib from 'node:zlib';

type Crc = (data: Uint8Array, previous?: number) => number;

let table: Uint32Array | undefined;

/** The portable CRC-32; exported so a test can hold it against zlib's. */
export function tableCrc32(data: Uint8Array, previous = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = ~previous;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const native = (zlib as unknown as { crc32?: Crc }).crc32;

export function crc32(data: Uint8Array, previous = 0): number {
  // Node 20's zlib.crc32 returns 0 for a view of an empty ArrayBuffer instead of `previous`
  // (a frame with no new keys has exactly such a body), so empty input never reaches it.
  if (data.length === 0) return previous >>> 0;
  return native ? native(data, previous) >>> 0 : tableCrc32(data, previous);
}
