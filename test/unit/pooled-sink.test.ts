// The pooled sink (src/fs/pooled-sink.ts): a small output is held until its commit, a big one
// streams to its temporary file; whatever fails or is aborted, and whenever, no temporary file and
// no partial target is left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createPooledSink, HELD_BYTES } from '../../src/fs/pooled-sink.js';
import { realWriteFs, type WriteFs } from '../../src/fs/atomic-sink.js';
import { treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const noSync = (): void => {};

test('a small output is held until its commit: no file at all before, the whole file after', async () => {
  const t = tree({});
  const sink = createPooledSink(t.path('out.txt'), null, realWriteFs, noSync);
  await sink.write(Buffer.from('one\n'));
  const chunk = Buffer.from('two\n');
  await sink.write(chunk);
  chunk.fill(0x78); // the writer reuses its chunk once the write resolved
  assert.deepEqual(readdirSync(t.dir), [], 'nothing created while the bytes are held');
  await sink.commit();
  assert.equal(readFileSync(t.path('out.txt'), 'utf8'), 'one\ntwo\n');
  assert.deepEqual(readdirSync(t.dir), ['out.txt']);
});

test('past HELD_BYTES an output streams to its temporary file; replacing keeps the old mode', async () => {
  const t = tree({ 'out.txt': 'old\n' });
  chmodSync(t.path('out.txt'), 0o640);
  const sink = createPooledSink(t.path('out.txt'), statSync(t.path('out.txt')), realWriteFs, noSync);
  const big = Buffer.alloc(HELD_BYTES, 0x61);
  await sink.write(big);
  await sink.write(Buffer.from('\n'));
  assert.equal(readdirSync(t.dir).length, 2, 'the temporary file exists before the commit');
  assert.equal(readFileSync(t.path('out.txt'), 'utf8'), 'old\n');
  await sink.commit();
  assert.equal(statSync(t.path('out.txt')).size, HELD_BYTES + 1);
  assert.equal(statSync(t.path('out.txt')).mode & 0o777, 0o640);
  assert.deepEqual(readdirSync(t.dir), ['out.txt']);
});

test('a failing rename or last look leaves the target as it was and no temporary file', async () => {
  const t = tree({ 'out.txt': 'old\n' });
  const failing: WriteFs = {
    ...realWriteFs,
    rename: () => Promise.reject(Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' })),
  };
  const sink = createPooledSink(t.path('out.txt'), null, failing, noSync);
  await sink.write(Buffer.from('new\n'));
  await assert.rejects(sink.commit(), /EIO/);
  sink.abort();
  assert.deepEqual(readdirSync(t.dir), ['out.txt']);
  assert.equal(readFileSync(t.path('out.txt'), 'utf8'), 'old\n');

  const refused = createPooledSink(t.path('out.txt'), null, realWriteFs, noSync);
  await refused.write(Buffer.from('new\n'));
  await assert.rejects(
    refused.commit(async () => {
      throw new Error('became a link');
    }),
    /became a link/,
  );
  assert.deepEqual(readdirSync(t.dir), ['out.txt']);
});

test('aborted while its fsync runs (an interrupt): the commit fails, nothing is left behind', async () => {
  const t = tree({});
  let flushing!: () => void;
  const slow: WriteFs = {
    ...realWriteFs,
    fsync: (fd) =>
      new Promise((resolve, reject) => {
        flushing = () => void realWriteFs.fsync(fd).then(resolve, reject);
      }),
  };
  const sink = createPooledSink(t.path('out.txt'), null, slow, noSync);
  await sink.write(Buffer.from('bytes\n'));
  const committing = sink.commit();
  while (flushing === undefined) await new Promise((resolve) => setImmediate(resolve));
  sink.abort();
  assert.deepEqual(readdirSync(t.dir), [], 'the temporary name goes at once');
  flushing();
  await assert.rejects(committing);
  assert.deepEqual(readdirSync(t.dir), []);
  sink.abort(); // a second abort does nothing
});
