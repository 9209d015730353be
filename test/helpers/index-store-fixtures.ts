// Shared ground for the index-store tests: temporary folders, the run's hash description, writer
// options with an injectable liveness probe, deterministic fingerprints, and ways to read back
// what an index holds (as hex strings, in file order).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import type { HashSpec, IndexReader, WriteOpenOptions } from '../../src/index-store/index.js';

export const HASH: HashSpec = { algorithm: 'xxh64x2', bits: 128, seeds: [0n, 0x9e3779b97f4a7c15n] };
export const SPEC = 'standard/1';
export const EXPECT = { keySpec: SPEC, hash: HASH };

export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedupe-index-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writer(
  pid: number,
  alive: (pid: number) => boolean = () => true,
  extra: Partial<WriteOpenOptions> = {},
): WriteOpenOptions {
  return { mode: 'write', expect: EXPECT, pid, isAlive: alive, ...extra };
}

export const READONLY = { mode: 'readonly', expect: EXPECT } as const;

/** `count` fingerprints that depend only on (seed, count): xorshift32 words, never all zero. */
export function fingerprints(seed: number, count: number): Uint32Array {
  const out = new Uint32Array(count * 4);
  let x = (seed * 2654435761 + 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x;
  }
  return out;
}

export function hexList(words: Uint32Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 4) {
    out.push(
      `${words[i].toString(16)}.${words[i + 1].toString(16)}.${words[i + 2].toString(16)}.${words[i + 3].toString(16)}`,
    );
  }
  return out;
}

/** Every fingerprint the index hands out, in order. */
export function loadAll(index: IndexReader): string[] {
  const out: string[] = [];
  index.forEachFingerprintBatch((words) => {
    if (words.length % 4 !== 0) throw new Error(`batch of ${words.length} words`);
    for (const fp of hexList(words)) out.push(fp);
  });
  return out;
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function listing(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** Asserts an ok result and narrows to it; a refusal fails with its own message. */
export function ok<T extends { kind: string }>(result: T): Extract<T, { kind: 'ok' }> {
  if (result.kind !== 'ok') assert.fail(`expected ok, got ${result.kind}: ${(result as { message?: string }).message}`);
  return result as Extract<T, { kind: 'ok' }>;
}
