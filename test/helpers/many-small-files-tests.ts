// The tests both tiers run on that folder (test/unit and test/e2e whole-sources): the same
// stdout, stderr and exit code without an await as streamed, with the reader thread and without,
// and every kind read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { treeFactory, type RunResult } from './cli.js';
import { COMPARED_RUNS, manySmallFiles, NO_READER, READER_FROM_ONE, STREAMING } from './many-small-files.js';

/** run: runInProcess (the fast tier) or runBin (through bin/dedupe.js). */
export function manySmallFilesTests(run: (args: readonly string[]) => Promise<RunResult>): void {
  const tree = treeFactory();
  const files = manySmallFiles(300);
  const t = tree(files);
  const named = Object.keys(files)
    .map((name) => t.path(name))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  for (const flags of COMPARED_RUNS) {
    test(`300 small files, ${flags.join(' ') || 'the text'}: the same without an await as streamed, with the reader thread or none`, async () => {
      const whole = await run([t.path('in'), ...flags]);
      const streamed = await run([t.path('in'), ...flags, ...STREAMING]);
      assert.equal(whole.code, streamed.code, whole.stderr);
      assert.ok(whole.stdout.length > 0, 'something was written');
      assert.ok(whole.stdout.equals(streamed.stdout), 'the same bytes as the folder streamed');
      assert.equal(whole.stderr, streamed.stderr);
      // The reader thread (threads/read-ahead.ts) from the first file, and no reader at all.
      for (const reader of [READER_FROM_ONE, NO_READER]) {
        const other = await run([t.path('in'), ...flags, ...reader]);
        assert.equal(other.code, whole.code, reader.join(' '));
        assert.ok(other.stdout.equals(whole.stdout), `the same bytes with ${reader.join(' ')}`);
        assert.equal(other.stderr, whole.stderr);
      }
      // A diff names a walked file by its path below the folder, a named one by its own name.
      if (flags.includes('diff')) return;
      const oneByOne = await run([...named, ...flags, ...STREAMING]);
      assert.equal(whole.code, oneByOne.code);
      assert.ok(whole.stdout.equals(oneByOne.stdout), 'the same bytes as the files named one by one');
      assert.equal(whole.stderr, oneByOne.stderr);
    });
  }

  test('300 small files: repeats across files are removed, and every kind is read', async () => {
    const report = await run([t.path('in'), '--report', 'json']);
    const events = report.stdout
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as { type: string; path?: string; firstPath?: string; encoding?: string });
    const removed = events.filter((e) => e.type === 'duplicate');
    const acrossFiles = removed.filter((e) => e.firstPath !== e.path);
    assert.ok(acrossFiles.length > 100, `units removed as repeats of other files (${acrossFiles.length})`);
    const read = events.filter((e) => e.type === 'file');
    assert.equal(read.length, 300, 'every file read, the empty ones too');
    assert.ok(read.some((e) => e.encoding === 'windows-1256'));
    assert.match(report.stderr, /read as windows-1256/);
  });
}
