// One router and one splitter begun again for each small file (route-source.ts createWholeRoute,
// UnitRouter.restart, wholeSplitter) must route every file exactly as a fresh router and splitter
// would: the same kept bytes, tallies, removed units and spans, in every unit mode, across random
// files that start with blank lines, end without a break, or use CR and CRLF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWholeRoute, routeWhole, type RouteOptions, type TextOpened } from '../../src/run/route-source.js';
import type { UnitDecider, UnitPosition } from '../../src/engine/decider.js';
import type { RemovedUnit, SourceTally } from '../../src/engine/unit-router.js';
import { memoryReader } from '../../src/input/byte-reader.js';

const PIECES = ['a', 'b', 'سلام', ' ', '', 'c c'];
const BREAKS = ['\n', '\r\n', '\r', '\n\n', '\n \n'];

function randomFile(next: () => number): Buffer {
  let text = next() % 4 === 0 ? '\n \n' : '';
  for (let i = next() % 9; i > 0; i--) text += PIECES[next() % PIECES.length] + BREAKS[next() % BREAKS.length];
  if (next() % 3 === 0) text += PIECES[next() % PIECES.length];
  return Buffer.from(text);
}

// Keep first by the key's own bytes, with a detail so removed units reach the watch.
function keepFirst(): UnitDecider {
  const seen = new Set<string>();
  const detail = {
    first: { kind: 'source' as const, source: 0, line: 1 },
    kept: { kind: 'source' as const, source: 0, line: 1 },
    identical: true,
    fingerprint: new Uint32Array(4),
    near: undefined,
  };
  return {
    detail,
    decide(src: Uint8Array, start: number, end: number, pos: UnitPosition) {
      const key = Buffer.from(src.subarray(start, end)).toString('latin1');
      if (seen.has(key)) return false;
      seen.add(key);
      detail.first = { kind: 'source', source: pos.source, line: pos.line };
      return true;
    },
  };
}

interface Routed {
  out: string;
  tallies: SourceTally[];
  events: string[];
}

async function routeAll(files: Buffer[], mode: RouteOptions['mode'], reuse: boolean): Promise<Routed> {
  const judge = keepFirst();
  const routed: Routed = { out: '', tallies: [], events: [] };
  const route = createWholeRoute();
  for (const [index, file] of files.entries()) {
    // The splitter reads its input where it lies: each file in the same room, as a run's are.
    const room = Buffer.alloc(file.length);
    file.copy(room);
    const opened: TextOpened = {
      kind: 'text',
      reader: memoryReader(room),
      encoding: 'utf-8',
      invalidBytes: () => false,
      whole: room,
    };
    const tally: SourceTally = { units: 0, duplicates: 0, bytesIn: 0, bytesOut: 0 };
    const options: RouteOptions = {
      mode,
      bufferSize: 64,
      scratch: {},
      judge,
      source: index,
      tally,
      out: {
        keep: (buf, start, end) => void (routed.out += Buffer.from(buf.subarray(start, end)).toString('latin1')),
        window: () => undefined,
      },
      watch: {
        span: (kept, _buf, start, end, unit) =>
          routed.events.push(`${index} ${kept} ${end - start} ${unit?.ordinal ?? '-'}`),
        removed: (unit: RemovedUnit) =>
          routed.events.push(
            `${index} removed ${unit.ordinal} ${unit.line}-${unit.endLine} ${unit.offset}+${unit.length}`,
          ),
        kept: (_buf, start, end, line) => routed.events.push(`${index} kept ${end - start} ${line}`),
      },
      onWindow: (write) => write(),
    };
    const written = reuse ? route(opened, room, options) : routeWhole(opened, room, options);
    if (written) await written;
    routed.tallies.push(tally);
  }
  return routed;
}

for (const mode of ['line', 'paragraph', 'document'] as const) {
  test(`a run's small files through one router and splitter: as fresh ones would (--unit ${mode})`, async () => {
    for (let seed = 1; seed <= 40; seed++) {
      let state = seed;
      const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8;
      const files = Array.from({ length: 12 }, () => randomFile(next));
      const fresh = await routeAll(files, mode, false);
      const reused = await routeAll(files, mode, true);
      assert.equal(reused.out, fresh.out, `seed ${seed}`);
      assert.deepEqual(reused.tallies, fresh.tallies, `seed ${seed}`);
      assert.deepEqual(reused.events, fresh.events, `seed ${seed}`);
      assert.equal(fresh.out.length, files.reduce((n, f) => n + f.length, 0) - removedBytes(fresh));
    }
  });
}

function removedBytes(routed: Routed): number {
  return routed.tallies.reduce((n, t) => n + t.bytesIn - t.bytesOut, 0);
}
