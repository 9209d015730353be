// docs/api.md's examples are real: each `js` block runs as an ES module that imports the package
// by its own name, and prints exactly the `text` block that follows it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

const doc = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
const examples = [...doc.matchAll(/```js\n([\s\S]*?)```\s*```text\n([\s\S]*?)```/g)].map((m) => ({
  code: m[1],
  expected: m[2],
}));
// Inside the package (dist/ is ignored by git), so the package's own name resolves through exports.
const dir = mkdtempSync(join(ROOT, 'dist', 'doc-examples-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('docs/api.md has examples for every entry point', () => {
  for (const name of ['dedupeText', 'comparisonKey', 'createDeduper', 'dedupeStream', 'dedupeFiles']) {
    assert.ok(
      examples.some((e) => e.code.includes(`${name}(`)),
      `an example calls ${name}`,
    );
  }
});

for (const [i, example] of examples.entries()) {
  test(`docs/api.md example ${i + 1} prints what the doc says`, () => {
    const file = join(dir, `example-${i + 1}.mjs`);
    writeFileSync(file, example.code);
    // An example's own temp folders land in ours (os.tmpdir() reads TMPDIR), so `after` removes them.
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8', env: { ...process.env, TMPDIR: dir } });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, example.expected);
  });
}
