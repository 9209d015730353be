// Kept units of a UTF-16 or windows-1256 input go back out in that encoding. One wrapper for the
// one-process run and the scale-out apply phase, so their bytes match.
import type { KeptWriter } from '../output/kept-writer.js';
import type { Transcoder } from '../input/transcode.js';

export function encodedOut(writer: KeptWriter, transcoder: Transcoder | undefined): KeptWriter {
  if (!transcoder) return writer;
  return {
    ...writer,
    keep(buf, start, end) {
      const bytes = transcoder.encode(buf.subarray(start, end));
      writer.copy(bytes, 0, bytes.length);
    },
  };
}
