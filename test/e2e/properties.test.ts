// Property tests over random text that mixes Arabic, Latin, CRLF/LF/CR, blank and whitespace-only
// lines, NBSP, invisible marks and invalid UTF-8: dedupe's output equals an independent reference
// model, is the input minus whole units, is stable when run again, and ignores the buffer size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runBin, runInProcess } from '../helpers/cli.js';
import { exactKey, refDedupe, refLines, type KeyOf } from '../helpers/reference.js';
import { createKeyer, resolveKeySpec } from '../../src/key/index.js';

const pieces = [
  'أ',
  'ا',
  'إ',
  'ى',
  'ي',
  'ـ',
  '\u064e',
  'كتب',
  'a',
  'B',
  ' ',
  '  ',
  '\t',
  '\u00a0',
  '\u200b',
  '\u200f',
  'x',
  'قال',
];
const terminators = ['\n', '\n', '\r\n', '\r', ''];
const invalid = [Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xe2, 0x80])];

const lineArb = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.constantFrom(...pieces).map((s) => Buffer.from(s)),
        fc.constantFrom(...invalid),
      ),
      { maxLength: 4 },
    ),
    fc.constantFrom(...terminators),
  )
  .map(([parts, term]) => Buffer.concat([...parts, Buffer.from(term)]));
// Few distinct lines, so repeats are common; a BOM sometimes.
const textArb = fc
  .tuple(fc.boolean(), fc.array(lineArb, { maxLength: 25 }))
  .map(([bom, lines]) => Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), ...lines]));

const standardSpec = resolveKeySpec('standard');
if (standardSpec.kind !== 'ok') throw new Error('standard profile must resolve');
const keyer = createKeyer(standardSpec.spec);
const standardKey: KeyOf = (content) =>
  Buffer.from(keyer.out.subarray(0, keyer.fold(content, 0, content.length))).toString('hex');

async function run(input: Buffer, ...args: string[]): Promise<Buffer> {
  const r = await runInProcess(args, { input });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

for (const mode of ['line', 'paragraph'] as const) {
  for (const [profile, keyOf] of [
    ['exact', exactKey],
    ['standard', standardKey],
  ] as const) {
    test(`${mode} mode, ${profile} key: output equals the reference model, at any buffer size`, async () => {
      await fc.assert(
        fc.asyncProperty(textArb, fc.constantFrom('1', '3', '7', '4096'), async (input, size) => {
          const out = await run(input, '--unit', mode, '--key', profile, '--buffer-size', size);
          assert.deepEqual(out, refDedupe([input], mode, keyOf));
        }),
        { numRuns: 150 },
      );
    });
  }

  test(`${mode} mode: running dedupe on its own output changes nothing`, async () => {
    await fc.assert(
      fc.asyncProperty(textArb, async (input) => {
        const once = await run(input, '--unit', mode);
        const twice = await run(once, '--unit', mode);
        assert.deepEqual(twice, once);
      }),
      { numRuns: 150 },
    );
  });

  test(`${mode} mode, two inputs: global and file scope match the reference`, async () => {
    const { tempTree } = await import('../helpers/cli.js');
    const tree = tempTree();
    try {
      await fc.assert(
        fc.asyncProperty(textArb, textArb, async (a, b) => {
          const { writeFileSync } = await import('node:fs');
          writeFileSync(tree.path('a'), a);
          writeFileSync(tree.path('b'), b);
          const global = await run(Buffer.alloc(0), '--unit', mode, tree.path('a'), tree.path('b'));
          assert.deepEqual(global, refDedupe([a, b], mode, standardKey));
          const perFile = await run(Buffer.alloc(0), '--unit', mode, '--scope', 'file', tree.path('a'), tree.path('b'));
          assert.deepEqual(perFile, refDedupe([a, b], mode, standardKey, true));
        }),
        { numRuns: 100 },
      );
    } finally {
      tree.cleanup();
    }
  });
}

test('line mode: the output is the input minus whole lines; each removed line repeats an earlier kept one', async () => {
  await fc.assert(
    fc.asyncProperty(textArb, async (input) => {
      const out = await run(input);
      const { bom, lines } = refLines(input);
      assert.deepEqual(out.subarray(0, bom.length), bom);
      // Walk the input lines against the output bytes: a line is kept when the output continues
      // with exactly its bytes, else it was removed. (The output is not re-split: removing a line
      // can put a lone CR next to an LF, which a fresh split would read as one CRLF.)
      let p = bom.length;
      const keptKeys = new Set<string>();
      let removedBytes = 0;
      for (const l of lines) {
        if (out.subarray(p, p + l.bytes.length).equals(l.bytes)) {
          if (!l.blank) keptKeys.add(standardKey(l.content));
          p += l.bytes.length;
        } else {
          assert.ok(!l.blank, 'a blank line was removed');
          assert.notEqual(standardKey(l.content), '', 'a line with an empty key was removed');
          assert.ok(keptKeys.has(standardKey(l.content)), 'a removed line has no earlier kept copy');
          removedBytes += l.bytes.length;
        }
      }
      assert.equal(p, out.length, 'every output byte comes from a kept input line, in order');
      assert.equal(out.length + removedBytes, input.length, 'kept + removed bytes rebuild the input');
    }),
    { numRuns: 200 },
  );
});

test('the real binary agrees with the in-process run on random input', async () => {
  await fc.assert(
    fc.asyncProperty(textArb, fc.constantFrom('line', 'paragraph'), async (input, mode) => {
      const viaBin = await runBin(['--unit', mode, '--buffer-size', '5'], { input });
      assert.equal(viaBin.code, 0, viaBin.stderr);
      assert.deepEqual(viaBin.stdout, await run(input, '--unit', mode));
    }),
    { numRuns: 15 },
  );
});
