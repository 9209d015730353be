// The run layer on its own: src/run driven in-process with an in-memory RunIo and RunOptions built
// by hand, no commander, no CLI, no stderr. What it says arrives as typed events; what it writes
// arrives as bytes on the in-memory stdout.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlan } from '../../src/run/run-plan.js';
import type { RunIo } from '../../src/run/run-io.js';
import type { RunEvent } from '../../src/run/run-events.js';
import type { DedupeRun, HandedReports } from '../../src/run/run-options.js';
import { resolveKeySpec } from '../../src/key/index.js';
import { memoryIo } from '../../src/api/memory-io.js';

const root = mkdtempSync(join(tmpdir(), 'dedupe-run-layer-'));
after(() => rmSync(root, { recursive: true, force: true }));

// The library's in-memory Io is a RunIo with no stdin: its stdout is collected here.
function memoryRunIo(): { io: RunIo; written: () => Buffer } {
  const chunks: Buffer[] = [];
  return {
    io: memoryIo({
      out: (chunk) => {
        chunks.push(Buffer.from(chunk));
      },
    }),
    written: () => Buffer.concat(chunks),
  };
}

function options(operands: string[], overrides: Partial<DedupeRun> = {}): DedupeRun {
  const spec = resolveKeySpec('standard');
  if (spec.kind !== 'ok') throw new Error(`no key spec: ${spec.message}`);
  return {
    kind: 'dedupe',
    operands,
    walk: { hidden: false, follow: false, include: [], exclude: [] },
    mode: 'line',
    keySpec: spec.spec,
    bufferSize: 64 * 1024,
    threads: 1,
    scope: 'global',
    output: { kind: 'stdout' },
    keep: 'first',
    minChars: 0,
    minFiles: 1,
    minWords: 0,
    print: 'kept',
    ...overrides,
  };
}

// The reference: every line kept the first time it is met, across inputs in the order read.
function firstCopies(texts: readonly string[]): string {
  const seen = new Set<string>();
  return texts
    .flatMap((t) => t.split('\n').filter((l) => l.length > 0))
    .filter((l) => !seen.has(l) && seen.add(l))
    .map((l) => `${l}\n`)
    .join('');
}

test('run layer: a folder walk and a missing file give typed events and the kept bytes, without the CLI', async () => {
  const dir = join(root, 'walk');
  mkdirSync(dir);
  const texts: Record<string, string> = {
    'a.txt': 'alpha line\nshared line\nalpha line\n',
    'b.txt': 'shared line\nbeta line\n',
  };
  for (const [name, text] of Object.entries(texts)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'image.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0]));
  const missing = join(root, 'no-such-file.txt');
  const events: RunEvent[] = [];
  const { io, written } = memoryRunIo();

  const outcome = await runPlan(options([dir, missing]), io, (event) => events.push(event));

  assert.equal(outcome.kind, 'finished');
  const kinds = events.map((e) => e.kind);
  assert.equal(kinds[0], 'start', 'the sources are announced first');
  const started = events.flatMap((e) => (e.kind === 'source-start' ? [e.source.label] : []));
  const done = events.flatMap((e) => (e.kind === 'source-done' ? [e] : []));
  const name = (label: string): string => label.split(/[\\/]/).pop()!;
  assert.deepEqual(
    started.map(name).sort(),
    ['a.txt', 'b.txt', 'image.bin'],
    'every file the walk found is started; the missing operand is not',
  );
  assert.deepEqual(
    done.map((e) => name(e.source.label)),
    started.map(name).filter((n) => n.endsWith('.txt')),
    'the text files are done, in the order started; the binary one is not',
  );
  const warnings = events.filter((e) => e.kind === 'warning');
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0].kind === 'warning' ? warnings[0].label : '',
    /image\.bin$/,
    'the binary file a walk found is a warning',
  );
  const errors = events.filter((e) => e.kind === 'error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].kind === 'error' ? errors[0].label : '', missing, 'the missing operand is an error');
  // The bytes: the inputs in the order they were read, each line kept once.
  const order = done.map((e) => texts[name(e.source.label)]);
  assert.equal(written().toString('utf8'), firstCopies(order));
  // Events and totals agree.
  const units = done.reduce((n, e) => n + e.tally.units, 0);
  const duplicates = done.reduce((n, e) => n + e.tally.duplicates, 0);
  if (outcome.kind !== 'finished') return;
  assert.equal(outcome.totals.units, units);
  assert.equal(outcome.totals.duplicates, duplicates);
  assert.equal(outcome.totals.failed, 1);
  assert.equal(outcome.totals.skipped, 1);
  assert.ok(duplicates > 0);
});

test("run layer: reports handed in on stdout take the text's place and see every removed unit", async () => {
  const file = join(root, 'report.txt');
  const text = 'one\ntwo\none\nthree\ntwo\n';
  writeFileSync(file, text);
  const removed: number[] = [];
  let finished = 0;
  const handed: HandedReports = {
    onStdout: true,
    build: (labelOf, stdout) => [
      {
        beginSource: () => ({ removed: (unit) => removed.push(unit.line) }),
        finish: (totals) => {
          finished++;
          const line = Buffer.from(`${labelOf(0)} ${totals.duplicates}\n`);
          stdout!.copy(line, 0, line.length);
        },
      },
    ],
  };
  const { io, written } = memoryRunIo();
  const events: RunEvent[] = [];
  const outcome = await runPlan(options([file]), io, (e) => events.push(e), handed);
  assert.equal(outcome.kind, 'finished');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const expected = lines.flatMap((l, i) => (lines.indexOf(l) < i ? [i + 1] : []));
  assert.deepEqual(removed, expected, 'the report hears each removed unit by its line');
  assert.equal(finished, 1);
  assert.equal(written().toString('utf8'), `${file} ${expected.length}\n`, 'only the report is on stdout');
  assert.ok(
    events.some((e) => e.kind === 'progress'),
    'progress is told while the source is read',
  );
});
