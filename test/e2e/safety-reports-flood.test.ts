// Issue 15, item 13: thousands of identical per-input messages (each file already backed up,
// each already in the index) no longer flood stderr: 20 are listed, then one count with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runBin, treeFactory } from '../helpers/cli.js';
import { reasonOf } from '../../src/cli/reporter.js';

const tree = treeFactory();

function thirtyFiles(body: (i: number) => string): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`in/f${String(i).padStart(2, '0')}.txt`] = body(i);
  return files;
}

function messageLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.length > 0);
}

const COUNT_LINE = /^dedupe: \d+ more inputs \(not listed\): /;

test('dedupe --in-place --backup .orig over 30 files whose backups are taken: 20 listed, then "10 more inputs" with the reason once', async () => {
  // Each file would change, but a backup holding other bytes is already there: left as it is.
  const files = thirtyFiles((i) => `x ${i}\nx ${i}\n`);
  for (const name of Object.keys(files)) files[`${name}.orig`] = 'an older backup\n';
  const t = tree(files);
  const again = await runBin(['--in-place', '--backup', '.orig', t.path('in')]);
  assert.equal(again.code, 2, 'a taken backup fails its file (left as it is, not cleaned as asked)');
  const lines = messageLines(again.stderr);
  const listed = lines.filter(
    (l) => !COUNT_LINE.test(l) && /: backup .*\.orig already exists; file left as it is/.test(l),
  );
  assert.equal(listed.length, 20);
  const counted = lines.filter((l) =>
    l.startsWith('dedupe: 10 more inputs (not listed): backup FILE.orig already exists; file left as it is'),
  );
  assert.equal(counted.length, 1, again.stderr);
  assert.match(again.stderr, /0 changed, 0 skipped, 30 failed; 60 units/, 'the totals still count every input');
  assert.ok(lines.every((l) => l.startsWith('dedupe: ')));
  // Nothing was lost: each file and each older backup holds what it held.
  assert.equal(readFileSync(t.path('in/f29.txt'), 'utf8'), 'x 29\nx 29\n');
  assert.equal(readFileSync(t.path('in/f29.txt.orig'), 'utf8'), 'an older backup\n');
});

test('rerunning an --index batch: 20 "already in the index" warnings, then one count', async () => {
  const t = tree(thirtyFiles((i) => `line ${i}\ncommon\n`));
  const args = [t.path('in'), '--out-dir', t.path('out'), '--index', t.path('j.idx')];
  assert.equal((await runBin(args)).code, 0);
  const again = await runBin(args);
  assert.equal(again.code, 0, again.stderr);
  const lines = messageLines(again.stderr);
  assert.equal(
    lines.filter((l) => !COUNT_LINE.test(l) && l.endsWith(': already in the index with this content; left as it is'))
      .length,
    20,
  );
  assert.deepEqual(
    lines.filter((l) => /more inputs/.test(l)),
    ['dedupe: 10 more inputs (not listed): already in the index with this content; left as it is'],
  );
});

test('the limit is per reason: other messages are listed, and --report json keeps every event', async () => {
  const files = thirtyFiles((i) => `x ${i}\n`);
  files['in/bin.dat'] = 'a\u0000b';
  const t = tree(files);
  const args = [t.path('in'), '--out-dir', t.path('out'), '--index', t.path('j.idx')];
  assert.equal((await runBin(args)).code, 0);
  const again = await runBin([...args, '--report', 'json']);
  const lines = messageLines(again.stderr);
  assert.equal(
    lines.filter((l) => l.includes('binary file skipped')).length,
    1,
    'a second reason is listed on its own',
  );
  const events = again.stdout
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type?: string; event?: string });
  const warnings = events.filter((e) => JSON.stringify(e).includes('already in the index'));
  assert.equal(warnings.length, 30, 'the JSON report is data: every input is there');
});

test('a dry run lists every file that would change, however many', async () => {
  const t = tree(thirtyFiles(() => 'a\na\n'));
  const r = await runBin(['--dry-run', '--scope', 'file', t.path('in')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(messageLines(r.stderr).filter((l) => l.endsWith('would remove 1 of 2 units')).length, 30);
});

test("reasonOf takes out the input's own name only where it stands alone", () => {
  assert.equal(reasonOf('d/f.txt', 'backup d/f.txt.orig already exists'), 'backup FILE.orig already exists');
  assert.equal(reasonOf('a', 'backup a.orig already exists; all kept'), 'backup FILE.orig already exists; all kept');
  assert.equal(reasonOf('x', 'xbak exists'), 'xbak exists');
});
