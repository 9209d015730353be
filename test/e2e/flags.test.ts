// The flag table drives every refusal: each "goes with" pair, each flag a command does not take,
// and the cross-flag conflicts, checked on the plan layer directly (parse, then makePlan), with no
// binary spawned. Adding a flag to the table without its refusals fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProgram, rewriteNegatedFold, type Parsed } from '../../src/cli/program.js';
import { makePlan } from '../../src/cli/plan.js';
import { FLAGS, defaultOf, flagDefaults, type CommandName } from '../../src/cli/flags.js';

async function parse(argv: string[]): Promise<Parsed | { kind: 'commander-error'; text: string }> {
  let err = '';
  const { program, result } = buildProgram('0', {
    out: () => {},
    err: (s) => {
      err += s;
    },
  });
  try {
    await program.parseAsync(rewriteNegatedFold(argv), { from: 'user' });
  } catch {
    return { kind: 'commander-error', text: err };
  }
  return result()!;
}

async function refusal(argv: string[]): Promise<string | undefined> {
  const parsed = await parse(argv);
  if (parsed.kind === 'commander-error') return parsed.text;
  if (parsed.kind !== 'dedupe' && parsed.kind !== 'key') return undefined;
  const planned = makePlan(parsed);
  return planned.kind === 'usage-error' ? planned.message : undefined;
}

// A value each flag accepts, so that a refusal is about where it stands, not what it holds.
const SAMPLE: Record<string, string[]> = {
  unit: ['paragraph'],
  scope: ['file'],
  key: ['exact'],
  fold: ['digits'],
  dropFold: ['tatweel'],
  output: ['o.txt'],
  outDir: ['out'],
  backup: ['.orig'],
  include: ['*.txt'],
  exclude: ['x/**'],
  encoding: ['utf-16le'],
  report: ['json'],
  maxRate: ['5%'],
  keep: ['last'],
  minChars: ['3'],
  minWords: ['2'],
  color: ['never'],
  top: ['3'],
  index: ['i.idx'],
  nearThreshold: ['0.7'],
  nearScore: ['jaccard'],
  nearMinChars: ['40'],
  bufferSize: ['64'],
  progressAfter: ['5'],
  format: ['jsonl'],
  field: ['body'],
  idField: ['id'],
};
const argsOf = (name: string): string[] => {
  const def = FLAGS.find((d) => d.name === name)!;
  const long = def.flags.match(/--[a-z-]+/)![0];
  return [long, ...(SAMPLE[name] ?? [])];
};

test('every default lives in the table, and the commander program starts from exactly those', async () => {
  const parsed = await parse(['f.txt']);
  assert.equal(parsed.kind, 'dedupe');
  if (parsed.kind !== 'dedupe') return;
  const options = parsed.options as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(flagDefaults())) assert.equal(options[name], value, name);
  // --near-threshold's default depends on --near-score (src/near/near-score.ts), so commander has none.
  assert.equal(defaultOf('nearThreshold'), undefined);
  assert.equal(defaultOf('nearScore'), 'mix');
});

for (const def of FLAGS.filter((d) => d.goesWith)) {
  test(`${def.label} without ${def.goesWith!.label} is refused as "goes with"`, async () => {
    const message = await refusal(['f.txt', ...argsOf(def.name)]);
    assert.equal(message, `${def.label} goes with ${def.goesWith!.label}`);
  });
}

for (const def of FLAGS.filter((d) => !d.commands.includes('key') && d.name !== 'noProgress')) {
  test(`dedupe key refuses ${def.label}, which it would ignore`, async () => {
    const message = await refusal(['key', ...argsOf(def.name), 'f.txt']);
    assert.equal(message, `the key command prints keys on stdout and takes no ${def.label}`);
  });
}

for (const def of FLAGS.filter((d) => d.commands.includes('key') && d.name !== 'quiet')) {
  test(`dedupe key takes ${def.label}`, async () => {
    assert.equal(await refusal(['key', ...argsOf(def.name), 'f.txt']), undefined);
  });
}

test('each command the table names exists, and each flag is taken by at least one command', async () => {
  const commands: CommandName[] = ['dedupe', 'key', 'plan', 'map', 'reduce', 'apply', 'commit', 'status', 'tasks'];
  for (const def of FLAGS) {
    assert.ok(def.commands.length > 0, def.label);
    for (const c of def.commands) assert.ok(commands.includes(c), `${def.label}: ${c}`);
  }
});

// The refusals that are about two flags together, as data: argv and the message's start.
const CONFLICTS: [string[], RegExp][] = [
  [['f.txt', '-o', 'x', '--out-dir', 'y'], /^-o\/--output and --out-dir cannot be used together/],
  [['f.txt', '--in-place', '--follow'], /^--in-place cannot be used with --follow/],
  [['--in-place'], /^--in-place needs files to rewrite/],
  [['--out-dir', 'o'], /^--out-dir needs file or folder inputs/],
  [['f.txt', '--backup', 'a/b', '--in-place'], /^--backup: expected a file name suffix/],
  [['f.txt', '--only-duplicates', '--removed'], /^--only-duplicates and --removed cannot be used together/],
  [
    ['f.txt', '--only-duplicates', '--report', 'json'],
    /^--only-duplicates prints text; it cannot be used with --report/,
  ],
  [['f.txt', '--removed', '--in-place'], /^--removed with --in-place would leave each file with only its repeats/],
  [['f.txt', '--only-duplicates', '--keep', 'none'], /^--only-duplicates prints the copy that is kept/],
  [['f.txt', '--index', 'i', '--scope', 'file'], /^--index keeps units across runs/],
  [['f.txt', '--index', 'i', '--keep', 'last'], /^--index keeps the first copy ever seen/],
  [['f.txt', '--near', '--keep', 'none'], /^--near keeps the first copy/],
  [['f.txt', '--check', '-o', 'x'], /^--check writes nothing/],
  [['f.txt', '--near', '--near-threshold', '2'], /^--near-threshold: expected a similarity above 0 and at most 1/],
  [['f.txt', '--check', '--max-rate', 'lots'], /^--max-rate: expected a share/],
  [['f.txt', '--min-chars', '-1'], /^--min-chars: expected a whole number|option '--min-chars <n>' argument missing/],
  [['-', '-'], /^standard input \(-\) can be read only once/],
  [['f.txt', '--scope', 'document', '--format', 'jsonl', '--index', 'i'], /^--index keeps units across runs/],
];
for (const [argv, expected] of CONFLICTS) {
  test(`refused: dedupe ${argv.join(' ')}`, async () => {
    const message = await refusal(argv);
    assert.ok(message !== undefined, 'a usage error');
    assert.match(message, expected);
  });
}
