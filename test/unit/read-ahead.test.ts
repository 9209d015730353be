// The reader thread on its own (threads/read-ahead.ts, reader-worker.ts): it hands each small
// regular file's exact bytes out in order, and leaves to the main thread (undefined) every file it
// did not read cleanly: one gone since the walk, a FIFO (without blocking on it), a folder, one
// too big for a slot. A run below the threshold starts no thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { treeFactory } from '../helpers/cli.js';
import { startReadAhead, type AheadCandidate } from '../../src/threads/read-ahead.js';
import { SLOT_BYTES, SLOTS } from '../../src/threads/read-ahead-format.js';

const tree = treeFactory();

// Fewer files than the reader's slots (SLOTS), so it reads them all before any is taken.
function folder(): { sources: AheadCandidate[]; good: Set<number> } {
  const files: Record<string, string | Uint8Array> = {};
  for (let i = 0; i < 50; i++)
    files[`f${String(i).padStart(3, '0')}.txt`] = i % 9 === 0 ? '' : `line ${i}\nسلام ${i % 4}\n`;
  files['big.txt'] = Buffer.alloc(SLOT_BYTES + 10, 0x61);
  const t = tree(files);
  execFileSync('mkfifo', [t.path('fifo')]);
  const sources: AheadCandidate[] = Object.keys(files)
    .filter((name) => name !== 'big.txt')
    .map((name) => ({ kind: 'file', path: t.path(name), regular: true }));
  // Listed as regular by the walk, but no longer so, or gone, when read.
  for (const name of ['gone.txt', 'fifo', '.', 'big.txt'])
    sources.splice(30, 0, { kind: 'file', path: t.path(name), regular: true });
  // Not the reader's: stdin, a problem, a file with a spool.
  sources.splice(10, 0, { kind: 'stdin' }, { kind: 'problem' }, { kind: 'file', path: t.path('f001.txt'), spool: 'x' });
  const good = new Set<number>();
  sources.forEach((s, k) => {
    if (s.spool === undefined && s.path !== undefined && /f\d{3}\.txt$/.test(s.path)) good.add(k);
  });
  assert.ok(sources.length < SLOTS);
  return { sources, good };
}

test('the reader hands out each small file exactly, and leaves the rest to this thread', async () => {
  const { sources, good } = folder();
  const ahead = startReadAhead(sources, 1);
  assert.ok(ahead, 'a reader started');
  try {
    await ahead.finished();
    let fromReader = 0;
    for (let index = 0; index < sources.length; index++) {
      const s = sources[index];
      const bytes: Buffer | undefined = ahead.take(index);
      if (!good.has(index)) {
        assert.equal(bytes, undefined, `${s.kind} ${s.path ?? ''} is left to the main thread`);
        continue;
      }
      assert.ok(bytes, `${s.path} was read ahead`);
      assert.ok(Buffer.from(bytes).equals(readFileSync(s.path!)), `${s.path}: its exact bytes`);
      fromReader++;
    }
    assert.equal(fromReader, 50);
  } finally {
    ahead.close();
  }
});

test('a file this thread claims is its own: the reader never reads it after', async () => {
  const { sources } = folder();
  const ahead = startReadAhead(sources, 1)!;
  try {
    // Asked at once, before the reader has likely started: what this thread claims stays its own.
    const first = [0, 1, 2, 3, 4].map((index) => ahead.take(index));
    await ahead.finished();
    first.forEach((bytes, index) => {
      if (bytes === undefined) assert.equal(ahead.take(index), undefined, `file ${index} stays this thread's`);
    });
    assert.ok(first.includes(undefined), 'the reader was not first everywhere');
  } finally {
    ahead.close();
  }
});

test('below the threshold, no reader thread', () => {
  const { sources } = folder();
  assert.equal(startReadAhead(sources, 1000), undefined);
  assert.equal(startReadAhead([{ kind: 'stdin' }], 0), undefined);
});
