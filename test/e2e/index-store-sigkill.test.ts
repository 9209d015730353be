// Crash safety at the storage level: a child appends frames and reports each one after
// appendFrame resolved; it is SIGKILLed at random moments, many times. Every reopen must succeed
// and hold every acknowledged frame, whole and in order; nothing else may be lost or changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openIndex } from '../../src/index-store/index.js';
import { READONLY, ok, tempDir } from '../helpers/index-store-fixtures.js';
import { frameFingerprints, frameInput } from '../helpers/index-store-writer.js';

const WRITER = join(dirname(fileURLToPath(import.meta.url)), '..', 'helpers', 'index-store-writer.js');
const ROUNDS = 12;

const bytesOf = (words: Uint32Array): Uint8Array => new Uint8Array(words.buffer, words.byteOffset, words.byteLength);

interface Round {
  acknowledged: number[];
  opened: boolean;
  stderr: string;
}

/** Kills `delayMs` after the child reported that it opened the index, or, with `fromSpawn`, that
 *  long after spawning it (so some kills land while it opens, cuts a torn tail or takes the lock). */
function runAndKill(path: string, delayMs: number, fromSpawn: boolean): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '',
      err = '';
    let timer = fromSpawn ? setTimeout(() => child.kill('SIGKILL'), delayMs) : undefined;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      if (!timer && !out.includes('open ') && (out + s).includes('open '))
        timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      out += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      err += s;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`writer exited with ${code}: ${err}`));
        return;
      }
      const lines = out.split('\n').filter((l) => l !== '');
      resolve({
        opened: lines.some((l) => l.startsWith('open ')),
        acknowledged: lines.filter((l) => /^\d+$/.test(l)).map(Number),
        stderr: err,
      });
    });
  });
}

test('SIGKILL at random moments never loses an acknowledged frame, and reopening always works', async (t) => {
  const path = join(tempDir(t), 'killed.idx');
  // A fixed seed keeps failures reproducible; the delays still fall on different instructions.
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const acknowledged = new Set<number>();
  let killedMidWrite = 0;
  const frameBytes: Uint8Array[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const fromSpawn = round % 4 === 1;
    const result = await runAndKill(
      path,
      fromSpawn ? 150 + Math.floor(random() * 150) : Math.floor(random() * 150),
      fromSpawn,
    );
    assert.equal(result.stderr, '', `round ${round}`);
    for (const n of result.acknowledged) acknowledged.add(n);

    const reopened = await openIndex(path, READONLY);
    if (!result.opened && reopened.kind === 'error' && reopened.reason === 'missing') continue;
    const { index, warnings } = ok(reopened);
    if (warnings.length > 0) killedMidWrite++;
    const inputs = index.committedInputs();
    for (const n of acknowledged) {
      assert.equal(
        inputs.get(frameInput(n).path),
        frameInput(n).digest,
        `round ${round}: acknowledged frame ${n} is present`,
      );
    }
    // Frames are exactly 0..frames-1 with their own contents: nothing torn was kept, nothing reordered.
    assert.equal(index.frames, inputs.size);
    for (let n = frameBytes.length; n < index.frames; n++) frameBytes.push(bytesOf(frameFingerprints(n)));
    const expected = Buffer.concat(frameBytes.slice(0, index.frames));
    const loaded: Buffer[] = [];
    index.forEachFingerprintBatch((words) => {
      loaded.push(Buffer.from(bytesOf(words)));
    });
    assert.ok(
      Buffer.concat(loaded).equals(expected),
      `round ${round}: the ${index.frames} frames hold exactly their own fingerprints`,
    );
    await index.close();
  }
  assert.ok(acknowledged.size > ROUNDS, `the writer committed frames between kills (${acknowledged.size})`);
  t.diagnostic(
    `${acknowledged.size} frames acknowledged over ${ROUNDS} kills; ${killedMidWrite} reopens found a torn tail`,
  );
});
