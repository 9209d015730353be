// The library refuses what it cannot do as asked, with a typed error naming the option: a misspelt
// or misplaced option, a dedupeFiles output without its kind or folder (which used to run, write
// nothing and report ok), a wrong argument type, a string with a lone surrogate. And it compares
// a unit handed to createDeduper or comparisonKey as a run does: without its final line ending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  comparisonKey,
  createDeduper,
  dedupeBytes,
  dedupeFiles,
  dedupeStream,
  dedupeText,
  DedupeInputError,
  DedupeOptionsError,
  type DedupeFilesOptions,
} from 'dedupe-text';
import { runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();

const refusedWith = async (
  call: () => unknown,
  kind: typeof DedupeOptionsError | typeof DedupeInputError,
  words: RegExp,
) => {
  await assert.rejects(
    async () => call(),
    (error: Error) => {
      assert.ok(error instanceof kind, `${error.name}: ${error.message}`);
      assert.match(error.message, words);
      return true;
    },
  );
};

test('a dedupeFiles output that names no real kind, folder or file is refused before anything runs', async () => {
  const t = tree({ 'in/a.txt': 'x\nx\n' });
  const ops = [join(t.dir, 'in')];
  const bad = (output: unknown) => dedupeFiles(ops, { output } as unknown as DedupeFilesOptions);
  await refusedWith(
    () => bad({ kind: 'outdir', dir: join(t.dir, 'out') }),
    DedupeOptionsError,
    /output\.kind: expected one of out-dir, in-place, file, dry-run, got "outdir"/,
  );
  await refusedWith(() => bad({ kind: 'out-dir' }), DedupeOptionsError, /output\.dir/);
  await refusedWith(() => bad({ kind: 'out-dir', dir: 42 }), DedupeOptionsError, /output\.dir.*got 42/);
  await refusedWith(() => bad({ kind: 'file' }), DedupeOptionsError, /output\.path/);
  await refusedWith(() => bad({ kind: 'stdout' }), DedupeOptionsError, /output\.kind/);
  await refusedWith(() => bad(undefined), DedupeOptionsError, /^output: expected/);
  await refusedWith(
    () => dedupeFiles(ops, undefined as unknown as DedupeFilesOptions),
    DedupeOptionsError,
    /expected options with an output/,
  );
  assert.equal(existsSync(join(t.dir, 'out')), false);
  // The same call spelt right does the work.
  const good = await dedupeFiles(ops, { output: { kind: 'out-dir', dir: join(t.dir, 'out') } });
  assert.equal(good.ok, true);
  assert.equal(existsSync(join(t.dir, 'out', 'a.txt')), true);
});

test('operands must be an array of paths: a string is not split into letters', async () => {
  await refusedWith(
    () => dedupeFiles('days' as unknown as string[], { output: { kind: 'dry-run' } }),
    DedupeOptionsError,
    /expected an array of file, folder or glob paths/,
  );
});

test('an option of the wrong type is refused, never coerced or walked letter by letter', async () => {
  await refusedWith(
    () => dedupeText('a\n', { near: 'yes' } as object),
    DedupeOptionsError,
    /dedupeText: option 'near' expects true or false, got "yes"/,
  );
  await refusedWith(
    () => dedupeText('abc\nabc\n', { minChars: '5' } as object),
    DedupeOptionsError,
    /option 'minChars' expects a number, got "5"/,
  );
  // Before, 'tatweel' was read as the steps 't', 'a', ... and refused as "unknown fold step 't'".
  await refusedWith(
    () => dedupeText('a\n', { fold: 'tatweel' } as object),
    DedupeOptionsError,
    /option 'fold' expects an array of strings, got "tatweel"/,
  );
  await refusedWith(
    () => createDeduper({ key: 3 } as object),
    DedupeOptionsError,
    /option 'key' expects a string, got 3/,
  );
  const t = tree({ 'a.txt': 'x\n' });
  await refusedWith(
    () =>
      dedupeFiles([join(t.dir, 'a.txt')], {
        output: { kind: 'dry-run' },
        exclude: '*.md',
      } as object as DedupeFilesOptions),
    DedupeOptionsError,
    /option 'exclude' expects an array of strings/,
  );
  // The right types still run.
  const ok = await dedupeText('abcdef\nabcdef\nab\nab\n', { minChars: 5, fold: ['tatweel'], near: false });
  assert.equal(ok.text, 'abcdef\nab\nab\n');
});

test('a misspelt option is refused with the names it may mean; an option of another entry point is named', async () => {
  await refusedWith(
    () => dedupeText('a\n', { kep: 'none' } as object),
    DedupeOptionsError,
    /dedupeText: unknown option 'kep'; did you mean 'key' or 'keep'\?/,
  );
  await refusedWith(
    () => dedupeText('a\n', { index: 'x.idx' } as object),
    DedupeOptionsError,
    /dedupeText does not take the option 'index'/,
  );
  await refusedWith(
    () => createDeduper({ near: true } as object),
    DedupeOptionsError,
    /createDeduper does not take the option 'near'/,
  );
  assert.throws(() => comparisonKey('a', { keep: 'last' } as object), DedupeOptionsError);
  assert.throws(() => dedupeStream({ unti: 'paragraph' } as object), /unknown option 'unti'; did you mean 'unit'\?/);
  const t = tree({ 'a.txt': 'x\n' });
  await refusedWith(
    () => dedupeFiles([join(t.dir, 'a.txt')], { output: { kind: 'dry-run' }, indx: 'k.idx' } as DedupeFilesOptions),
    DedupeOptionsError,
    /did you mean 'index'\?/,
  );
  // onEvent belongs to dedupeFiles; null options mean none.
  const ok = await dedupeFiles([join(t.dir, 'a.txt')], { output: { kind: 'dry-run' }, onEvent: () => undefined });
  assert.equal(ok.ok, true);
  assert.equal((await dedupeText('a\na\n', null as unknown as undefined)).text, 'a\n');
});

test('wrong argument types are typed errors; a lone surrogate is refused, not turned into U+FFFD', async () => {
  await refusedWith(
    () => dedupeBytes('a\na\n' as unknown as Uint8Array),
    DedupeOptionsError,
    /dedupeBytes: expected a Uint8Array/,
  );
  await refusedWith(() => dedupeText('x\uD800y\nz\nx\uDBFFy\n'), DedupeInputError, /lone surrogate \(at index 1\)/);
  assert.throws(() => comparisonKey('\uDC00'), DedupeInputError);
  const deduper = await createDeduper();
  assert.throws(() => deduper.isNew('a\uD800'), DedupeInputError);
  // A well-formed pair is text like any other.
  assert.equal((await dedupeText('😀\n😀\n')).text, '😀\n');
});

test('createDeduper and comparisonKey read a unit as a run does: no final line ending, CRLF lines joined by LF', async () => {
  const deduper = await createDeduper({ key: 'exact' });
  assert.equal(deduper.isNew('a'), true);
  assert.equal(deduper.isNew('a\n'), false);
  assert.equal(deduper.isNew('a\r\n'), false);
  assert.equal(deduper.isNew('a\nb'), true);
  assert.equal(deduper.isNew('a\r\nb\r\n'), false);
  assert.equal(comparisonKey('a\r\n', { key: 'exact' }), 'a');
  assert.equal(comparisonKey('a\r\nb\r\n', { key: 'exact' }), 'a\nb');
  // The CLI's `dedupe key` prints the same key for that paragraph (its LF shown as ␤, one key a line).
  const t = tree({ 'p.txt': 'a\r\nb\r\n' });
  const cli = await runBin(['key', '--key', 'exact', '--unit', 'paragraph', join(t.dir, 'p.txt')]);
  assert.equal(cli.stdout.toString('utf8'), `${comparisonKey('a\r\nb\r\n', { key: 'exact' }).replace('\n', '␤')}\n`);
});
