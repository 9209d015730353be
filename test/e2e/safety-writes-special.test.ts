// Issue 15, item 1: outputs never replace a special file or a symbolic link. `-o` writes a device
// or FIFO straight through and follows a link to the file it names (the link stays); `--out-dir`
// and the scale-out `apply` refuse an existing link or special file under DIR, and never write
// outside DIR through a linked folder. Devices are /dev/null twins made with mknod, never /dev/null.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();

/** A character device like /dev/null at `path`, or the reason one cannot be made here. */
function makeNullTwin(path: string): string | undefined {
  const made = spawnSync('mknod', [path, 'c', '1', '3'], { encoding: 'utf8' });
  return made.status === 0
    ? undefined
    : `mknod cannot make a device here (${(made.stderr || made.error?.message || 'not root?').trim()})`;
}

function makeFifo(path: string): string | undefined {
  const made = spawnSync('mkfifo', [path], { encoding: 'utf8' });
  return made.status === 0 ? undefined : `mkfifo failed (${(made.stderr || made.error?.message || '').trim()})`;
}

test('-o onto a character device writes through it: the device stays a device', async (t) => {
  const dir = tree();
  const dev = dir.path('null-twin');
  const why = makeNullTwin(dev);
  if (why) {
    t.skip(why);
    return;
  }
  const r = await runBin(['-o', dev], { input: 'a\na\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.ok(lstatSync(dev).isCharacterDevice(), 'still a character device, not a regular file');
  assert.deepEqual(readdirSync(dir.dir), ['null-twin'], 'no temporary file beside it');
});

test('-o onto a FIFO writes straight through to its reader, who sees the end', async (t) => {
  const dir = tree();
  const fifo = dir.path('pipe');
  const why = makeFifo(fifo);
  if (why) {
    t.skip(why);
    return;
  }
  const captured = dir.path('captured');
  const reader = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', fifo, captured], { stdio: 'ignore' });
  const readerDone = new Promise<number | null>((resolve) => reader.on('close', resolve));
  const r = await runBin(['-o', fifo], { input: 'q\nq\nz\n' });
  assert.equal(r.code, 0, r.stderr);
  const timeout = setTimeout(() => reader.kill('SIGKILL'), 10_000);
  assert.equal(await readerDone, 0, 'the reader got end-of-file instead of hanging');
  clearTimeout(timeout);
  assert.equal(readFileSync(captured, 'utf8'), 'q\nz\n');
  assert.ok(lstatSync(fifo).isFIFO(), 'still a FIFO');
  assert.deepEqual(readdirSync(dir.dir).sort(), ['captured', 'pipe']);
});

test('-o onto a FIFO with no input read still gives its reader the end', async (t) => {
  const dir = tree();
  const fifo = dir.path('pipe');
  const why = makeFifo(fifo);
  if (why) {
    t.skip(why);
    return;
  }
  const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
  const readerDone = new Promise<number | null>((resolve) => reader.on('close', resolve));
  const r = await runBin([dir.path('missing.txt'), '-o', fifo]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^dedupe: .*missing\.txt: no such file or directory\n$/);
  const timeout = setTimeout(() => reader.kill('SIGKILL'), 10_000);
  assert.equal(await readerDone, 0, 'the reader was not left waiting');
  clearTimeout(timeout);
});

test('-o onto a symbolic link replaces the file it points to; the link keeps pointing there', async () => {
  const dir = tree({ 'real/target.txt': 'old\n', 'in.txt': 'a\na\nb\n' });
  mkdirSync(dir.path('links'));
  symlinkSync('../real/target.txt', dir.path('links/out'));
  const r = await runBin([dir.path('in.txt'), '-o', dir.path('links/out')]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(lstatSync(dir.path('links/out')).isSymbolicLink(), 'the link is still a link');
  assert.equal(readlinkSync(dir.path('links/out')), '../real/target.txt');
  assert.equal(readFileSync(dir.path('real/target.txt'), 'utf8'), 'a\nb\n', 'the target got the result');
  assert.deepEqual(readdirSync(dir.path('links')), ['out'], 'no temporary file beside the link');
  assert.deepEqual(readdirSync(dir.path('real')), ['target.txt'], "the temporary file in the target's folder is gone");
});

test('-o onto a link to a file not made yet creates that file, and the link stays', async () => {
  const dir = tree({ 'in.txt': 'x\nx\n' });
  symlinkSync('made.txt', dir.path('out'));
  const r = await runBin([dir.path('in.txt'), '-o', dir.path('out')]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(lstatSync(dir.path('out')).isSymbolicLink());
  assert.equal(readFileSync(dir.path('made.txt'), 'utf8'), 'x\n');
});

test('--only-duplicates -o through a link to an input is refused like -o onto the input', async () => {
  const dir = tree({ 'f.txt': 'u\nd\nd\n' });
  symlinkSync('f.txt', dir.path('alias'));
  const r = await runBin(['--only-duplicates', dir.path('f.txt'), '-o', dir.path('alias')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /that is an input/);
  assert.equal(readFileSync(dir.path('f.txt'), 'utf8'), 'u\nd\nd\n');
});

test('--out-dir: an existing link or device under DIR is not replaced, nothing is written through a linked folder, the rest is written', async (t) => {
  const dir = tree({
    'in/a.txt': 'a\na\n',
    'in/dev.txt': 'd\nd\n',
    'in/sub/b.txt': 'b\nb\n',
    'in/plain.txt': 'p\np\n',
    'elsewhere/keep.txt': 'untouched\n',
  });
  mkdirSync(dir.path('out'));
  symlinkSync(dir.path('elsewhere/keep.txt'), dir.path('out/a.txt'));
  symlinkSync('../elsewhere', dir.path('out/sub'));
  const why = makeNullTwin(dir.path('out/dev.txt'));
  const r = await runBin([dir.path('in'), '--out-dir', dir.path('out'), '--quiet']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^dedupe: .*a\.txt: its output .*out\/a\.txt is a symbolic link; not replaced$/m);
  assert.match(
    r.stderr,
    /^dedupe: .*b\.txt: its output folder .*out\/sub leads to .*elsewhere, outside --out-dir; nothing written there$/m,
  );
  assert.ok(lstatSync(dir.path('out/a.txt')).isSymbolicLink());
  assert.equal(readFileSync(dir.path('elsewhere/keep.txt'), 'utf8'), 'untouched\n');
  assert.deepEqual(readdirSync(dir.path('elsewhere')), ['keep.txt'], 'nothing written outside DIR');
  assert.equal(readFileSync(dir.path('out/plain.txt'), 'utf8'), 'p\n', 'the other files are still written');
  if (why) {
    t.diagnostic(`device case not checked: ${why}`);
    return;
  }
  assert.match(
    r.stderr,
    /^dedupe: .*dev\.txt: its output .*out\/dev\.txt is a special file \(device, FIFO or socket\); not replaced$/m,
  );
  assert.ok(lstatSync(dir.path('out/dev.txt')).isCharacterDevice());
  assert.equal(r.stderr.trim().split('\n').length, 3, 'one line per refused file');
});

test('--out-dir: a link under DIR to a folder inside DIR is followed', async () => {
  const dir = tree({ 'in/sub/b.txt': 'b\nb\n' });
  mkdirSync(dir.path('out/real'), { recursive: true });
  symlinkSync('real', dir.path('out/sub'));
  const r = await runBin([dir.path('in'), '--out-dir', dir.path('out'), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(dir.path('out/real/b.txt'), 'utf8'), 'b\n');
});

test('scale-out apply: an existing link under DIR is not replaced and no write leaves DIR; the other outputs are written', async () => {
  const dir = tree({
    'corpus/a.txt': 'x\ny\n',
    'corpus/sub/b.txt': 'x\nz\n',
    'corpus/c.txt': 'y\nw\n',
    'elsewhere/keep.txt': 'untouched\n',
  });
  const work = dir.path('work');
  const out = dir.path('out');
  const run = async (args: string[], code = 0): Promise<string> => {
    const r = await runBin(args);
    assert.equal(r.code, code, `dedupe ${args.join(' ')}: ${r.stderr}`);
    return r.stderr;
  };
  await run(['plan', dir.path('corpus'), '--work', work, '--files-per-task', '10', '--shards', '1', '--quiet']);
  await run(['map', '--work', work, '--task', '0']);
  await run(['reduce', '--work', work, '--task', '0']);
  mkdirSync(out);
  symlinkSync(dir.path('elsewhere/keep.txt'), join(out, 'a.txt'));
  symlinkSync('../elsewhere', join(out, 'sub'));
  const stderr = await run(['apply', '--work', work, '--task', '0', '--out-dir', out], 2);
  assert.match(stderr, /a\.txt: its output .*a\.txt is a symbolic link; not replaced/);
  assert.match(
    stderr,
    /b\.txt: its output folder .*sub leads to .*elsewhere, outside --out-dir; nothing written there/,
  );
  assert.ok(lstatSync(join(out, 'a.txt')).isSymbolicLink());
  assert.equal(readFileSync(dir.path('elsewhere/keep.txt'), 'utf8'), 'untouched\n');
  assert.deepEqual(readdirSync(dir.path('elsewhere')), ['keep.txt']);
  assert.equal(readFileSync(join(out, 'c.txt'), 'utf8'), 'w\n', 'c.txt is written (its y was first seen in a.txt)');
  assert.equal(existsSync(join(work, 'status', 'apply-0.done')), false, 'the task is not marked done');
});

test('-o onto a Unix socket fails on one line and leaves the socket in place', async () => {
  const dir = tree();
  const path = dir.path('sock');
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  try {
    const r = await runBin(['-o', path], { input: 'a\na\n' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^dedupe: .*sock: is a socket; it cannot be written as a file\n$/);
    assert.ok(lstatSync(path).isSocket(), 'still a socket');
  } finally {
    server.close();
  }
});

test('--in-place on a device operand skips it with a warning and leaves it a device', async (t) => {
  const dir = tree({ 'a.txt': 'a\na\n' });
  const dev = dir.path('null-twin');
  const why = makeNullTwin(dev);
  if (why) {
    t.skip(why);
    return;
  }
  const r = await runBin([dev, dir.path('a.txt'), '--in-place', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^dedupe: .*null-twin: is not a regular file; not rewritten in place\n$/);
  assert.ok(lstatSync(dev).isCharacterDevice());
  assert.equal(readFileSync(dir.path('a.txt'), 'utf8'), 'a\n');
});

test('index merge --force never replaces a device or a link: a device is refused, a link is written through', async (t) => {
  const dir = tree({ 'in.txt': 'a\nb\na\n' });
  const index = dir.path('day.idx');
  assert.equal((await runBin(['in.txt', '--index', index, '-o', dir.path('out.txt')], { cwd: dir.dir })).code, 0);
  const dev = dir.path('null-twin');
  const why = makeNullTwin(dev);
  if (why) t.diagnostic(`device case not run: ${why}`);
  else {
    const r = await runBin(['index', 'merge', index, '-o', dev, '--force']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /^dedupe: .*null-twin: is a special file \(device, FIFO or socket\); a merged index is one regular file\n$/,
    );
    assert.ok(lstatSync(dev).isCharacterDevice(), 'still a character device, not a regular file');
  }
  const target = dir.path('merged.idx');
  const link = dir.path('link.idx');
  symlinkSync('merged.idx', link);
  const merged = await runBin(['index', 'merge', index, '-o', link, '--force']);
  assert.equal(merged.code, 0, merged.stderr);
  assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays a link');
  assert.equal(readlinkSync(link), 'merged.idx');
  assert.deepEqual(
    readFileSync(target),
    readFileSync(index),
    'the merged index is where the link points (one input: the same bytes)',
  );
});
