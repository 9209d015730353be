// The reader thread through bin/dedupe.js (threads/read-ahead.ts): a folder with a file that cannot
// be read, or a FIFO, gives the same stdout, the same one-line messages and the same exit code
// with the reader from the first file as with no thread but the main one (--threads 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { runBin, treeFactory, unprivileged } from '../helpers/cli.js';
import { NO_READER, READER_FROM_ONE } from '../helpers/many-small-files.js';

const tree = treeFactory();

function files(count: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) out[`in/${String(i).padStart(3, '0')}.txt`] = `line ${i % 17}\nسلام ${i % 5}\n`;
  return out;
}

test(
  'an unreadable file among many: its one line and exit 2, the others done, with or without the reader',
  { skip: unprivileged().skip },
  async () => {
    const t = tree(files(120));
    chmodSync(t.dir, 0o755);
    chmodSync(t.path('in'), 0o755);
    for (let i = 0; i < 120; i++) chmodSync(t.path(`in/${String(i).padStart(3, '0')}.txt`), 0o644);
    chmodSync(t.path('in/050.txt'), 0o000);
    const [reader, main] = await Promise.all(
      [READER_FROM_ONE, NO_READER].map((flags) => runBin([t.path('in'), ...flags], { spawn: unprivileged().spawn })),
    );
    assert.equal(reader.code, 2, reader.stderr);
    assert.match(reader.stderr, /^dedupe: .*050\.txt: permission denied\n$/);
    assert.equal(reader.stderr, main.stderr);
    assert.equal(main.code, 2);
    assert.ok(reader.stdout.equals(main.stdout), 'the same bytes');
    assert.match(reader.stdout.toString(), /line 16\n/);
  },
);

test('a FIFO among many files is passed over as before, without waiting for a writer', async () => {
  const t = tree(files(100));
  execFileSync('mkfifo', [t.path('in/055-fifo')]);
  const [reader, main] = await Promise.all(
    [READER_FROM_ONE, NO_READER].map((flags) => runBin([t.path('in'), ...flags])),
  );
  assert.equal(reader.code, main.code);
  assert.match(reader.stderr, /055-fifo: not a regular file, skipped\n/);
  assert.equal(reader.stderr, main.stderr);
  assert.ok(reader.stdout.length > 0);
  assert.ok(reader.stdout.equals(main.stdout), 'the same bytes');
});
