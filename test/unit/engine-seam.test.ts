// Issue 16, part 4 (the engine seam), in-process: a removed unit's typed `kept` and `first` places
// (a source, an earlier run through an index, none under keep none), the seen-set the engine hands
// an index, the router's narrow UnitDecider, and the key input the summary rebuilds from bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createKeyer, resolveKeySpec } from '../../src/key/index.js';
import { createFingerprinter } from '../../src/hash/fingerprint.js';
import { createJudge, type KeepPolicy } from '../../src/engine/judge.js';
import { createJudgeSeenSet } from '../../src/engine/judge-seen-set.js';
import type { DuplicateDetail, UnitDecider } from '../../src/engine/decider.js';
import { createUnitRouter, type RemovedUnit } from '../../src/engine/unit-router.js';
import { createDropJudge } from '../../src/scale/drop-judge.js';
import { splitUnits } from '../../src/split/split-units.js';
import { streamReader } from '../../src/input/byte-reader.js';
import { keyInputOf } from '../../src/split/key-input.js';
import { createJsonReport } from '../../src/report/json-report.js';
import { publicUnit } from '../../src/api/removed.js';

const encoder = new TextEncoder();

async function judgeWith(policy: KeepPolicy, seen = createJudgeSeenSet(true)) {
  const spec = resolveKeySpec('standard');
  if (spec.kind !== 'ok') throw new Error(spec.message);
  const judge = createJudge(createKeyer(spec.spec), await createFingerprinter(), () => seen, {
    policy,
    track: true,
    minChars: 0,
    minWords: 0,
  });
  return { judge, seen };
}

/** Runs lines (one unit each, source 0) through a judge; the details of the removed ones by line. */
function decideLines(
  judge: Awaited<ReturnType<typeof judgeWith>>['judge'],
  lines: string[],
): Map<number, DuplicateDetail> {
  const removed = new Map<number, DuplicateDetail>();
  const units = lines.map((text, i) => ({
    bytes: encoder.encode(text),
    pos: { source: 0, ordinal: i + 1, line: i + 1 },
  }));
  if (judge.needsCountingPass) for (const u of units) judge.count(u.bytes, 0, u.bytes.length, u.pos);
  for (const u of units) {
    if (!judge.decide(u.bytes, 0, u.bytes.length, u.pos)) removed.set(u.pos.line, { ...judge.detail });
  }
  return removed;
}

test('keep first: a removed unit names the first copy as kept, as a typed source place', async () => {
  const { judge } = await judgeWith('first');
  const removed = decideLines(judge, ['أحمد قال', 'other', 'احمد قال', 'أحمد قال']);
  assert.deepEqual([...removed.keys()], [3, 4]);
  assert.deepEqual(removed.get(3)?.kept, { kind: 'source', source: 0, line: 1 });
  assert.deepEqual(removed.get(3)?.first, { kind: 'source', source: 0, line: 1 });
  assert.equal(removed.get(3)?.identical, false, 'another spelling of the same key');
  assert.equal(removed.get(4)?.identical, true);
});

test('keep last and keep none: the kept place is the last copy, or none', async () => {
  const last = decideLines((await judgeWith('last')).judge, ['x', 'y', 'x', 'x']);
  assert.deepEqual([...last.keys()], [1, 3]);
  for (const d of last.values()) assert.deepEqual(d.kept, { kind: 'source', source: 0, line: 4 });
  const none = decideLines((await judgeWith('none')).judge, ['x', 'y', 'x']);
  assert.deepEqual([...none.keys()], [1, 3]);
  for (const d of none.values()) {
    assert.deepEqual(d.kept, { kind: 'none' });
    assert.deepEqual(d.first, { kind: 'source', source: 0, line: 1 });
  }
});

test('a unit an index remembers is removed with an earlier-run place, through the seen-set the engine provides', async () => {
  const added: string[] = [];
  const seen = createJudgeSeenSet(true, 16, (fp) => added.push([...fp].join(':')));
  const { judge } = await judgeWith('first', seen);
  const fp = new Uint32Array(4);
  const before = encoder.encode('from yesterday');
  assert.ok(judge.fingerprintOf(before, 0, before.length, fp));
  seen.rememberEarlier(fp);
  assert.deepEqual(added, [], 'what the index already holds is not added again');
  const removed = decideLines(judge, ['from yesterday', 'new today', 'from yesterday']);
  assert.deepEqual([...removed.keys()], [1, 3]);
  for (const d of removed.values()) {
    assert.deepEqual(d.kept, { kind: 'earlier-run' });
    assert.deepEqual(d.first, { kind: 'earlier-run' });
  }
  assert.equal(added.length, 1, 'only the new unit is heard');
  assert.equal(judge.repeatOf(fp)?.copies, 3, 'the index copy counts');
});

test('an untracked seen-set from the engine also takes earlier units, and the judge removes them', async () => {
  const seen = createJudgeSeenSet(false);
  const spec = resolveKeySpec('standard');
  if (spec.kind !== 'ok') throw new Error(spec.message);
  const judge = createJudge(createKeyer(spec.spec), await createFingerprinter(), () => seen, {
    policy: 'first',
    track: false,
    minChars: 0,
    minWords: 0,
  });
  const fp = new Uint32Array(4);
  const bytes = encoder.encode('old');
  judge.fingerprintOf(bytes, 0, bytes.length, fp);
  seen.rememberEarlier(fp);
  assert.equal(judge.decide(bytes, 0, bytes.length, { source: 0, ordinal: 1, line: 1 }), false);
  assert.equal(judge.repeatOf(fp), undefined, 'no counts without tracking');
});

