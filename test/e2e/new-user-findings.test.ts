// What a new user met on the real corpus, through the real binary: the summary counts inputs (not
// a JSON Lines input's broken lines), a backup that is in the way fails the file it kept from being
// cleaned, and messages name the user's paths in plain words (never a system error code or a temp name).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const jsonLines = (b: Buffer): Record<string, unknown>[] =>
  b
    .toString('utf8')
    .split('\n')
    .filter((l) => l)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test('jsonl: an input with three broken lines is one failed input, each line still told', async () => {
  const t = tree({ 'a.jsonl': '{"text":"x"}\nnot json\n{"text":"x"}\nbad 2\nbad 3\n' });
  for (const keep of ['first', 'last']) {
    const r = await runBin(['--format', 'jsonl', '--keep', keep, 'a.jsonl', '--out-dir', 'out'], { cwd: t.dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^dedupe: 1 file read, 1 changed, 0 skipped, 1 failed/m);
    assert.equal(r.stderr.match(/not valid JSON; passed through unchanged/g)?.length, 3, r.stderr);
    const j = await runBin(['--format', 'jsonl', '--keep', keep, '--report', 'json', 'a.jsonl'], { cwd: t.dir });
    assert.equal(j.code, 2, j.stderr);
    const summary = jsonLines(j.stdout).find((e) => e.type === 'summary');
    assert.equal(summary?.failed, 1);
    assert.equal(summary?.files, 1);
  }
});
