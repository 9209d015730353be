// Issue 20, many small files: a small regular file is read whole (input/whole-file.ts) and split
// where it lies (splitWhole), with no read and no await. Splitting a whole input must hand out
// exactly the events the streaming splitter does, for every unit kind, line ending and BOM; a
// file too big for the room is left to the streaming reader; a walk's sort makes no bytes per
// comparison.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { splitUnits, splitWhole, type SplitEvents, type UnitMode } from '../../src/split/split-units.js';
import { memoryReader } from '../../src/input/byte-reader.js';
import { readWholeFile } from '../../src/input/whole-file.js';
import { byteOrder, sortInByteOrder } from '../../src/input/walk.js';
import type { Dirent } from 'node:fs';

/** Every event as text, with its bytes copied (the window is reused). */
function recorder(): { events: SplitEvents; log: string[] } {
  const log: string[] = [];
  const text = (buf: Uint8Array, start: number, end: number): string =>
    Buffer.from(buf.subarray(start, end)).toString('latin1');
  return {
    log,
    events: {
      bom: (buf, start, end) => void log.push(`bom ${text(buf, start, end)}`),
      blank: (buf, start, end, offset) => void log.push(`blank ${offset} ${JSON.stringify(text(buf, start, end))}`),
      unit: (buf, start, end, key, keyStart, keyEnd, line, endLine, offset) =>
        void log.push(
          `unit ${line}-${endLine} @${offset} ${JSON.stringify(text(buf, start, end))} key ${JSON.stringify(text(key, keyStart, keyEnd))}`,
        ),
      window: () => undefined,
    },
  };
}

const pieces = ['a', 'b c', ' ', '\t', '\n', '\r\n', '\r', '\n\n', 'ب', '\u00a0', '\ufeff', 'xyz'];
const inputs = fc
  .array(fc.constantFrom(...pieces), { maxLength: 60 })
  .chain((parts) => fc.boolean().map((bom) => (bom ? '\ufeff' : '') + parts.join('')));

for (const mode of ['line', 'paragraph', 'document'] as UnitMode[]) {
  test(`splitWhole hands out the streaming splitter's events (${mode}s, any window size)`, async () => {
    await fc.assert(
      fc.asyncProperty(inputs, fc.integer({ min: 4, max: 64 }), async (input, bufferSize) => {
        const bytes = Buffer.from(input, 'utf8');
        const streamed = recorder();
        await splitUnits(memoryReader(bytes), { mode, bufferSize }, streamed.events);
        const whole = recorder();
        // The whole input sits in a larger room, as a small file does in the run's window.
        const room = Buffer.alloc(bytes.length + 16, 0x7a);
        bytes.copy(room);
        const written = splitWhole(room, bytes.length, { mode, bufferSize }, whole.events);
        assert.equal(written, undefined);
        assert.deepEqual(whole.log, streamed.log);
      }),
      { numRuns: 300 },
    );
  });
}

test('readWholeFile: a file smaller than the room is read whole; one that fills it is left to the stream', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dedupe-whole-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const room = Buffer.alloc(16);
  writeFileSync(join(dir, 'small'), 'one\ntwo\n');
  writeFileSync(join(dir, 'empty'), '');
  writeFileSync(join(dir, 'exact'), 'x'.repeat(16));
  writeFileSync(join(dir, 'big'), 'y'.repeat(40));

  const small = readWholeFile(join(dir, 'small'), room, true);
  assert.equal(small.kind, 'whole');
  if (small.kind === 'whole') {
    assert.equal(small.bytes.toString(), 'one\ntwo\n');
    assert.equal(small.stat?.size, 8, 'the status of the file as opened');
  }
  const empty = readWholeFile(join(dir, 'empty'), room, false);
  assert.deepEqual(empty.kind === 'whole' ? [empty.bytes.length, empty.stat] : empty.kind, [0, undefined]);
  assert.equal(readWholeFile(join(dir, 'exact'), room, false).kind, 'stream');
  assert.equal(readWholeFile(join(dir, 'big'), room, false).kind, 'stream');
  assert.throws(() => readWholeFile(join(dir, 'missing'), room, false), { code: 'ENOENT' });
});

test('a walk is sorted in byte order, with or without names that need their bytes compared', () => {
  const names = fc.array(
    fc.array(fc.constantFrom('a', 'B', '/', '.', 'é', 'ب', '\uffff', '\ue000', '😀', '\udc80', '\udcff', '0'), {
      maxLength: 6,
    }),
    { maxLength: 30 },
  );
  fc.assert(
    fc.property(names, fc.boolean(), (parts, plain) => {
      const paths = parts.map((p) => p.join('')).map((p) => (plain ? p.replace(/[\ud800-\udfff]/g, 'x') : p));
      const entries = paths.map((path) => ({ path, dirent: {} as Dirent }));
      const expected = [...paths].sort(byteOrder);
      assert.deepEqual(
        sortInByteOrder(entries).map((e) => e.path),
        expected,
      );
    }),
    { numRuns: 300 },
  );
});
