// The line pool of the W2 and giant scenarios (issue 20): the real corpus's distinct non-blank
// lines when ../shared/corpus is there, else the generator's lines; kept only when their default
// key is new, so that for every tool the expected count is simply how many pool lines were drawn.
// Sampling with replacement and writing the corpus, deterministic for a seed.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from './context.js';
import { corpus } from './scenario-generated.js';
import { prepareRealCorpus } from './real-corpus.js';
import { createRng } from './prng.js';
import { createKeyer, resolveKeySpec } from '../src/key/index.js';

export interface LinePool {
  readonly lines: readonly Buffer[];
  /** Where the lines came from, for the report. */
  readonly source: string;
}

export function linePool(ctx: Context): LinePool {
  let text: Buffer;
  let source: string;
  if (ctx.options.realDir) {
    const real = prepareRealCorpus(ctx.options.realDir, join(ctx.workDir, 'w2-real.txt'));
    text = readFileSync(real.oneFile);
    source = `the real corpus (${ctx.options.realDir})`;
  } else {
    text = readFileSync(corpus(ctx, { kind: 'lines', bytes: 8 << 20 }).oneFile);
    source = 'the generator (no ../shared/corpus)';
  }
  const spec = resolveKeySpec('standard');
  if (spec.kind !== 'ok') throw new Error(spec.message);
  const keyer = createKeyer(spec.spec);
  const keys = new Set<string>();
  const lines: Buffer[] = [];
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf(10, at);
    if (end < 0) end = text.length;
    const line = text.subarray(at, end);
    at = end + 1;
    const length = keyer.fold(line, 0, line.length);
    if (length === 0 || line.includes(13)) continue; // blank under the key, or a stray CR
    const key = Buffer.from(keyer.out.subarray(0, length)).toString('latin1');
    if (keys.has(key)) continue;
    keys.add(key);
    lines.push(Buffer.from(line));
  }
  return { lines, source };
}

/**
 * Writes lines drawn with replacement until `bytes`, each followed by `separator`; returns how
 * many distinct pool lines were drawn (what every tool must keep when separator is a newline).
 */
export function writeSampled(pool: LinePool, path: string, bytes: number, seed: number, separator: number): number {
  const rng = createRng(seed);
  const drawn = new Uint8Array(pool.lines.length);
  let distinct = 0;
  const chunk = Buffer.allocUnsafe(1 << 20);
  let used = 0;
  let written = 0;
  const fd = openSync(path, 'w');
  try {
    while (written + used < bytes) {
      const k = rng.below(pool.lines.length);
      if (drawn[k] === 0) {
        drawn[k] = 1;
        distinct++;
      }
      const line = pool.lines[k];
      if (used + line.length + 1 > chunk.length) {
        writeSync(fd, chunk, 0, used);
        written += used;
        used = 0;
      }
      if (line.length + 1 > chunk.length) {
        writeSync(fd, line);
        writeSync(fd, Uint8Array.of(separator));
        written += line.length + 1;
        continue;
      }
      line.copy(chunk, used);
      chunk[used + line.length] = separator;
      used += line.length + 1;
    }
    writeSync(fd, chunk, 0, used);
  } finally {
    closeSync(fd);
  }
  return distinct;
}
