// Issue 17, item 8, in-process: a path that is not valid UTF-8 is a lossless string (each bad byte a
// lone surrogate) that turns back into its exact bytes at the file system, in the raw argv, in the
// diff report's quoted names and in messages, and never collides with another name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isByteName, pathBytes, pathFromBytes, readablePath, toFsPath } from '../../src/fs/fs-path.js';
import * as lossless from '../../src/fs/lossless-fs.js';
import { userArguments, argvForRestart, RAW_ARGV_ENV } from '../../src/cli/raw-argv.js';
import { quoteName } from '../../src/report/quote-name.js';
import { escapeForTerminal, showRawBytes } from '../../src/report/escape.js';
import { byteOrder } from '../../src/input/walk.js';

const FF = pathFromBytes(Buffer.from([0x61, 0xff, 0x2e, 0x74])); // a\xff.t
const FE = pathFromBytes(Buffer.from([0x61, 0xfe, 0x2e, 0x74])); // a\xfe.t

test('any bytes decode to a string that encodes back to the same bytes; distinct bytes stay distinct', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
      const sa = pathFromBytes(a);
      assert.deepEqual(pathBytes(sa), Buffer.from(a));
      assert.equal(sa === pathFromBytes(b), Buffer.from(a).equals(Buffer.from(b)));
    }),
  );
});

test('a valid UTF-8 name is the plain string, handed to node:fs as it is', () => {
  const name = 'مقال\uFFFD 😀.txt';
  assert.equal(pathFromBytes(Buffer.from(name, 'utf8')), name);
  assert.equal(toFsPath(name), name);
  assert.equal(isByteName(name), false);
  assert.equal(isByteName(FF), true);
  assert.deepEqual(toFsPath(FF), Buffer.from([0x61, 0xff, 0x2e, 0x74]));
  assert.notEqual(FF, FE);
  assert.equal(readablePath(FF), 'a\uFFFD.t');
  assert.ok(byteOrder(FE, FF) < 0 && byteOrder('a\uFFFD.t', FE) < 0);
});

test('messages and the diff report show the bytes, never U+FFFD', () => {
  assert.equal(showRawBytes(`${FF}: gone`), 'a\\xff.t: gone');
  assert.equal(escapeForTerminal(FE), 'a\\xfe.t');
  assert.equal(quoteName(`a/${FF}`), '"a/a\\377.t"');
  // A valid name that merely holds U+FFFD is not quoted, as git would not.
  assert.equal(quoteName('a/a\uFFFD.t'), 'a/a\uFFFD.t');
  // Nor one with an astral character whose low surrogate lies in the escapes' range (U+1F480).
  assert.equal(quoteName('a/\u{1F480}.t'), 'a/\u{1F480}.t');
});

test('the raw argv is read only when Node shows U+FFFD, and only when it agrees with Node', () => {
  const raw = Buffer.concat([Buffer.from('node\0--x\0bin/dedupe.js\0-o\0'), Buffer.from([0x61, 0xff, 0x2e, 0x74, 0])]);
  const argv = ['node', 'bin/dedupe.js', '-o', 'a\uFFFD.t'];
  let read = 0;
  const cmdline = () => (read++, raw);
  assert.deepEqual(userArguments({ argv: ['node', 'd', 'x.txt'], env: {}, cmdline }), ['x.txt']);
  assert.equal(read, 0, 'a run without U+FFFD never reads /proc');
  assert.deepEqual(userArguments({ argv, env: {}, cmdline }), ['-o', FF]);
  // A command line that disagrees (a changed process title, say) leaves Node's argv standing.
  assert.deepEqual(userArguments({ argv, env: {}, cmdline: () => Buffer.from('node\0other\0') }), ['-o', 'a\uFFFD.t']);
  assert.deepEqual(userArguments({ argv, env: {}, cmdline: () => undefined }), ['-o', 'a\uFFFD.t']);
  // A restart hands its arguments down, since spawn() cannot pass the bytes.
  const handed = argvForRestart(['-o', FE]);
  assert.ok(handed !== undefined && argvForRestart(['-o', 'x']) === undefined);
  const env = { [RAW_ARGV_ENV]: handed };
  assert.deepEqual(userArguments({ argv, env, cmdline: () => undefined }), ['-o', FE]);
});

test('lossless-fs lists, resolves and names byte paths exactly', (t) => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'dedupe-bytes-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  try {
    fs.writeFileSync(Buffer.from(pathBytes(join(dir, FF))), 'ff');
  } catch (error) {
    return t.skip(`this file system refuses names that are not UTF-8 (${(error as Error).message})`);
  }
  lossless.writeFileSync(join(dir, FE), 'fe');
  lossless.writeFileSync(join(dir, 'a\uFFFD.t'), 'fffd');
  assert.deepEqual(lossless.readdirSync(dir).sort(byteOrder), ['a\uFFFD.t', FE, FF]);
  const dirents = lossless.readdirSync(dir, { withFileTypes: true });
  assert.deepEqual(dirents.map((d) => d.name).sort(byteOrder), ['a\uFFFD.t', FE, FF]);
  assert.equal(lossless.readFileSync(join(dir, FF), 'utf8'), 'ff');
  assert.equal(lossless.realpathSync(join(dir, FE)), join(fs.realpathSync(dir), FE));
  const missing = join(dir, `${FF}x`);
  assert.throws(
    () => lossless.statSync(missing),
    (error: NodeJS.ErrnoException) => error.path === missing && error.message.includes(`'${missing}'`),
  );
});
