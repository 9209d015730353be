// The plain-run reading of the command line (src/cli/plain-argv.ts) against commander's (program.ts):
// for every line it takes, the same parse, options included; every other line is left to commander;
// and no subcommand's name could ever be read as a plain operand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProgram, type Parsed } from '../../src/cli/program.js';
import { plainRun } from '../../src/cli/plain-argv.js';

async function commanderReads(argv: string[]): Promise<Parsed | undefined> {
  const { program, result } = buildProgram('0.0.0', { out: () => {}, err: () => {} });
  await program.parseAsync(argv, { from: 'user' });
  return result();
}

test('a line of operands only reads as commander reads it, defaults included', async () => {
  const lines = [
    [],
    ['-'],
    ['seed.txt'],
    ['a.txt', 'b.txt', '-'],
    ['./key'],
    ['Key', 'index'],
    ['corpus/', 'x y.txt', ''],
    ['كتاب.txt', 'key'],
    ['../shared/seed/000_82310776f7d92159.txt'],
    ['*.txt', 'a=b'],
  ];
  for (const argv of lines) {
    const plain = plainRun(argv);
    assert.ok(plain, `plain: ${JSON.stringify(argv)}`);
    assert.deepEqual(plain, await commanderReads(argv), JSON.stringify(argv));
  }
});

test('flags, `--` and a first operand that could be a subcommand go to commander', () => {
  const lines = [
    ['-u', 'paragraph', 'a.txt'],
    ['a.txt', '--key', 'exact'],
    ['a.txt', '-q'],
    ['--', 'a.txt'],
    ['a.txt', '--no-progress'],
    ['--version'],
    ['key', 'a.txt'],
    ['help'],
    ['status'],
    ['notes'],
    ['a.txt', '-5'],
  ];
  for (const argv of lines) assert.equal(plainRun(argv), undefined, JSON.stringify(argv));
});

test("every subcommand's name and alias is a word that plainRun leaves to commander", () => {
  const { program } = buildProgram('0.0.0', { out: () => {}, err: () => {} });
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  assert.ok(names.length >= 10, names.join(' '));
  for (const name of names) assert.equal(plainRun([name, 'a.txt']), undefined, name);
});
