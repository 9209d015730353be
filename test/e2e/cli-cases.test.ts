// The CLI cases of fixtures/cases/cli-cases.json through the real bin/dedupe.js (the unit tier runs
// the same cases in-process), and the help texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBin } from '../helpers/cli.js';
import { runCliCases } from '../helpers/cases.js';

runCliCases('binary', runBin);

test('--help shows usage, examples, profiles and exit codes on stdout', async () => {
  const r = await runBin(['--help']);
  assert.equal(r.code, 0);
  const text = r.stdout.toString();
  for (const needle of [
    'Usage: dedupe',
    'Examples:',
    '--unit',
    '--scope',
    '--key',
    '--fold',
    '--no-fold',
    '--output',
    'Key profiles',
    'Fold steps',
    '--report',
    '--keep',
    '--out-dir',
    'Exit status:',
  ]) {
    assert.ok(text.includes(needle), `help lacks ${needle}`);
  }
  assert.equal(r.stderr, '');
});

test('subcommand help names the program options each subcommand takes (apply --out-dir, commit --index, key --key)', async () => {
  for (const [command, needles] of [
    ['apply', ['--work', '--task', '--out-dir']],
    ['commit', ['--work', '--index']],
    ['key', ['--unit', '--key', '--fold', '--encoding']],
  ] as const) {
    const r = await runBin([command, '--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const needle of needles) assert.ok(r.stdout.toString().includes(needle), `${command} --help lacks ${needle}`);
  }
});
