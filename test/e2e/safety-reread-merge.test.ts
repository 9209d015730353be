// Issue 15, item 12: `dedupe index merge` metadata. The merged index is never "updated" before it
// was "created", and refusing to overwrite an existing output names the option that allows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Figures {
  created: string;
  updated: string;
  keys: number;
}
async function stats(path: string): Promise<Figures> {
  const r = await runBin(['index', 'stats', '--json', path]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout.toString()) as Figures;
}

test("index merge: created is the oldest input's creation, never after updated (the latest commit)", async () => {
  const t = tree({ 'a.txt': 'a\nb\n', 'b.txt': 'b\nc\n' });
  assert.equal((await runBin([t.path('a.txt'), '--index', t.path('a.idx')])).code, 0);
  await pause(30); // distinct clock readings for each step
  assert.equal((await runBin([t.path('b.txt'), '--index', t.path('b.idx')])).code, 0);
  await pause(30);
  const m = await runBin(['index', 'merge', t.path('a.idx'), t.path('b.idx'), '-o', t.path('all.idx')]);
  assert.equal(m.code, 0, m.stderr);
  const [a, b, all] = [await stats(t.path('a.idx')), await stats(t.path('b.idx')), await stats(t.path('all.idx'))];
  assert.ok(Date.parse(all.created) <= Date.parse(all.updated), `created ${all.created} after updated ${all.updated}`);
  assert.equal(all.created, a.created, 'created when the oldest input was');
  assert.equal(all.updated, b.updated, 'updated at the latest commit it holds');
  assert.equal(all.keys, 3);
  const human = (await runBin(['index', 'stats', t.path('all.idx')])).stdout.toString();
  assert.match(human, new RegExp(`created: +${all.created}\\nupdated: +${all.updated}\\n`));
});

test('index merge onto an existing file: exit 2, one line naming --force, file untouched; --force replaces it', async () => {
  const t = tree({ 'a.txt': 'a\n', 'keep.idx': 'not an index, and not to be lost\n' });
  assert.equal((await runBin([t.path('a.txt'), '--index', t.path('a.idx')])).code, 0);
  const r = await runBin(['index', 'merge', t.path('a.idx'), '-o', t.path('keep.idx')]);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^dedupe: .*keep\.idx: already exists and is not one of the inputs; .*--force to replace it\n$/,
  );
  assert.equal(readFileSync(t.path('keep.idx'), 'utf8'), 'not an index, and not to be lost\n');
  const forced = await runBin(['index', 'merge', '--force', t.path('a.idx'), '-o', t.path('keep.idx')]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal((await stats(t.path('keep.idx'))).keys, 1);
});