async function route(
  decider: UnitDecider,
  text: string,
  watch = false,
): Promise<{ out: string; removed: RemovedUnit[] }> {
  let out = '';
  const removed: RemovedUnit[] = [];
  const router = createUnitRouter({
    mode: 'line',
    judge: decider,
    source: 0,
    tally: { units: 0, duplicates: 0, bytesIn: 0, bytesOut: 0 },
    out: {
      keep: (buf, start, end) => {
        out += Buffer.from(buf.subarray(start, end)).toString('utf8');
      },
      window() {},
    },
    watch: watch
      ? {
          removed: (unit) => {
            removed.push(unit);
          },
        }
      : undefined,
  });
  await splitUnits(
    streamReader(
      (async function* () {
        yield encoder.encode(text);
      })(),
    ),
    { mode: 'line', bufferSize: 64 },
    router,
  );
  router.finish();
  return { out, removed };
}

test('the router needs only decide(): a decider without a detail routes, and reports no removals it cannot explain', async () => {
  const evenGo: UnitDecider = { decide: (_s, _a, _b, pos) => pos.ordinal % 2 === 1 };
  assert.equal((await route(evenGo, 'a\nb\nc\nd\n')).out, 'a\nc\n');
  const watched = await route(evenGo, 'a\nb\nc\nd\n', true);
  assert.equal(watched.out, 'a\nc\n');
  assert.deepEqual(watched.removed, []);
});

test("apply's DropJudge is the narrow decider only, with no stubbed judge methods", async () => {
  const drop = createDropJudge(Uint32Array.of(2, 3));
  assert.deepEqual(Object.keys(drop).sort(), ['decide', 'unmatched']);
  assert.equal((await route(drop, 'a\nb\nc\nd\n')).out, 'a\nd\n');
  assert.equal(drop.unmatched, 0);
});

test('reports and the library read the typed place: earlier run and none become labels and nulls', async () => {
  const unit = (detail: Pick<DuplicateDetail, 'first' | 'kept'>): RemovedUnit => ({
    kind: 'removed',
    ordinal: 2,
    line: 2,
    endLine: 2,
    offset: 2,
    length: 2,
    bytes: encoder.encode('a\n'),
    detail: { ...detail, identical: true, fingerprint: new Uint32Array(4), near: undefined },
  });
  const labelOf = (s: number | 'earlier-run'): string => (s === 'earlier-run' ? 'day.idx' : `in${s}.txt`);
  const source = { index: 0, label: 'in0.txt', relative: 'in0.txt', encoding: 'utf-8' };
  const lines: string[] = [];
  const watch = createJsonReport(
    {
      write: (t) => {
        lines.push(String(t));
      },
    },
    labelOf,
  ).beginSource!(source)!;
  watch.removed!(unit({ first: { kind: 'earlier-run' }, kept: { kind: 'earlier-run' } }));
  watch.removed!(unit({ first: { kind: 'source', source: 0, line: 1 }, kept: { kind: 'none' } }));
  const [earlier, none] = lines.map((l) => JSON.parse(l));
  assert.deepEqual(
    [earlier.firstPath, earlier.firstLine, earlier.keptPath, earlier.keptLine],
    ['day.idx', null, 'day.idx', null],
  );
  assert.deepEqual([none.firstPath, none.firstLine, none.keptPath, none.keptLine], ['in0.txt', 1, null, null]);
  assert.deepEqual(
    publicUnit(unit({ first: { kind: 'earlier-run' }, kept: { kind: 'earlier-run' } }), source, labelOf, undefined)
      .kept,
    { kind: 'earlier-run', index: 'day.idx' },
  );
  assert.deepEqual(
    publicUnit(
      unit({ first: { kind: 'source', source: 1, line: 4 }, kept: { kind: 'source', source: 1, line: 4 } }),
      source,
      labelOf,
      undefined,
    ).kept,
    { kind: 'source', path: 'in1.txt', line: 4 },
  );
});

test("keyInputOf rebuilds from a unit's bytes exactly the key input the splitter hands the judge", async () => {
  const piece = fc.constantFrom('a', 'ب', ' ', '\n', '\r', '\r\n', 'xy', '\t');
  await fc.assert(
    fc.asyncProperty(
      fc.array(piece, { maxLength: 40 }),
      fc.constantFrom('line' as const, 'paragraph' as const),
      fc.integer({ min: 1, max: 12 }),
      async (pieces, mode, cut) => {
        const bytes = encoder.encode(pieces.join(''));
        const units: { bytes: Uint8Array; key: Uint8Array }[] = [];
        await splitUnits(
          streamReader(
            (async function* () {
              yield bytes;
            })(),
          ),
          { mode, bufferSize: 8 },
          {
            bom() {},
            blank() {},
            window() {},
            unit(buf, start, end, keyBuf, keyStart, keyEnd) {
              units.push({
                bytes: Uint8Array.from(buf.subarray(start, end)),
                key: Uint8Array.from(keyBuf.subarray(keyStart, keyEnd)),
              });
            },
          },
        );
        for (const u of units) {
          assert.deepEqual(keyInputOf(u.bytes, 1 << 20), u.key);
          assert.deepEqual(keyInputOf(u.bytes, cut), u.key.subarray(0, cut));
        }
      },
    ),
    { numRuns: 300 },
  );
});
