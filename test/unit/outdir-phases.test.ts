// The bare --out-dir loop of bench/outdir-phases.ts: every variant writes every file, and nothing is
// left behind. No timing is asserted; the figures are for bench/README.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { measurePhases } from '../../bench/outdir-phases.js';

test('outdir-phases measures each variant once per round and removes its folders', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dedupe-outdir-phases-'));
  try {
    const table = await measurePhases({ files: 12, rounds: 2, dir });
    const rows = table.trim().split('\n');
    assert.equal(rows.length, 2 + 7, table);
    assert.match(rows[2], /^\| pooled, fsync \| \d+ \| 1\.00x \| \d+ \|$/);
    assert.ok(
      rows.some((row) => row.startsWith('| phased 256, create on main, fsync |')),
      table,
    );
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
