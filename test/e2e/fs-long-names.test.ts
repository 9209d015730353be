// Names near the 255-byte limit are rewritten like any other: the temporary file's name has a
// fixed length, so --in-place, --out-dir and -o work on a 250-byte name and on a 120-letter
// Arabic one (240 bytes of letters), where a name-derived temporary name would not fit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const TEXT = 'سطر مكرر\nسطر آخر\nسطر مكرر\n';
const CLEAN = 'سطر مكرر\nسطر آخر\n';

const names = [
  { what: 'a 250-byte Latin name', name: `${'n'.repeat(246)}.txt` },
  { what: 'a 120-letter Arabic name', name: `${'ب'.repeat(120)}.txt` },
];

for (const { what, name } of names) {
  test(`${what} (${Buffer.byteLength(name)} bytes): --in-place rewrites it`, async () => {
    const t = tree({ [`d/${name}`]: TEXT });
    const r = await runBin([t.path('d'), '--in-place', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(readFileSync(t.path(`d/${name}`), 'utf8'), CLEAN);
    assert.deepEqual(readdirSync(t.path('d')), [name], 'nothing else left in the folder');
  });

  test(`${what}: --out-dir writes its mirror`, async () => {
    const t = tree({ [`d/${name}`]: TEXT });
    const r = await runBin([t.path('d'), '--out-dir', t.path('out'), '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(t.path(`out/${name}`), 'utf8'), CLEAN);
    assert.equal(readFileSync(t.path(`d/${name}`), 'utf8'), TEXT, 'the input is untouched');
    assert.deepEqual(readdirSync(t.path('out')), [name]);
  });

  test(`${what}: -o writes it, new and replacing an existing file`, async () => {
    const t = tree({ 'in.txt': TEXT });
    const fresh = await runBin([t.path('in.txt'), '-o', t.path(name), '--quiet']);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.equal(readFileSync(t.path(name), 'utf8'), CLEAN);
    writeFileSync(t.path(name), 'old\n');
    const replaced = await runBin([t.path('in.txt'), '-o', t.path(name), '--quiet']);
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.equal(readFileSync(t.path(name), 'utf8'), CLEAN);
    assert.deepEqual(readdirSync(t.dir).sort(), ['in.txt', name].sort());
  });
}
