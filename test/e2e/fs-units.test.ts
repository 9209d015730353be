// The durable-file module (src/fs) in-process: the temporary name's pattern and fixed length, the
// folder-sync error policy with an injected file system, the stale-file sweep's rule, and
// replace / publish-once leaving the target whole and no temporary file behind.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { hostId, isTempName, tempOwner, tempPathFor } from '../../src/fs/temp-name.js';
import { syncFolder, type FolderFs } from '../../src/fs/sync-folder.js';
import { isPidAlive, sweepStaleTemps } from '../../src/fs/stale-temps.js';
import { publishFileOnce, writeFileAtomically } from '../../src/fs/atomic-write.js';
import { tempTree } from '../helpers/cli.js';

const tree = tempTree();
after(() => tree.cleanup());

test("temp name: in the target's folder, hidden, its length independent of the target's name", () => {
  const short = tempPathFor('/x/a.txt', 4242);
  const long = tempPathFor(`/x/${'ب'.repeat(127)}.txt`, 4242);
  assert.equal(dirname(short), '/x');
  assert.ok(basename(short).startsWith('.dedupe-'));
  assert.equal(Buffer.byteLength(basename(long)), Buffer.byteLength(basename(short)));
  assert.ok(Buffer.byteLength(basename(tempPathFor('/x/y', 4_194_304))) <= 48, 'far below 255 bytes');
  assert.notEqual(tempPathFor('/x/a.txt'), tempPathFor('/x/a.txt'), 'two calls, two names');
});

test('temp name: recognised, and says which host and pid made it; other names are not', () => {
  const name = basename(tempPathFor('/x/a.txt', 31337));
  assert.equal(isTempName(name), true);
  assert.deepEqual(tempOwner(name), { host: hostId(), pid: 31337 });
  for (const other of [
    'a.txt',
    '.a.txt.dedupe-0123456789ab.tmp',
    '.dedupe-zz-1-0123456789ab.tmp',
    `${name}.txt`,
    name.slice(1),
    '.dedupe-.tmp',
  ]) {
    assert.equal(isTempName(other), false, other);
    assert.equal(tempOwner(other), undefined, other);
  }
});

/** A FolderFs whose fsync fails with `code` (or succeeds), recording opens and closes. */
function folderFs(code?: string): FolderFs & { opened: number; closed: number } {
  const fs = {
    opened: 0,
    closed: 0,
    openSync: () => {
      fs.opened++;
      return 99;
    },
    fsyncSync: () => {
      if (code) throw Object.assign(new Error(`${code}: injected`), { code });
    },
    closeSync: () => {
      fs.closed++;
    },
  };
  return fs;
}

test('syncFolder: a file system that cannot fsync a folder is not an error', () => {
  for (const code of ['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EPERM']) {
    const fs = folderFs(code);
    assert.doesNotThrow(() => syncFolder('/x', fs), code);
    assert.equal(fs.closed, fs.opened, `${code}: the folder is closed again`);
  }
});

test('syncFolder: a real I/O error is rethrown, and the folder still closed', () => {
  for (const code of ['EIO', 'ENOSPC', 'EDQUOT']) {
    const fs = folderFs(code);
    assert.throws(
      () => syncFolder('/x', fs),
      (e: NodeJS.ErrnoException) => e.code === code,
    );
    assert.equal(fs.closed, 1, code);
  }
  const fine = folderFs();
  syncFolder('/x', fine);
  assert.deepEqual([fine.opened, fine.closed], [1, 1]);
  assert.doesNotThrow(() => syncFolder(tree.dir), 'a real folder');
});

test("sweep: removes this host's temp files of dead pids only", () => {
  const dir = join(tree.dir, 'sweep');
  mkdirSync(dir);
  const dead = basename(tempPathFor(join(dir, 'a'), 1001));
  const alive = basename(tempPathFor(join(dir, 'a'), 1002));
  const mine = basename(tempPathFor(join(dir, 'a'), process.pid));
  const otherHost = dead.replace(hostId(), hostId() === '00000000' ? '11111111' : '00000000');
  const names = [dead, alive, mine, otherHost, 'user.txt', '.hidden.tmp'];
  for (const n of names) writeFileSync(join(dir, n), 'x');
  const removed = sweepStaleTemps(dir, (pid) => pid !== 1001);
  assert.deepEqual(removed, [dead]);
  assert.deepEqual(readdirSync(dir).sort(), names.filter((n) => n !== dead).sort());
  assert.deepEqual(sweepStaleTemps(join(tree.dir, 'no-such-folder')), [], 'a missing folder is no error');
});

test('isPidAlive: this process is alive, an exited one is not', () => {
  assert.equal(isPidAlive(process.pid), true);
  const pid = Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
  );
  assert.equal(isPidAlive(pid), false);
});

test('writeFileAtomically replaces the target whole; publishFileOnce lets only the first writer win', () => {
  const target = join(tree.dir, 'atomic.bin');
  writeFileSync(target, 'old');
  writeFileAtomically(target, [Buffer.from('new '), Buffer.from('bytes')], (fd, end) => {
    assert.equal(end, 9, 'fill starts after the parts');
    writeSync(fd, Buffer.from('+fill'), 0, 5, end);
  });
  assert.equal(readFileSync(target, 'utf8'), 'new bytes+fill');
  const once = join(tree.dir, 'once.txt');
  assert.equal(publishFileOnce(once, [Buffer.from('first')]), true);
  assert.equal(publishFileOnce(once, [Buffer.from('second')]), false);
  assert.equal(readFileSync(once, 'utf8'), 'first');
  assert.deepEqual(readdirSync(tree.dir).filter(isTempName), [], 'no temporary file left');
});
