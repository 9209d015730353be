// `dedupe key`: each unit's comparison key on its own line of the shared output, a line break
// inside a paragraph's key shown as U+2424 so that one key stays one line.
import type { SplitEvents } from '../split/split-units.js';
import { splitUnits } from '../split/split-units.js';
import { describeIoError } from '../input/io-error.js';
import type { Keyer } from '../key/index.js';
import type { Readable } from './run-events.js';
import { asOutput, OutputError } from './output-error.js';
import { open, yieldToEventLoop, type SourceRun } from './source-run.js';

const LINE_END = new Uint8Array([10]);
const NEWLINE_SYMBOL = new Uint8Array([0xe2, 0x90, 0xa4]); // U+2424, shown for LF inside a key

export async function listKeys(run: SourceRun, source: Readable, keyer: Keyer): Promise<void> {
  const opened = await open(run, source);
  if (!opened) return;
  const output = run.outputs.begin({});
  const writer = output.writer;
  const events: SplitEvents = {
    bom() {},
    blank() {},
    unit(_buf, _start, _end, keyBuf, keyStart, keyEnd) {
      const length = keyer.fold(keyBuf, keyStart, keyEnd);
      const key = keyer.out;
      let from = 0;
      for (let i = 0; i < length; i++) {
        if (key[i] !== 10) continue;
        writer.copy(key, from, i);
        writer.copy(NEWLINE_SYMBOL, 0, NEWLINE_SYMBOL.length);
        from = i + 1;
      }
      writer.copy(key, from, length);
      writer.copy(LINE_END, 0, 1);
    },
    window: async (buf) => {
      await asOutput(() => writer.window(buf));
      await yieldToEventLoop();
    },
  };
  run.totals.read++;
  try {
    await splitUnits(
      opened.reader,
      { mode: run.options.mode, bufferSize: run.options.bufferSize, scratch: run.scratch },
      events,
    );
  } catch (error) {
    if (error instanceof OutputError) throw error;
    run.problem(source.label, describeIoError(error), 'error');
  } finally {
    opened.reader.close();
  }
}
