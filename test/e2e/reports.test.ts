// Reports and policies through the real binary: diff that patch applies, JSON lines whose removed
// ranges rebuild the output, the summary's boilerplate table, --check exit codes, keep policies
// against a tiny reference model, thresholds, --removed, colour and terminal escaping.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { BIN, FIXTURES, runBin, tempTree } from '../helpers/cli.js';

const tree = tempTree();
after(() => tree.cleanup());
const hasPatch = spawnSync('patch', ['--version']).status === 0;
const hasScript = spawnSync('script', ['--version']).status === 0;

async function dedupeBytes(input: Buffer, args: string[]): Promise<Buffer> {
  const r = await runBin(args, { input });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

/** Writes input to a fresh folder, makes the diff there, applies it with patch -p1 to a copy. */
async function patchRoundTrip(
  input: Buffer,
  args: string[],
): Promise<{ patched: Buffer; expected: Buffer; diff: string }> {
  const dir = join(tree.dir, `rt-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'in.txt'), input);
  const diff = await runBin(['--report', 'diff', ...args, 'in.txt'], { cwd: dir });
  assert.equal(diff.code, 0, diff.stderr);
  const expected = (await runBin([...args, 'in.txt'], { cwd: dir })).stdout;
  const applied = spawnSync('patch', ['-p1', '--quiet', '--no-backup-if-mismatch'], { cwd: dir, input: diff.stdout });
  assert.equal(
    applied.status,
    0,
    `patch failed: ${applied.stdout}${applied.stderr}\n${diff.stdout.toString('latin1')}`,
  );
  return { patched: readFileSync(join(dir, 'in.txt')), expected, diff: diff.stdout.toString() };
}

test(
  'diff report: patch -p1 turns the input into the output (CRLF, lone CR, no final newline, paragraphs)',
  { skip: hasPatch ? false : 'GNU patch is not installed' },
  async () => {
    const cases: [string, string[]][] = [
      ['a\nb\na\nc\nb', []],
      ['a\r\nb\r\na\r\nc\r\n', []],
      ['x\ry\rx\ny\n', []],
      ['x\ry\ry\nz\n', []],
      ['P1\nl2\n\nP2\n\nP1\nl2\n\n\nP3\n\nP2', ['--unit', 'paragraph']],
      ['\n\nA\n\nA\n\n', ['--unit', 'paragraph']],
    ];
    for (const [text, args] of cases) {
      const { patched, expected } = await patchRoundTrip(Buffer.from(text), args);
      assert.deepEqual(patched, expected, JSON.stringify(text));
    }
  },
);

test('diff report: each removed unit has its own hunk naming the copy that stays', async () => {
  const r = await runBin(['--report', 'diff', 'seed-scraped-article.txt'], { cwd: FIXTURES });
  const text = r.stdout.toString();
  assert.match(text, /^--- a\/seed-scraped-article\.txt\t\n\+\+\+ b\/seed-scraped-article\.txt\t\n/);
  assert.equal((text.match(/^@@ /gm) ?? []).length, 7, 'seven repeats, seven hunks');
  assert.match(text, /^@@ -5,1 \+4,0 @@ duplicate of seed-scraped-article\.txt:2$/m);
  assert.match(text, /\\ No newline at end of file\n$/);
});

test(
  'diff report: patch round trip holds on random text',
  { skip: hasPatch ? false : 'GNU patch is not installed' },
  async () => {
    const line = fc.tuple(fc.constantFrom('a', 'b', 'أ', 'ا', ' ', ''), fc.constantFrom('\n', '\r\n', '\r', '\n'));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), fc.constantFrom('line', 'paragraph'), async (lines, unit) => {
        const input = Buffer.from(lines.map(([t, e]) => t + e).join(''));
        const { patched, expected } = await patchRoundTrip(input, ['--unit', unit]);
        assert.deepEqual(patched, expected);
      }),
      { numRuns: 25 },
    );
  },
);

test('JSON report: every line parses; removed ranges cut from the input give the normal output', async () => {
  const inputs = [
    Buffer.from('a\nb\na\nc\nb'),
    Buffer.concat([Buffer.from('x\r\n'), Buffer.from([0xff, 0x0a]), Buffer.from('x\n'), Buffer.from([0xff, 0x0a])]),
    Buffer.from('P1\n\nP2\n\nP1\n\nP3\n'),
    Buffer.from('P1\n\nP1\n\nP1\n\nP2\n'),
  ];
  for (const input of inputs) {
    for (const unit of ['line', 'paragraph']) {
      const r = await runBin(['--report', 'json', '--unit', unit], { input });
      assert.equal(r.code, 0, r.stderr);
      const events = r.stdout
        .toString()
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(events.at(-1)?.type, 'summary');
      const dups = events.filter((e) => e.type === 'duplicate');
      let kept = Buffer.alloc(0);
      let at = 0;
      for (const d of dups) {
        kept = Buffer.concat([kept, input.subarray(at, d.offset as number)]);
        at = (d.offset as number) + (d.length as number);
        if (d.textBase64)
          assert.deepEqual(
            Buffer.from(d.textBase64 as string, 'base64'),
            input
              .subarray(d.offset as number, (d.offset as number) + (d.length as number))
              .subarray(0, Buffer.from(d.textBase64 as string, 'base64').length),
          );
      }
      kept = Buffer.concat([kept, input.subarray(at)]);
      assert.deepEqual(
        kept,
        await dedupeBytes(input, ['--unit', unit]),
        `${unit}: ${JSON.stringify(input.toString())}`,
      );
    }
  }
});

test('JSON report: files, errors, invalid UTF-8 as base64, identical vs key-equal, summary fields', async () => {
  const a = join(tree.dir, 'j-a.txt');
  const b = join(tree.dir, 'j-b.txt');
  writeFileSync(a, Buffer.concat([Buffer.from('أكد\n'), Buffer.from([0x61, 0xff, 0x0a])]));
  writeFileSync(b, Buffer.concat([Buffer.from('اكد\nأكد\n'), Buffer.from([0x61, 0xff, 0x0a])]));
  const r = await runBin(['--report', 'json', a, join(tree.dir, 'missing.txt'), b]);
  assert.equal(r.code, 2);
  const events = r.stdout
    .toString()
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  const types = events.map((e) => e.type);
  assert.deepEqual(
    types.filter((t) => t !== 'warning'),
    ['file', 'error', 'duplicate', 'duplicate', 'duplicate', 'file', 'summary'],
  );
  const [d1, d2, d3] = events.filter((e) => e.type === 'duplicate');
  assert.equal(d1.identical, false, 'اكد equals أكد by key only');
  assert.equal(d2.identical, true);
  assert.equal(d1.firstPath, a);
  assert.equal(d1.firstLine, 1);
  assert.equal(d3.textBase64, Buffer.from([0x61, 0xff, 0x0a]).toString('base64'));
  assert.match(d1.key, /^[0-9a-f]{32}$/);
  const summary = events.at(-1);
  assert.equal(summary.schema, 1);
  assert.equal(summary.keySpec, 'standard/1');
  assert.equal(summary.hashBits, 128);
  assert.equal(summary.duplicates, 3);
  assert.equal(events.find((e) => e.type === 'error').message, 'no such file or directory');
});

test('summary report: totals, worst files and the most repeated units with counts', async () => {
  const dir = join(tree.dir, 'sum');
  mkdirSync(dir);
  for (let i = 0; i < 5; i++)
    writeFileSync(join(dir, `f${i}.txt`), `رأي الكاتب لا يعبر عن رأي الموقع\nخبر ${i}\nتابعونا\n`);
  const r = await runBin(['--report', 'summary', dir]);
  assert.equal(r.code, 0, r.stderr);
  const text = r.stdout.toString();
  assert.match(text, /units: +15, of which 8 duplicates \(53\.3%\)/);
  assert.match(
    text,
    /Most repeated units \(top 2\):\n +5× +.*f0\.txt:1\n +رأي الكاتب لا يعبر عن رأي الموقع\n +5× +.*f0\.txt:3\n +تابعونا\n/,
  );
  assert.match(text, /Highest duplicate rate/);
  // --stats: the same summary on stderr, the text on stdout.
  const s = await runBin(['--stats', dir]);
  assert.equal(s.stdout.toString().split('\n').length - 1, 7);
  assert.match(s.stderr, /Most repeated units/);
});

test('--check: exit 1 with duplicates, 0 without, --max-rate sets the bar; nothing is written', async () => {
  const file = join(tree.dir, 'check.txt');
  writeFileSync(file, 'a\nb\na\nc\n');
  assert.equal((await runBin(['--check', file])).code, 1);
  assert.equal((await runBin(['--check', '--max-rate', '30%', file])).code, 0);
  assert.equal((await runBin(['--check', '--max-rate', '0.2', file])).code, 1);
  assert.equal((await runBin(['--check'], { input: 'a\nb\n' })).code, 0);
  const r = await runBin(['--check', file, '-o', join(tree.dir, 'never.txt')]);
  assert.equal(r.stdout.length, 0);
  assert.throws(() => readFileSync(join(tree.dir, 'never.txt')));
  assert.equal((await runBin(['--max-rate', '5%', file])).code, 2, '--max-rate needs --check');
});

// A tiny reference model of the keep policies over exact lines.
function refKeep(lines: string[], policy: 'first' | 'last' | 'none'): string[] {
  const count = new Map<string, number>();
  const last = new Map<string, number>();
  lines.forEach((l, i) => {
    count.set(l, (count.get(l) ?? 0) + 1);
    last.set(l, i);
  });
  const seen = new Set<string>();
  return lines.filter((l, i) => {
    if (l.trim() === '') return true;
    if (policy === 'none') return count.get(l) === 1;
    if (policy === 'last') return last.get(l) === i;
    if (seen.has(l)) return false;
    seen.add(l);
    return true;
  });
}

test('--keep first|last|none on a hand-checked example, from a file and from stdin (its spool file removed)', async () => {
  const { readdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const spools = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('dedupe-stdin-'));
  const before = new Set(spools());
  const input = 'a\nb\na\nc\nb\na\n';
  const expected = { first: 'a\nb\nc\n', last: 'c\nb\na\n', none: 'c\n' };
  for (const policy of ['first', 'last', 'none'] as const) {
    assert.equal((await dedupeBytes(Buffer.from(input), ['--keep', policy])).toString(), expected[policy], policy);
    const file = join(tree.dir, `keep-${policy}.txt`);
    writeFileSync(file, input);
    const r = await runBin(['--keep', policy, file]);
    assert.equal(r.stdout.toString(), expected[policy]);
  }
  assert.deepEqual(
    spools().filter((f) => !before.has(f)),
    [],
    'no spool of standard input left behind',
  );
});

test('--keep policies match the reference model on random lines', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 20 }),
      fc.constantFrom('first', 'last', 'none'),
      async (lines, policy) => {
        const input = lines.map((l) => `${l}\n`).join('');
        const out = await dedupeBytes(Buffer.from(input), ['--keep', policy, '--key', 'exact']);
        assert.equal(
          out.toString(),
          refKeep(lines, policy)
            .map((l) => `${l}\n`)
            .join(''),
        );
      },
    ),
    { numRuns: 40 },
  );
});

test('--min-chars and --min-words: short units are never removed', async () => {
  const input = '***\nA long enough line\n***\nA long enough line\nok\nok\n';
  assert.equal(
    (await dedupeBytes(Buffer.from(input), ['--min-chars', '4'])).toString(),
    '***\nA long enough line\n***\nok\nok\n',
  );
  assert.equal(
    (await dedupeBytes(Buffer.from(input), ['--min-words', '2'])).toString(),
    '***\nA long enough line\n***\nok\nok\n',
  );
  assert.equal((await dedupeBytes(Buffer.from(input), [])).toString(), '***\nA long enough line\nok\n');
});

test('--removed prints the removed units', async () => {
  assert.equal((await dedupeBytes(Buffer.from('a\nb\na\nb\na'), ['--removed'])).toString(), 'a\nb\na\n');
  assert.equal(
    (await dedupeBytes(Buffer.from('P\n\nQ\n\nP\n\nQ\n'), ['--removed', '--unit', 'paragraph'])).toString(),
    'P\n\nQ\n',
  );
});

test('colour: on with --color always or FORCE_COLOR, off on a pipe and with NO_COLOR', async () => {
  const input = 'a\na\n';
  const esc = '\u001b[';
  assert.ok((await runBin(['--report', 'diff', '--color', 'always'], { input })).stdout.toString().includes(esc));
  assert.ok((await runBin(['--report', 'diff'], { input, env: { FORCE_COLOR: '1' } })).stdout.toString().includes(esc));
  assert.ok(!(await runBin(['--report', 'diff'], { input })).stdout.toString().includes(esc));
  assert.ok(
    !(await runBin(['--report', 'diff'], { input, env: { NO_COLOR: '1', FORCE_COLOR: '' } })).stdout
      .toString()
      .includes(esc),
  );
});

test(
  'on a terminal, bidi overrides and control characters in a report are escaped; to a pipe they stay',
  { skip: hasScript ? false : 'script(1) is not installed' },
  async () => {
    const file = join(tree.dir, 'evil.txt');
    writeFileSync(file, 'safe \u202egnp.exe\u202c \u001b[2J\nsafe \u202egnp.exe\u202c \u001b[2J\n');
    const tty = spawnSync(
      'script',
      ['-qec', `"${process.execPath}" "${BIN}" --report diff --color never "${file}"`, '/dev/null'],
      { encoding: 'utf8' },
    );
    assert.equal(tty.status, 0, tty.stderr);
    assert.ok(tty.stdout.includes('<U+202E>'), tty.stdout);
    assert.ok(tty.stdout.includes('\\e[2J'));
    assert.ok(!tty.stdout.includes('\u202e'));
    const piped = await runBin(['--report', 'diff', file]);
    assert.ok(piped.stdout.toString().includes('\u202egnp.exe\u202c \u001b[2J'), 'byte-exact to a pipe');
  },
);

test('golden reports on the seed match the committed fixtures (regenerate with npm run golden)', async () => {
  for (const [kind, file] of [
    ['diff', 'seed.diff'],
    ['json', 'seed.jsonl'],
    ['summary', 'seed-summary.txt'],
  ] as const) {
    const r = await runBin(['--report', kind, 'seed-scraped-article.txt'], { cwd: FIXTURES });
    assert.equal(r.code, 0);
    assert.equal(r.stdout.toString(), readFileSync(join(FIXTURES, 'golden', file), 'utf8'), file);
  }
  copyFileSync(join(FIXTURES, 'seed-scraped-article.txt'), join(tree.dir, 'unused.txt'));
});

test("summary: a repeated unit written differently in its copies is shown with its kept copy's own text", async () => {
  writeFileSync(tree.path('spelled.txt'), 'أحمد قال\nاحمد قال\nاحمد قال\nsame\nsame\n');
  const r = await runBin(['--report', 'summary', '--color', 'never', tree.path('spelled.txt')]);
  assert.equal(r.code, 0, r.stderr);
  const text = r.stdout.toString('utf8');
  // Issue 15 changed this: the text shown was the second copy's (with a note), now it is the kept one's.
  assert.match(text, /3× {2}\S*spelled\.txt:1\n {12}أحمد قال\n/);
  assert.match(text, /2× {2}\S*spelled\.txt:4\n {12}same\n/, 'identical copies need no note');
});
