// In-place doubling against a plain Set: fingerprints chosen so that clusters sit at the end of
// the table and wrap around to slot 0 (where re-placing entries during growth can strand others),
// through many doublings, with claim, upsert values, find and the all-zero fingerprint mixed in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSeenTable } from '../../src/seen/seen-table.js';

// The table's home bucket is (a ^ (c >>> 7)) & mask; with c = 0, a picks the home directly.
// Words b and d make each fingerprint unique; the high bits of a pick where it lands after
// each doubling (home h or h + old capacity).
const fingerprint = (home: number, highBits: number, serial: number): Uint32Array =>
  Uint32Array.of(((highBits << 10) | (home & 0x3ff)) >>> 0, serial, 0, 0x5eed);

// Homes bunched at the end of a small table (and at its start), so clusters wrap.
const home = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 7 }).map((k) => (1 << 10) - 1 - k) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 1023 }) },
);
const operation = fc.record({
  home,
  highBits: fc.integer({ min: 0, max: (1 << 22) - 1 }),
  // Repeat an earlier key (by index into the keys so far) or add a new one.
  repeat: fc.option(fc.nat(), { freq: 3 }),
  kind: fc.constantFrom('claim', 'upsert', 'find'),
});

test('claim/upsert/find agree with a Set through in-place doublings, clusters wrapping at the end', () => {
  fc.assert(
    fc.property(
      fc.array(operation, { minLength: 1, maxLength: 3000 }),
      fc.constantFrom(1, 4, 16),
      fc.constantFrom(0, 3),
      (operations, initialCapacity, valueWords) => {
        const seen = createSeenTable(initialCapacity, valueWords);
        const keys: Uint32Array[] = [];
        const present = new Map<string, number>();
        for (const [serial, op] of operations.entries()) {
          const fp =
            op.repeat !== null && keys.length > 0
              ? keys[op.repeat % keys.length]
              : fingerprint(op.home, op.highBits, serial + 1);
          if (op.repeat === null) keys.push(fp);
          const id = fp.join(',');
          const known = present.has(id);
          if (op.kind === 'claim') {
            assert.equal(seen.claim(fp), !known);
            if (!known) present.set(id, 0);
          } else if (op.kind === 'upsert') {
            const e = seen.upsert(fp);
            assert.equal(seen.wasNew, !known);
            if (valueWords > 0) {
              if (!known) assert.equal(seen.values[e * valueWords], 0, 'a new entry starts with zero values');
              else assert.equal(seen.values[e * valueWords], present.get(id), 'values follow their entry');
              seen.values[e * valueWords] = serial + 1;
              seen.values[e * valueWords + valueWords - 1] = 7;
            }
            present.set(id, valueWords > 0 ? serial + 1 : 0);
          } else {
            assert.equal(seen.find(fp) >= 0, known);
          }
          assert.equal(seen.size, present.size);
        }
        // Every key recorded is still found at the end, with its last value; no other is.
        for (const fp of keys) {
          const e = seen.find(fp);
          assert.equal(e >= 0, present.has(fp.join(',')));
          if (e >= 0 && valueWords > 0) assert.equal(seen.values[e * valueWords], present.get(fp.join(',')));
        }
        assert.equal(seen.claim(Uint32Array.of(0, 0, 0, 0)), true);
      },
    ),
    { numRuns: 300 },
  );
});

test('a long run of one home bucket across the wrap point survives doubling after doubling', () => {
  for (const initialCapacity of [8, 64]) {
    const seen = createSeenTable(initialCapacity);
    const n = 3000;
    // All at the last bucket of every table size: every doubling sees a cluster that wraps.
    for (let i = 1; i <= n; i++) assert.equal(seen.claim(Uint32Array.of(0xffffffff, i, 0, 1)), true);
    for (let i = 1; i <= n; i++) assert.equal(seen.claim(Uint32Array.of(0xffffffff, i, 0, 1)), false, `entry ${i}`);
    // And a mixed second wave whose homes straddle both halves.
    for (let i = 1; i <= n; i++) assert.equal(seen.claim(Uint32Array.of((i * 2654435761) >>> 0, i, 3, 1)), true);
    for (let i = 1; i <= n; i++) assert.equal(seen.claim(Uint32Array.of((i * 2654435761) >>> 0, i, 3, 1)), false);
    assert.equal(seen.size, 2 * n);
  }
});

test('a big table grows in place: its storage stays one buffer past the first reservation', () => {
  const seen = createSeenTable(1 << 12, 2);
  const n = 1_000_000;
  for (let i = 1; i <= n; i++) {
    const e = seen.upsert(Uint32Array.of((i * 2654435761) >>> 0, i, (i * 40503) >>> 0, 9));
    seen.values[e * 2 + 1] = i;
  }
  let bad = 0;
  for (let i = 1; i <= n; i++) {
    const e = seen.find(Uint32Array.of((i * 2654435761) >>> 0, i, (i * 40503) >>> 0, 9));
    if (e < 0 || seen.values[e * 2 + 1] !== i) bad++;
  }
  assert.equal(bad, 0);
  // 2^21 slots at load <= 0.75, 16 + 8 bytes each, plus the scratch entry.
  assert.equal(seen.bytes, (1 << 21) * 24 + 8);
});

test('tiny tables: every small home pattern, doubling from 1 slot up, agrees with a Set', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 63 }), { minLength: 1, maxLength: 48 }),
      fc.constantFrom(1, 2, 4),
      (homes, initialCapacity) => {
        const seen = createSeenTable(initialCapacity, 1);
        const fps = homes.map((a, serial) => Uint32Array.of(a, serial + 1, 0, 1));
        for (const [k, fp] of fps.entries()) {
          const e = seen.upsert(fp);
          seen.values[e] = k + 1;
          for (let j = 0; j <= k; j++) {
            const found = seen.find(fps[j]);
            assert.ok(found >= 0 && seen.values[found] === j + 1, `entry ${j} after inserting ${k}`);
          }
        }
      },
    ),
    { numRuns: 3000 },
  );
});
