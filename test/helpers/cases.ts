// The CLI cases of fixtures/cases/cli-cases.json, loaded for both tiers: each case names the files
// it needs, its argv ($DIR: the case's own folder, $FIXTURES: the fixtures folder), its stdin, and
// what must come out. The unit tier runs them in-process through main(), the e2e tier through the
// real binary, so the two cannot drift apart (markdownlint-cli2's way).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, treeFactory, type RunResult } from './cli.js';

interface CliCase {
  readonly name: string;
  /** Relative path -> text, or { base64 } for bytes. */
  readonly files: Record<string, string | { base64: string }>;
  readonly args: string[];
  readonly stdin?: string;
  readonly code: number;
  readonly stdout?: string;
  readonly stdoutMatch?: string;
  /** A regular expression; absent: stderr must be empty. */
  readonly stderr?: string;
}

export function runCliCases(
  how: string,
  run: (args: string[], options: { input?: string }) => Promise<RunResult>,
): void {
  const cases = JSON.parse(readFileSync(join(FIXTURES, 'cases', 'cli-cases.json'), 'utf8')) as CliCase[];
  const tree = treeFactory();
  describe(`CLI cases (${how})`, () => {
    for (const c of cases) {
      test(c.name, async () => {
        const files = Object.fromEntries(
          Object.entries(c.files).map(([p, v]) => [p, typeof v === 'string' ? v : Buffer.from(v.base64, 'base64')]),
        );
        const t = tree(files);
        const args = c.args.map((a) => a.replace(/^\$DIR/, t.dir).replace(/^\$FIXTURES/, FIXTURES));
        const r = await run(args, { input: c.stdin });
        assert.equal(r.code, c.code, `exit code; stderr: ${r.stderr}`);
        if (c.stdout !== undefined) assert.equal(r.stdout.toString('utf8'), c.stdout);
        if (c.stdoutMatch !== undefined) assert.match(r.stdout.toString('utf8'), new RegExp(c.stdoutMatch));
        if (c.stderr !== undefined) assert.match(r.stderr, new RegExp(c.stderr));
        else assert.equal(r.stderr, '');
      });
    }
  });
}
