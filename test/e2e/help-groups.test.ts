// --help grouped by the flag table's groups (titles and order from flag-groups.ts), examples
// kept, and `dedupe help [command]` for every command of the program, through the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { runBin } from '../helpers/cli.js';
import { FLAGS } from '../../src/cli/flags.js';
import { byGroup, FLAG_GROUP_TITLES } from '../../src/cli/flag-groups.js';
import { buildProgram } from '../../src/cli/program.js';

const program = buildProgram('0', { out: () => {}, err: () => {} }).program;

test('--help lists the options under their group titles, in the groups order, examples kept', async () => {
  const r = await runBin(['--help']);
  assert.equal(r.code, 0, r.stderr);
  const text = r.stdout.toString('utf8');
  const groups = byGroup(FLAGS.filter((d) => d.help !== undefined));
  let from = 0;
  for (const [group, defs] of groups) {
    const at = text.indexOf(`\n${FLAG_GROUP_TITLES[group]}:\n`, from);
    assert.ok(at >= from, `no heading ${FLAG_GROUP_TITLES[group]}: after the previous group`);
    const end = text.indexOf('\n\n', at + 1);
    const block = text.slice(at, end);
    for (const def of defs)
      assert.match(block, new RegExp(`^  ${escape(def.flags)} `, 'm'), `${def.label} under ${group}`);
    from = end;
  }
  assert.ok(text.includes('\n  --no-fold <steps> '), '--no-fold shown as the table spells it');
  assert.ok(!text.includes('--drop-fold'), 'the parse-only spelling stays out of the help');
  assert.ok(text.includes('\nScale-out commands:\n  plan '), 'the scale-out commands have their own heading');
  for (const needle of ['Examples:', 'dedupe --near corpus/ --out-dir clean/', 'Key profiles', 'Exit status:'])
    assert.ok(text.includes(needle), `help lacks ${needle}`);
});

function paths(command: Command, path: string[]): string[][] {
  return command.commands.flatMap((c) => [[...path, c.name()], ...paths(c, [...path, c.name()])]);
}

test('dedupe help COMMAND prints the help of each command and subcommand', async () => {
  const all = paths(program, []);
  assert.ok(all.length >= 14, 'key, index and its three, completion, seven scale-out commands, help');
  for (const path of all) {
    const r = await runBin(['help', ...path]);
    assert.equal(r.code, 0, `help ${path.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout.toString('utf8'), new RegExp(`^Usage: dedupe ${path.join(' ')} `), path.join(' '));
    assert.equal(r.stderr, '');
  }
  const key = (await runBin(['help', 'key'])).stdout.toString('utf8');
  assert.match(key, /\n {2}Units and key:\n {4}-u, --unit <unit> /, "a subcommand's borrowed options are grouped too");
  const main = await runBin(['help']);
  assert.match(main.stdout.toString('utf8'), /^Usage: dedupe \[options\]/);
  const unknown = await runBin(['help', 'index', 'nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^dedupe: help: no subcommand 'index nope' \(stats, merge, salvage\)\n$/);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
