// Issue 15, item 11: --only-duplicates prints each repeated unit once (its kept copy, in output
// order), like `uniq -d` but across the whole input; --removed prints every removed copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const hasUniq = spawnSync('uniq', ['--version']).status === 0;

async function out(args: string[], input?: string): Promise<string> {
  const r = await runBin(args, { input });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.toString();
}

// Exact comparison, keep first: the lines seen more than once, each once, in first-appearance order.
function repeatedOnce(lines: string[]): string[] {
  const count = new Map<string, number>();
  for (const l of lines) count.set(l, (count.get(l) ?? 0) + 1);
  return [...new Set(lines)].filter((l) => count.get(l)! > 1);
}

test('dedupe --only-duplicates on a a a b b c prints a b, as uniq -d does; --removed prints a a b', async () => {
  const input = 'a\na\na\nb\nb\nc\n';
  assert.equal(await out(['--only-duplicates'], input), 'a\nb\n');
  assert.equal(await out(['--removed'], input), 'a\na\nb\n');
});

test(
  '--only-duplicates equals uniq -d on input whose copies are adjacent',
  { skip: hasUniq ? false : 'uniq is not installed' },
  async () => {
    const input = 'x\nx\ny\nz\nz\nz\nw\nv\nv\n';
    const uniq = spawnSync('uniq', ['-d'], { input }).stdout.toString();
    assert.equal(await out(['--key', 'exact', '--only-duplicates'], input), uniq);
  },
);

test('--only-duplicates is global: copies far apart and across files count, printed in first-appearance order', async () => {
  const t = tree({ 'one.txt': 'q\nr\ns\n', 'two.txt': 't\ns\nq\nq\n' });
  assert.equal(await out(['--only-duplicates', t.path('one.txt'), t.path('two.txt')]), 'q\ns\n');
  // Within each input only, two.txt has one repeat and one.txt none.
  assert.equal(await out(['--only-duplicates', '--scope', 'file', t.path('one.txt'), t.path('two.txt')]), 'q\n');
});

test('--only-duplicates prints the kept copy itself, in the order of the output (keep first and keep last)', async () => {
  // The standard key collapses spaces: the three lines are one unit written three ways.
  const input = 'c\nb  b\na\nb b\nb   b\nd\n';
  assert.equal(await out(['--only-duplicates'], input), 'b  b\n');
  assert.equal(await out(['--only-duplicates', '--keep', 'last'], input), 'b   b\n');
  const lastOrder = 'c\nb\na\nb\na\na\nd';
  assert.equal(await out(['--keep', 'last'], lastOrder), 'c\nb\na\nd');
  assert.equal(await out(['--only-duplicates', '--keep', 'last'], lastOrder), 'b\na\n');
});

test('--only-duplicates in paragraph mode and from a file as from stdin', async () => {
  const input = 'P\nline 2\n\nQ\n\nP\nline 2\n\nR\n\nQ';
  assert.equal(await out(['--only-duplicates', '--unit', 'paragraph'], input), 'P\nline 2\n\nQ\n');
  const t = tree({ 'p.txt': input });
  assert.equal(await out(['--only-duplicates', '--unit', 'paragraph', t.path('p.txt')]), 'P\nline 2\n\nQ\n');
});

test('--only-duplicates with --near: a paragraph with only a lightly edited copy is a repeated one', async () => {
  const p1 =
    'The minister said on Tuesday that the new budget would include more money for schools and hospitals across the country.';
  const p2 = p1.replace(' new budget', ' budget');
  const other = 'Another paragraph, unique and long enough to be compared by similarity in near mode, stays out.';
  const input = `${p1}\n\n${other}\n\n${p2}\n`;
  assert.equal(await out(['--near', '--unit', 'paragraph', '--only-duplicates'], input), `${p1}\n`);
  assert.equal(await out(['--near', '--unit', 'paragraph', '--removed'], input), `${p2}\n`);
});

test('--only-duplicates matches a reference model; --removed is the complement of the output', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 30 }), async (lines) => {
      const input = lines.map((l) => `${l}\n`).join('');
      assert.equal(
        await out(['--key', 'exact', '--only-duplicates'], input),
        repeatedOnce(lines)
          .map((l) => `${l}\n`)
          .join(''),
      );
      const kept = (await out(['--key', 'exact'], input)).split('\n').filter(Boolean);
      const removed = (await out(['--key', 'exact', '--removed'], input)).split('\n').filter(Boolean);
      assert.deepEqual([...kept, ...removed].sort(), [...lines].sort());
    }),
    { numRuns: 15 },
  );
});

test('--only-duplicates and --removed refuse what would lose text or mislead, in one line', async () => {
  const t = tree({ 'f.txt': 'a\na\n' });
  const cases: [string[], RegExp][] = [
    [['--only-duplicates', '--removed'], /cannot be used together/],
    [['--only-duplicates', '--keep', 'none'], /--keep none keeps none: use --removed/],
    [['--removed', '--report', 'json'], /--removed prints text; it cannot be used with --report/],
    [['--removed', '--in-place'], /--removed with --in-place/],
    [['--only-duplicates', '--in-place'], /--only-duplicates with --in-place/],
    [['--removed', '--index', t.path('i.idx')], /cannot be used with --removed/],
    [['--removed', '-o', t.path('f.txt')], /--removed with -o .*that is an input/],
    [['--only-duplicates', '-o', t.path('f.txt')], /--only-duplicates with -o .*that is an input/],
  ];
  for (const [args, message] of cases) {
    const r = await runBin([...args, t.path('f.txt')]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
    assert.match(r.stderr, /^dedupe: [^\n]*\n$/);
  }
  assert.equal(readFileSync(t.path('f.txt'), 'utf8'), 'a\na\n', 'the input is untouched');
});
