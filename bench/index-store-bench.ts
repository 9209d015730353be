// Measures the index storage layer at scale (not part of npm test): append 10M keys as per-input
// frames (one fdatasync each), then open + load them into the run's seen table, then look keys up.
// Usage: node dist/bench/index-store-bench.js [--keys N] [--frame-keys N] [--rounds N] [--dir D]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openIndex, type HashSpec } from '../src/index-store/index.js';
import { createSeenTable, type SeenSet } from '../src/seen/seen-table.js';

const HASH: HashSpec = { algorithm: 'xxh64x2', bits: 128, seeds: [0n, 0x9e3779b97f4a7c15n] };
const EXPECT = { keySpec: 'standard/1', hash: HASH };

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const KEYS = option('keys', 10_000_000);
const FRAME_KEYS = option('frame-keys', 10_000);
const ROUNDS = option('rounds', 3);
const dirArg = process.argv.indexOf('--dir');
const DIR = mkdtempSync(join(dirArg > 0 ? process.argv[dirArg + 1] : tmpdir(), 'dedupe-index-bench-'));
const PATH = join(DIR, 'bench.idx');
const owner = { pid: process.pid, isAlive: (pid: number) => pid === process.pid };

/** Fingerprint words for keys [from, from + count): xorshift, distinct with overwhelming odds. */
function keysFrom(from: number, count: number, salt = 0): Uint32Array {
  const out = new Uint32Array(count * 4);
  for (let k = 0; k < count; k++) {
    let x = (Math.imul(from + k + 1, 0x9e3779b1) ^ salt) >>> 0 || 1;
    for (let w = 0; w < 4; w++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[k * 4 + w] = x ^ (from + k);
    }
  }
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (n: number, ms: number): string => `${(n / ms / 1000).toFixed(2)} M/s`;
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function claimAll(seen: SeenSet, words: Uint32Array, scratch: Uint32Array): number {
  let fresh = 0;
  for (let i = 0; i < words.length; i += 4) {
    scratch[0] = words[i];
    scratch[1] = words[i + 1];
    scratch[2] = words[i + 2];
    scratch[3] = words[i + 3];
    if (seen.claim(scratch)) fresh++;
  }
  return fresh;
}

async function main(): Promise<void> {
  console.log(
    `index-store bench: ${KEYS.toLocaleString('en')} keys in frames of ${FRAME_KEYS.toLocaleString('en')}, ${ROUNDS} rounds, ${DIR}`,
  );

  // Append: the keys are generated before the clock starts; the clock covers encode, write, fdatasync.
  const opened = await openIndex(PATH, { mode: 'write', expect: EXPECT, ...owner });
  if (opened.kind !== 'ok') throw new Error(opened.message);
  let appendMs = 0;
  const frameMs: number[] = [];
  for (let from = 0, n = 0; from < KEYS; from += FRAME_KEYS, n++) {
    const frame = keysFrom(from, Math.min(FRAME_KEYS, KEYS - from));
    const t = performance.now();
    await opened.index.appendFrame(frame, {
      path: `day-001/article-${n}.txt`,
      digest: n.toString(16).padStart(64, '0'),
    });
    const dt = performance.now() - t;
    appendMs += dt;
    frameMs.push(dt);
  }
  await opened.index.close();
  const size = statSync(PATH).size;
  console.log(
    `append  ${rate(KEYS, appendMs)} keys (${frameMs.length} frames, median ${median(frameMs).toFixed(2)} ms a frame incl. fdatasync); ` +
      `${mb(size)} on disk = ${(size / KEYS).toFixed(2)} bytes a key`,
  );

  const opens: number[] = [],
    loads: number[] = [],
    loadCpus: number[] = [],
    scans: number[] = [],
    hits: number[] = [],
    misses: number[] = [];
  let tableBytes = 0;
  const fresh = keysFrom(KEYS, KEYS, 0x5bd1e995);
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    const reader = await openIndex(PATH, { mode: 'readonly', expect: EXPECT });
    if (reader.kind !== 'ok') throw new Error(reader.message);
    const t1 = performance.now();
    let words = 0;
    reader.index.forEachFingerprintBatch((batch) => {
      words += batch.length;
    });
    const tScan = performance.now() - t1;
    if (words !== KEYS * 4) throw new Error('scan handed out the wrong number of words');
    scans.push(tScan);
    const t1b = performance.now();
    const c1 = process.cpuUsage();
    // Presized from the key count open reports, so loading never rehashes.
    const seen = createSeenTable(Math.ceil(reader.index.keys / 0.75) + 1);
    const scratch = new Uint32Array(4);
    let inserted = 0;
    reader.index.forEachFingerprintBatch((words) => {
      inserted += claimAll(seen, words, scratch);
    });
    const t2 = performance.now();
    const cpu = process.cpuUsage(c1);
    loadCpus.push((cpu.user + cpu.system) / 1000);
    if (inserted !== KEYS) throw new Error(`loaded ${inserted} distinct keys, expected ${KEYS}`);
    opens.push(t1 - t0);
    loads.push(t2 - t1b);
    tableBytes = seen.bytes;

    // Lookups of keys that are all present (every claim false), then of new ones (claim true).
    const again = keysFrom(0, KEYS);
    const t3 = performance.now();
    const hitFresh = claimAll(seen, again, scratch);
    const t4 = performance.now();
    const missFresh = claimAll(seen, fresh, scratch);
    const t5 = performance.now();
    if (hitFresh !== 0 || missFresh !== KEYS) throw new Error('lookup results are wrong');
    hits.push(t4 - t3);
    misses.push(t5 - t4);
    await reader.index.close();
  }
  const open = median(opens),
    load = median(loads);
  console.log(
    `open    ${open.toFixed(0)} ms (header + every frame checksum-verified, ${(size / 2 ** 20 / (open / 1000)).toFixed(0)} MiB/s)`,
  );
  console.log(
    `load    ${load.toFixed(0)} ms into a presized seen table = ${rate(KEYS, load)} inserts; open + load ${(open + load).toFixed(0)} ms`,
  );
  console.log(
    `        CPU time of the load ${median(loadCpus).toFixed(0)} ms (wall time above includes waiting for a busy machine)`,
  );
  console.log(
    `        of which reading + verifying the frames alone takes ${median(scans).toFixed(0)} ms (a second pass with a no-op callback)`,
  );
  console.log(
    `lookup  ${rate(KEYS, median(hits))} (all present), ${rate(KEYS, median(misses))} (all new, inserted; table grows once)`,
  );
  console.log(
    `memory  seen table ${mb(tableBytes)} at load = ${(tableBytes / KEYS).toFixed(1)} bytes a key; rss ${mb(process.memoryUsage().rss)}`,
  );
  console.log(
    `rounds  open ${opens.map((x) => x.toFixed(0)).join(' ')} ms; load ${loads.map((x) => x.toFixed(0)).join(' ')} ms`,
  );
}

try {
  await main();
} finally {
  rmSync(DIR, { recursive: true, force: true });
}
