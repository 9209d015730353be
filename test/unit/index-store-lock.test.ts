// Who may write: one writer at a time through the lock file, a clear refusal for the second, a
// lock left by a dead process taken over (and the old holder then refused), and readers that take
// no lock and leave every byte and every folder entry as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { indexStats, lockPathFor, openIndex } from '../../src/index-store/index.js';
import {
  READONLY,
  fingerprints,
  listing,
  loadAll,
  ok,
  sha256,
  tempDir,
  writer,
} from '../helpers/index-store-fixtures.js';

test('readonly opens, loads and stats leave the index and its folder byte-identical, torn tail included', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'ro.idx');
  const w = ok(await openIndex(path, writer(1)));
  await w.index.appendFrame(fingerprints(1, 30), { path: 'a', digest: '1' });
  await w.index.appendFrame(fingerprints(2, 30), { path: 'b', digest: '2' });
  await w.index.close();
  truncateSync(path, statSync(path).size - 20);
  const hash = sha256(path),
    entries = listing(dir),
    mtime = statSync(path).mtimeMs;

  const readers = await Promise.all([1, 2, 3].map(() => openIndex(path, READONLY)));
  for (const r of readers) {
    const opened = ok(r);
    assert.equal(opened.index.keys, 30);
    assert.equal(loadAll(opened.index).length, 30);
    assert.equal(existsSync(lockPathFor(path)), false, 'readers take no lock');
    assert.equal(listing(dir).length, entries.length);
  }
  await Promise.all(readers.map((r) => ok(r).index.close()));
  ok(await indexStats(path));
  assert.equal(sha256(path), hash);
  assert.deepEqual(listing(dir), entries);
  assert.equal(statSync(path).mtimeMs, mtime);
});

test('readers may open while a writer holds the lock, and see the frames committed so far', async (t) => {
  const path = join(tempDir(t), 'busy.idx');
  const w = ok(await openIndex(path, writer(1)));
  await w.index.appendFrame(fingerprints(1, 5), { path: 'a', digest: '1' });
  const r = ok(await openIndex(path, READONLY));
  await w.index.appendFrame(fingerprints(2, 5), { path: 'b', digest: '2' });
  assert.equal(loadAll(r.index).length, 5, 'a reader keeps the snapshot it opened');
  await r.index.close();
  await w.index.close();
});

test('a second writer is refused while the first one lives, and gets the index once it closes', async (t) => {
  const path = join(tempDir(t), 'locked.idx');
  const alive = new Set([111]);
  const first = ok(
    await openIndex(
      path,
      writer(111, (pid) => alive.has(pid)),
    ),
  );
  const lock = JSON.parse(readFileSync(lockPathFor(path), 'utf8')) as { pid: number; host: string };
  assert.equal(lock.pid, 111);
  assert.equal(lock.host, hostname());

  const second = await openIndex(
    path,
    writer(222, (pid) => alive.has(pid)),
  );
  assert.equal(second.kind === 'error' && second.reason, 'locked');
  assert.match((second as { message: string }).message, /another dedupe run \(pid 111 holds it since/);
  assert.match((second as { message: string }).message, /delete .*locked\.idx\.lock/);
  const same = await openIndex(
    path,
    writer(111, () => true),
  );
  assert.equal(same.kind === 'error' && same.reason, 'locked', 'the same process cannot open it twice either');
  // Said as what it is: --break-lock would break a live lock of this very process.
  assert.match((same as { message: string }).message, /another run in this same process; run one after the other/);
  assert.doesNotMatch((same as { message: string }).message, /break-lock/);

  await first.index.appendFrame(fingerprints(1, 3), { path: 'a', digest: '1' });
  await first.index.close();
  const third = ok(
    await openIndex(
      path,
      writer(222, (pid) => alive.has(pid)),
    ),
  );
  assert.deepEqual(third.warnings, []);
  assert.equal(third.index.keys, 3);
  await third.index.close();
  assert.deepEqual(listing(join(path, '..')), ['locked.idx'], 'no temporary lock files are left behind');
});

test('a lock left by a dead process is taken over with a warning, and its old holder may not append', async (t) => {
  const path = join(tempDir(t), 'stale.idx');
  const alive = new Set([333]);
  const crashed = ok(
    await openIndex(
      path,
      writer(333, (pid) => alive.has(pid)),
    ),
  );
  await crashed.index.appendFrame(fingerprints(1, 2), { path: 'a', digest: '1' });
  alive.delete(333); // the process "died" without closing

  const next = ok(
    await openIndex(
      path,
      writer(444, (pid) => alive.has(pid) || pid === 444),
    ),
  );
  assert.equal(next.warnings.length, 1);
  assert.match(next.warnings[0], /took over the lock left by pid 333/);
  assert.equal(JSON.parse(readFileSync(lockPathFor(path), 'utf8')).pid, 444);
  await assert.rejects(
    crashed.index.appendFrame(fingerprints(2, 2), { path: 'b', digest: '2' }),
    /lock file .* was removed or taken/,
  );
  await crashed.index.close();
  assert.equal(existsSync(lockPathFor(path)), true, "closing the old handle does not remove the new owner's lock");
  await next.index.appendFrame(fingerprints(3, 2), { path: 'c', digest: '3' });
  await next.index.close();
  const check = ok(await openIndex(path, READONLY));
  assert.deepEqual([...check.index.committedInputs().keys()], ['a', 'c']);
  await check.index.close();
});

test('a lock from another host, or one that names no run, is never broken', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'remote.idx');
  await ok(await openIndex(path, writer(1))).index.close();
  writeFileSync(lockPathFor(path), JSON.stringify({ pid: 5, host: 'elsewhere.example', since: 'x', token: 't' }));
  const remote = await openIndex(
    path,
    writer(2, () => false),
  );
  assert.equal(remote.kind === 'error' && remote.reason, 'locked');
  assert.match((remote as { message: string }).message, /on elsewhere\.example/);

  writeFileSync(lockPathFor(path), 'garbage');
  const garbage = await openIndex(
    path,
    writer(2, () => false),
  );
  assert.equal(garbage.kind === 'error' && garbage.reason, 'locked');
  assert.equal(readFileSync(lockPathFor(path), 'utf8'), 'garbage');
});
