// Damage and repair: a torn last frame (truncated anywhere inside it, or followed by zeros) is cut
// by a writer and ignored by a reader, with a warning; a flipped byte in a complete frame or the
// header is refused as corrupt, by readers and writers alike; salvage keeps every intact frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockPathFor, openIndex, salvageIndex } from '../../src/index-store/index.js';
import {
  READONLY,
  fingerprints,
  hexList,
  loadAll,
  ok,
  sha256,
  tempDir,
  writer,
} from '../helpers/index-store-fixtures.js';

const FRAMES = [fingerprints(1, 40), fingerprints(2, 0), fingerprints(3, 9), fingerprints(4, 25)];

/** An index of FRAMES; returns the byte offset where each frame starts, plus the end. */
async function build(path: string, frames = FRAMES): Promise<number[]> {
  const opened = ok(
    await openIndex(
      path,
      writer(1, () => true, { clock: () => 1_700_000_000_000 }),
    ),
  );
  const offsets: number[] = [];
  for (const [i, fps] of frames.entries()) {
    offsets.push(statSync(path).size);
    await opened.index.appendFrame(fps, { path: `in/${i}.txt`, digest: `digest-${i}` });
  }
  offsets.push(statSync(path).size);
  await opened.index.close();
  return offsets;
}

const expected = (frames: Uint32Array[]): string[] => frames.flatMap((f) => hexList(f));

test('a torn last frame is ignored by readers and cut by a writer, wherever the cut falls', async (t) => {
  const dir = tempDir(t);
  const pristine = join(dir, 'pristine.idx');
  const offsets = await build(pristine);
  const last = offsets[3],
    end = offsets[4];
  const length = end - last;
  for (const keep of [1, 4, 31, 32, 33, 48, 100, length - 5, length - 4, length - 1]) {
    const path = join(dir, `torn-${keep}.idx`);
    copyFileSync(pristine, path);
    truncateSync(path, last + keep);
    const before = sha256(path);

    const reader = ok(await openIndex(path, READONLY));
    assert.equal(reader.warnings.length, 1, `keep ${keep}`);
    assert.match(reader.warnings[0], /ignored an incomplete last frame/);
    assert.equal(reader.index.frames, 3);
    assert.deepEqual(loadAll(reader.index), expected(FRAMES.slice(0, 3)));
    await reader.index.close();
    assert.equal(sha256(path), before, 'a reader cuts nothing');

    const opened = ok(
      await openIndex(
        path,
        writer(2, () => true, { clock: () => 1_700_000_000_000 }),
      ),
    );
    assert.equal(opened.warnings.length, 1);
    assert.match(opened.warnings[0], /cut off an incomplete last frame/);
    assert.equal(statSync(path).size, last, `cut back to the last whole frame (keep ${keep})`);
    assert.equal(opened.index.committedInputs().has('in/3.txt'), false, 'the torn input is not marked done');
    await opened.index.appendFrame(FRAMES[3], { path: 'in/3.txt', digest: 'digest-3' });
    await opened.index.close();
    assert.equal(sha256(path), sha256(pristine), 'appending the input again gives the uninterrupted file');
  }
});

test('a zero-filled tail (file extended but never written, as after a power cut) is torn, not corrupt', async (t) => {
  const path = join(tempDir(t), 'zeros.idx');
  const offsets = await build(path);
  appendFileSync(path, Buffer.alloc(300));
  const opened = ok(await openIndex(path, writer(2)));
  assert.match(opened.warnings.join(), /zero-filled tail/);
  assert.equal(statSync(path).size, offsets[4]);
  assert.deepEqual(loadAll(opened.index), expected(FRAMES));
  await opened.index.close();
});

