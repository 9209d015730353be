// Issue 15, item 3: --keep last|none read their input twice. An input that cannot be read twice
// (a FIFO, a process substitution, /dev/stdin on a pipe) must give exactly what the same bytes
// give through standard input, and its private copy must not outlive the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, writeFile } from 'node:fs';
import { BIN, runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const INPUT = 'a\nb\na\nc\n';
const EXPECTED = { last: 'b\na\nc\n', none: 'b\nc\n' } as const;

/** Runs a bash command line (for `<(...)`), with dedupe as "$DEDUPE" and TMPDIR as given. */
function bash(script: string, tmp: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      env: { ...process.env, DEDUPE: `${process.execPath} ${BIN}`, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000); // a hang is a failure, not a stuck suite
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const spools = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('dedupe-'));

for (const policy of ['last', 'none'] as const) {
  test(
    `--keep ${policy} <(printf 'a b a c'): the same output as through standard input, copy removed`,
    { timeout: 60_000 },
    async () => {
      const t = tree();
      const viaStdin = await runBin(['--keep', policy], { input: INPUT });
      assert.equal(viaStdin.stdout.toString(), EXPECTED[policy]);
      const r = await bash(`$DEDUPE --keep ${policy} <(printf 'a\\nb\\na\\nc\\n')`, t.dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, viaStdin.stdout.toString());
      assert.equal(r.stderr, '');
      assert.deepEqual(spools(t.dir), [], 'no private copy left in TMPDIR');
    },
  );

  test(
    `--keep ${policy} on a named FIFO: no hang, the same output as through standard input`,
    { timeout: 60_000 },
    async () => {
      const t = tree();
      const fifo = t.path('pipe');
      execFileSync('mkfifo', [fifo]);
      const writer = new Promise<void>((resolve, reject) => writeFile(fifo, INPUT, (e) => (e ? reject(e) : resolve())));
      const r = await bash(`timeout 20 $DEDUPE --keep ${policy} "${fifo}"`, t.dir);
      await writer;
      assert.equal(r.code, 0, `exit ${r.code} (124: timed out); ${r.stderr}`);
      assert.equal(r.stdout, EXPECTED[policy]);
      assert.deepEqual(spools(t.dir), [], 'no private copy left in TMPDIR');
    },
  );
}

test(
  '--keep last with /dev/stdin on a pipe, a process substitution and a file, scope global and file',
  { timeout: 60_000 },
  async () => {
    const t = tree({ 'c.txt': 'c\nd\nc\n' });
    for (const scope of ['global', 'file'] as const) {
      const viaStdin = await runBin(['--keep', 'last', '--scope', scope, '-', t.path('c.txt')], { input: INPUT });
      assert.equal(viaStdin.code, 0, viaStdin.stderr);
      const devStdin = await bash(
        `printf 'a\\nb\\na\\nc\\n' | $DEDUPE --keep last --scope ${scope} /dev/stdin "${t.path('c.txt')}"`,
        t.dir,
      );
      assert.equal(devStdin.code, 0, devStdin.stderr);
      assert.equal(devStdin.stdout, viaStdin.stdout.toString(), `/dev/stdin, scope ${scope}`);
      const subst = await bash(
        `$DEDUPE --keep last --scope ${scope} <(printf 'a\\nb\\na\\nc\\n') "${t.path('c.txt')}"`,
        t.dir,
      );
      assert.equal(subst.code, 0, subst.stderr);
      assert.equal(subst.stdout, viaStdin.stdout.toString(), `process substitution, scope ${scope}`);
    }
  },
);

test(
  '--keep none --report json on a process substitution: the same records as through standard input',
  { timeout: 60_000 },
  async () => {
    const t = tree();
    const strip = (text: string): unknown[] =>
      text
        .trim()
        .split('\n')
        .map((l) => {
          const { path: _p, firstPath: _f, keptPath: _k, ...rest } = JSON.parse(l) as Record<string, unknown>;
          return rest;
        });
    const viaStdin = await runBin(['--keep', 'none', '--report', 'json'], { input: INPUT });
    const r = await bash(`$DEDUPE --keep none --report json <(printf 'a\\nb\\na\\nc\\n')`, t.dir);
    assert.equal(r.code, 0, r.stderr);
    const records = strip(r.stdout);
    assert.ok(
      records.some((x) => (x as { type?: string }).type === 'duplicate'),
      'the repeats are reported',
    );
    assert.deepEqual(records, strip(viaStdin.stdout.toString()));
  },
);

test('--near on a process substitution removes what it removes from standard input', { timeout: 60_000 }, async () => {
  // An agency paragraph and the same paragraph with two words edited (a near copy).
  const wire =
    'أعلن وزير الصحة خلال ندوة صحفية عقدها صباح اليوم بالعاصمة عن إطلاق حملة وطنية للتلقيح ضد النزلة الموسمية تشمل كل الولايات';
  const edited =
    'أعلن وزير الصحة خلال ندوة صحفية عقدها مساء اليوم بالعاصمة عن إطلاق حملة وطنية للتلقيح ضد النزلة الموسمية تشمل كامل الولايات';
  const text = `${wire}\nsomething else entirely\n${edited}\n`;
  const t = tree({ 'text.txt': text });
  const viaStdin = await runBin(['--near'], { input: text });
  assert.equal(viaStdin.code, 0, viaStdin.stderr);
  assert.ok(viaStdin.stdout.length < text.length, 'through standard input, the near copy is removed');
  const r = await bash(`$DEDUPE --near <(cat "${t.path('text.txt')}")`, t.dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, viaStdin.stdout.toString());
});
