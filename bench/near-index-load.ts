// Loading an index's near records (--near --index): builds a synthetic index of N near records
// (random signatures, compressed keys of generated Arabic-like text, frames of 10,000 records)
// once per size, then times the load a run does (open, read the near frames, put every record
// into the matcher's LSH index) and prints JSON: seconds, bytes per record on disk, the matcher's
// own bytes per record and the growth of peak RSS per record. Not a test: speed is measured here.
// node dist/bench/near-index-load.js [records=1000000] [dir=/tmp]
import { existsSync } from 'node:fs';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openIndex, createNearRecordWriter, forEachNearRecord } from '../src/index-store/index.js';
import { HASH_SPEC } from '../src/hash/hash-spec.js';
import { createNearArchive, nearSpec } from '../src/near/archive-candidates.js';
import { createNearMatcher } from '../src/near/near-matcher.js';
import { NEAR_SHAPE } from '../src/near/near-shape.js';
import { NEAR_SCORE_VERSION, NEAR_THRESHOLD } from '../src/near/near-score.js';
import { shippedDfTable } from '../src/near/df-table.js';
import { shippedKeyCodec } from '../src/near/key-codec.js';
import { createRng } from './prng.js';

const LETTERS = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';
const PER_FRAME = 10_000;
const KEY_SPEC = 'standard/1';

function peakRssBytes(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

async function build(path: string, n: number): Promise<void> {
  const rng = createRng(7);
  const codec = shippedKeyCodec();
  const enc = new TextEncoder();
  // A few hundred distinct keys, compressed once: the load never decompresses them.
  const keys = Array.from({ length: 256 }, () => {
    let s = '';
    while (s.length < 240) {
      const len = rng.between(2, 8);
      for (let j = 0; j < len; j++) s += LETTERS[rng.below(LETTERS.length)];
      s += ' ';
    }
    const bytes = enc.encode(s.trim());
    return { bytes: bytes.length, packed: codec.compress(bytes) };
  });
  const opened = await openIndex(path, {
    mode: 'write',
    expect: { keySpec: KEY_SPEC, hash: HASH_SPEC },
    pid: process.pid,
    isAlive: () => false,
  });
  if (opened.kind !== 'ok') throw new Error(opened.message);
  const spec = nearSpec(NEAR_SCORE_VERSION.mix, NEAR_SHAPE, KEY_SPEC, codec);
  const records = createNearRecordWriter();
  const signature = new Uint8Array(NEAR_SHAPE.length);
  const fps = new Uint32Array(4 * PER_FRAME);
  for (let done = 0, frame = 0; done < n; frame++) {
    const count = Math.min(PER_FRAME, n - done);
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < signature.length; k++) signature[k] = rng.below(256);
      const key = keys[rng.below(keys.length)];
      records.add(signature, rng.below(2 ** 32), i + 1, key.bytes, key.packed);
      for (let w = 0; w < 4; w++) fps[i * 4 + w] = rng.below(2 ** 32);
    }
    const taken = records.take();
    await opened.index.appendFrame(
      fps.subarray(0, count * 4),
      { path: `/synthetic/${frame}.txt`, digest: String(frame) },
      { spec, signatureBytes: NEAR_SHAPE.length, ...taken },
    );
    done += count;
  }
  await opened.index.close();
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? '1000000');
  const path = join(process.argv[3] ?? '/tmp', `near-load-${n}.idx`);
  if (!existsSync(path)) await build(path, n);
  const rssBefore = peakRssBytes();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const opened = await openIndex(path, { mode: 'readonly', expect: { keySpec: KEY_SPEC, hash: HASH_SPEC } });
  if (opened.kind !== 'ok') throw new Error(opened.message);
  const codec = shippedKeyCodec();
  const records = createNearRecordWriter();
  const archive = createNearArchive(
    opened.index,
    nearSpec(NEAR_SCORE_VERSION.mix, NEAR_SHAPE, KEY_SPEC, codec),
    NEAR_SHAPE,
    { forEach: forEachNearRecord, add: records.add, take: records.take },
    { writes: false, codec },
  );
  const matcher = createNearMatcher(
    {
      score: 'mix',
      threshold: NEAR_THRESHOLD.mix,
      minChars: 80,
      removeTemplates: false,
      shape: NEAR_SHAPE,
      df: shippedDfTable,
    },
    {
      rereadable: () => false,
      reread: () => undefined,
      key: (t) => t,
      keyHash: () => 0,
    },
    archive,
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const stats = opened.index.nearFrames().reduce((s, f) => s + f.length, 0);
  process.stdout.write(
    `${JSON.stringify({
      records: matcher.size,
      loadSeconds: Math.round(seconds * 100) / 100,
      // On a shared machine the wall time waits for the CPU: the CPU time is the work itself.
      loadCpuSeconds: Math.round(((used.user + used.system) / 1e6) * 100) / 100,
      bytesPerRecordOnDisk: Math.round((stats / n) * 10) / 10,
      fileBytesPerRecord: Math.round((statSync(path).size / n) * 10) / 10,
      matcherBytesPerRecord: Math.round(matcher.bytes / n),
      peakRssGrowthPerRecord: Math.round((peakRssBytes() - rssBefore) / n),
    })}\n`,
  );
  await opened.index.close();
}

await main();