test('a flipped byte in a complete frame is refused by readers and writers, naming the frame', async (t) => {
  const dir = tempDir(t);
  const pristine = join(dir, 'pristine.idx');
  const offsets = await build(pristine);
  // Places inside frame #2 (9 keys) and the last frame #3: marker, count, header checksum,
  // a fingerprint, the path, the padding, the frame checksum.
  const frame2 = offsets[2],
    frame3 = offsets[3],
    end = offsets[4];
  const cases = [
    { at: frame2 + 0, frame: 2 },
    { at: frame2 + 4, frame: 2 },
    { at: frame2 + 29, frame: 2 },
    { at: frame2 + 32 + 16 * 5 + 3, frame: 2 },
    { at: frame2 + 32 + 16 * 9 + 2, frame: 2 },
    { at: offsets[3] - 5, frame: 2 },
    { at: offsets[3] - 1, frame: 2 },
    { at: frame3 + 8, frame: 3 },
    { at: frame3 + 40, frame: 3 },
    { at: end - 2, frame: 3 },
  ];
  for (const { at, frame } of cases) {
    const path = join(dir, `flip-${at}.idx`);
    copyFileSync(pristine, path);
    const bytes = readFileSync(path);
    bytes[at] ^= 0x10;
    writeFileSync(path, bytes);
    const before = sha256(path);
    for (const options of [READONLY, writer(3)] as const) {
      const result = await openIndex(path, options as Parameters<typeof openIndex>[1] & { mode: 'write' });
      assert.equal(result.kind, 'corrupt', `byte ${at} (${options.mode})`);
      if (result.kind !== 'corrupt') continue;
      assert.equal(result.frame, frame, `byte ${at}`);
      assert.equal(result.validBytes, offsets[frame]);
      assert.match(result.message, new RegExp(`frame #${frame} at byte ${offsets[frame]}`));
      assert.match(result.message, /salvage/);
    }
    assert.equal(sha256(path), before, 'a corrupt index is not changed by opening it');
    assert.equal(existsSync(lockPathFor(path)), false, 'nor left locked');
  }
});

test('a flipped byte in the header or inside a frame larger than the read chunk is caught', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'h.idx');
  await build(path);
  const bytes = readFileSync(path);
  bytes[40] ^= 1;
  writeFileSync(path, bytes);
  const header = await openIndex(path, READONLY);
  assert.equal(header.kind === 'corrupt' && header.frame, undefined);
  assert.equal(header.kind, 'corrupt');

  const big = join(dir, 'big.idx');
  const offsets = await build(big, [fingerprints(5, 3), fingerprints(6, 30_000)]);
  const data = readFileSync(big);
  data[offsets[1] + 32 + 16 * 20_000 + 7] ^= 0x80;
  writeFileSync(big, data);
  const result = await openIndex(big, { ...READONLY, readChunkBytes: 1 });
  assert.equal(result.kind === 'corrupt' && result.frame, 1);
});

test('salvage keeps every intact frame around a damaged one and the result opens cleanly', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'damaged.idx');
  const offsets = await build(path);
  const bytes = readFileSync(path);
  bytes[offsets[0] + 32 + 16 * 7] ^= 0xff;
  writeFileSync(path, bytes);
  appendFileSync(path, Buffer.from('half a frame'));
  assert.equal((await openIndex(path, READONLY)).kind, 'corrupt');

  const salvaged = ok(await salvageIndex(path, { pid: 9, isAlive: () => true }));
  assert.deepEqual(
    salvaged.summary.dropped.map((d) => [d.offset, d.bytes, d.why]),
    [
      [offsets[0], offsets[1] - offsets[0], 'damaged'],
      [offsets[4], 12, 'incomplete tail'],
    ],
  );
  assert.equal(salvaged.summary.framesKept, 3);
  assert.equal(salvaged.summary.keysKept, 34);
  const reopened = ok(await openIndex(path, writer(10)));
  assert.deepEqual(reopened.warnings, []);
  assert.deepEqual(loadAll(reopened.index), expected(FRAMES.slice(1)));
  assert.deepEqual([...reopened.index.committedInputs().keys()], ['in/1.txt', 'in/2.txt', 'in/3.txt']);
  await reopened.index.close();
  assert.equal(existsSync(lockPathFor(path)), false);
});
