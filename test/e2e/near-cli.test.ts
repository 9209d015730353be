// --near through the real CLI: edited copies removed and explained, short paragraphs exact-only,
// templates kept unless asked, every source kind (file, stdin, in place, paragraphs, scope file),
// usage errors, --near-score jaccard; and properties: near output is a subsequence of exact
// output, and every near removal is justified (near/3: by its reported parts and an independent
// length ratio; near/1: by an independent Jaccard model).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFile } from 'node:fs';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { runBin, runInProcess, treeFactory } from '../helpers/cli.js';
import { jaccardOf, lengthRatio } from '../helpers/near-reference.js';

const tree = treeFactory();

// A wire paragraph, an edit of it (one clause changed), a different paragraph of the same story,
// a templated pair (only the numbers differ) and a short line repeated with one word changed.
const WIRE =
  'أعلن وزير الصحة خلال ندوة صحفية عقدها صباح اليوم بالعاصمة عن إطلاق حملة وطنية للتلقيح ضد النزلة الموسمية تشمل كل الولايات';
const EDITED =
  'أعلن وزير الصحة خلال ندوة صحفية عقدها مساء اليوم بالعاصمة عن إطلاق حملة وطنية للتلقيح ضد النزلة الموسمية تشمل كامل الولايات';
const RELATED =
  'وأضاف الوزير أن الحملة ستنطلق من المستشفيات الجهوية قبل أن تشمل المراكز الصحية الأساسية في المناطق الريفية خلال الأسابيع القادمة';
const WEATHER_1 =
  'درجات الحرارة المنتظرة اليوم تتراوح بين 12 و 18 درجة في المناطق الساحلية وبين 8 و 14 درجة بالمرتفعات الغربية مع رياح قوية';
const WEATHER_2 =
  'درجات الحرارة المنتظرة اليوم تتراوح بين 15 و 21 درجة في المناطق الساحلية وبين 9 و 16 درجة بالمرتفعات الغربية مع رياح قوية';
const SHORT_1 = 'اجتماع المجلس البلدي يوم الخميس القادم';
const SHORT_2 = 'اجتماع المجلس البلدي يوم الخميس';

const lines = (...l: string[]): string => l.map((x) => `${x}\n`).join('');
const out = (r: { stdout: Buffer }): string => r.stdout.toString('utf8');

test('--near removes the edited copy, keeps the related paragraph, short lines and the template', async () => {
  const t = tree({
    'a.txt': lines(WIRE, RELATED, SHORT_1, WEATHER_1),
    'b.txt': lines(EDITED, SHORT_2, WEATHER_2, RELATED),
  });
  const plain = await runBin([t.path('a.txt'), t.path('b.txt')]);
  assert.equal(out(plain), lines(WIRE, RELATED, SHORT_1, WEATHER_1, EDITED, SHORT_2, WEATHER_2));
  const near = await runBin(['--near', t.path('a.txt'), t.path('b.txt')]);
  assert.equal(near.code, 0, near.stderr);
  assert.equal(out(near), lines(WIRE, RELATED, SHORT_1, WEATHER_1, SHORT_2, WEATHER_2));
  const templates = await runBin(['--near', '--near-templates', t.path('a.txt'), t.path('b.txt')]);
  assert.equal(out(templates), lines(WIRE, RELATED, SHORT_1, WEATHER_1, SHORT_2));
  // Short keys join near matching only when asked.
  const short = await runBin([
    '--near',
    '--near-min-chars',
    '20',
    '--near-threshold',
    '0.5',
    t.path('a.txt'),
    t.path('b.txt'),
  ]);
  assert.ok(!out(short).includes(`${SHORT_2}\n`), 'a 31-character line is compared when the minimum is lowered');
});

test("an exact copy of a paragraph removed as near is reported as kept by the near match's copy, not by the removed one", async () => {
  const t = tree({ 'a.txt': lines(WIRE), 'b.txt': lines(EDITED), 'c.txt': lines(EDITED) });
  const r = await runBin(['--near', '--report', 'json', t.path('a.txt'), t.path('b.txt'), t.path('c.txt')]);
  assert.equal(r.code, 0, r.stderr);
  const events = out(r)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => e.type === 'duplicate');
  assert.equal(events.length, 2);
  assert.equal(events[0].match, 'near');
  assert.match(String(events[0].keptPath), /a\.txt$/);
  assert.equal(events[1].match, 'exact');
  assert.match(String(events[1].firstPath), /b\.txt$/, 'the first copy of its key is b.txt:1');
  assert.match(String(events[1].keptPath), /a\.txt$/, 'but the copy that stays is a.txt:1');
  assert.equal(events[1].keptLine, 1);
  const diff = out(await runBin(['--near', '--report', 'diff', t.path('a.txt'), t.path('b.txt'), t.path('c.txt')]));
  assert.match(diff, new RegExp(`@@ -1,1 \\+0,0 @@ duplicate of ${t.path('a.txt')}:1\n`));
});

test('--near --near-threshold: a stricter threshold keeps a copy the default removes', async () => {
  const t = tree({ 'a.txt': lines(WIRE, EDITED) });
  const similarity = jaccardOf(WIRE, EDITED);
  assert.ok(similarity >= 0.55 && similarity < 0.95, `fixture similarity ${similarity}`);
  assert.equal(out(await runBin(['--near', t.path('a.txt')])), lines(WIRE));
  assert.equal(out(await runBin(['--near', '--near-threshold', '0.95', t.path('a.txt')])), lines(WIRE, EDITED));
});

test('--near explains each removal in JSON, diff and summary reports', async () => {
  const t = tree({ 'a.txt': lines(WIRE, RELATED), 'b.txt': lines(EDITED, WIRE, WEATHER_1, WEATHER_2) });
  const json = await runBin(['--near', '--near-templates', '--report', 'json', t.path('a.txt'), t.path('b.txt')]);
  const events = out(json)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const dups = events.filter((e) => e.type === 'duplicate');
  assert.deepEqual(
    dups.map((d) => [d.startLine, d.match]),
    [
      [1, 'near'],
      [2, 'exact'],
      [4, 'template'],
    ],
  );
  const near = dups[0] as {
    keptPath: string;
    keptLine: number;
    similarity: number;
    score: Record<string, unknown>;
    words: { kept: string[]; removed: string[] };
  };
  assert.equal(near.keptPath, t.path('a.txt'));
  assert.equal(near.keptLine, 1);
  // near/3: the similarity is the mix, and the score object carries every part.
  assert.equal(near.score.definition, 'near/3');
  assert.equal(near.score.rule, 'edit');
  assert.equal(near.score.mix, near.similarity);
  assert.ok(near.similarity >= 0.73 && near.similarity < 1, `mix ${near.similarity}`);
  const [wc5, wwc] = [near.score.wc5 as number, near.score.wwc as number];
  assert.ok(Math.abs((wc5 + wwc) / 2 - near.similarity) < 0.001, 'the mix is the mean of wc5 and wwc');
  assert.ok(Math.abs((near.score.lr as number) - lengthRatio(WIRE, EDITED)) < 0.001);
  assert.deepEqual(near.score.slotVeto, { considered: true, keptOnly: 0, removedOnly: 0, vetoed: false });
  // The weather lines swap four numbers each way: the slot veto makes them a template.
  const weather = dups[2] as { score: { slotVeto: Record<string, unknown> } };
  assert.deepEqual(weather.score.slotVeto, { considered: true, keptOnly: 4, removedOnly: 4, vetoed: true });
  const summaryEvent = events.find((e) => e.type === 'summary')!;
  assert.equal(summaryEvent.near, 'near/3');
  assert.deepEqual(near.words, { kept: ['صباح', 'كل'], removed: ['مساء', 'كامل'] });
  assert.deepEqual((dups[2] as { words: { kept: string[] } }).words.kept, ['12', '18', '8', '14']);
  assert.equal(dups[1].similarity, 1);

  const diff = out(await runBin(['--near', '--report', 'diff', t.path('a.txt'), t.path('b.txt')]));
  assert.match(
    diff,
    new RegExp(
      `@@ -1,1 \\+0,0 @@ near duplicate \\(mix 0\\.\\d\\d: lr 0\\.\\d\\d, wc5 0\\.\\d\\d, wwc 0\\.\\d\\d, slots 0/0, adds 0 slots, 2 words, 0 forms\\) of ${t.path('a.txt')}:1: -\\[صباح كل\\] \\+\\[مساء كامل\\]`,
    ),
  );
  const summary = out(await runBin(['--near', '--report', 'summary', t.path('a.txt'), t.path('b.txt')]));
  assert.match(summary, /Near duplicates removed: 1 \(first 1\):/);
  assert.match(
    summary,
    /b\.txt:1 {2}≈ .*a\.txt:1 {2}mix 0\.\d\d: lr 0\.\d\d, wc5 0\.\d\d, wwc 0\.\d\d, slots 0\/0, adds 0 slots, 2 words, 0 forms\n\s+-\[صباح كل\] \+\[مساء كامل\]/,
  );
  // --near-score jaccard: near/1, the Jaccard as the similarity, no slot veto.
  const old = await runBin(['--near', '--near-score', 'jaccard', '--report', 'json', t.path('a.txt'), t.path('b.txt')]);
  const oldEvents = out(old)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const oldNear = oldEvents.find((e) => e.match === 'near') as { similarity: number; score: Record<string, unknown> };
  assert.ok(Math.abs(oldNear.similarity - jaccardOf(WIRE, EDITED)) < 0.01, `similarity ${oldNear.similarity}`);
  assert.deepEqual(oldNear.score, {
    definition: 'near/1',
    jaccard: oldNear.similarity,
    slotVeto: { considered: false },
  });
  assert.equal(oldEvents.find((e) => e.type === 'summary')!.near, 'near/1');
  const oldDiff = out(
    await runBin(['--near', '--near-score', 'jaccard', '--report', 'diff', t.path('a.txt'), t.path('b.txt')]),
  );
  assert.match(oldDiff, /@@ near duplicate \(jaccard 0\.\d\d\) of /);
});

test('--near: a shorter copy contained in the kept one is removed; a longer one with a third of new material is kept', async () => {
  const extra = 'وأكد الوزير أن الحملة ستتواصل إلى غاية نهاية شهر ديسمبر القادم وأن اللقاحات متوفرة بكل المراكز';
  const long = `${WIRE} ${extra}`;
  const t = tree({ 'short-first.txt': lines(WIRE, long), 'long-first.txt': lines(long, WIRE) });
  // The later copy adds a clause as long as the paragraph: new material, kept.
  assert.equal(out(await runBin(['--near', t.path('short-first.txt')])), lines(WIRE, long));
  // The later copy is the earlier one cut short: nothing is lost by removing it.
  const r = await runBin(['--near', '--report', 'json', t.path('long-first.txt')]);
  const d = out(r)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((e) => e.type === 'duplicate') as { match: string; score: Record<string, number | string> };
  assert.equal(d.match, 'near');
  assert.equal(d.score.rule, 'contained');
  assert.ok((d.score.lr as number) < 0.66 && (d.score.containment as number) >= 0.9, JSON.stringify(d.score));
});

test('--near works from standard input, in paragraph mode, per file, and in place', async () => {
  const stdin = await runBin(['--near'], { input: lines(WIRE, RELATED, EDITED) });
  assert.equal(out(stdin), lines(WIRE, RELATED));
  const paragraphs = `${WIRE}\n${RELATED}\n\n${SHORT_1}\n\n${EDITED}\n${RELATED}\n`;
  const t = tree({ 'p.txt': paragraphs, 'a.txt': lines(WIRE), 'b.txt': lines(EDITED), 'c.txt': lines(WIRE, EDITED) });
  assert.equal(
    out(await runBin(['--near', '--unit', 'paragraph', t.path('p.txt')])),
    `${WIRE}\n${RELATED}\n\n${SHORT_1}\n`,
  );
  assert.equal(out(await runBin(['--near', '--scope', 'file', t.path('a.txt'), t.path('b.txt')])), lines(WIRE, EDITED));
  const inPlace = await runBin(['--near', '--in-place', '-q', t.path('a.txt'), t.path('b.txt'), t.path('c.txt')]);
  assert.equal(inPlace.code, 0, inPlace.stderr);
  assert.equal(readFileSync(t.path('a.txt'), 'utf8'), lines(WIRE));
  assert.equal(readFileSync(t.path('b.txt'), 'utf8'), '');
  assert.equal(readFileSync(t.path('c.txt'), 'utf8'), '', 'both lines of c.txt repeat a.txt (exactly, then nearly)');
});

test('--near: re-reading a kept paragraph from its file and keeping a copy of stdin agree', async () => {
  // Verification re-reads the earlier paragraph; for stdin a copy is kept in memory instead.
  const t = tree({ 'a.txt': lines(WIRE), 'b.txt': lines(EDITED) });
  const files = out(await runBin(['--near', t.path('a.txt'), t.path('b.txt')]));
  const piped = out(await runBin(['--near', '-', t.path('b.txt')], { input: lines(WIRE) }));
  assert.equal(files, piped);
  assert.equal(files, lines(WIRE));
});

test('--near on a file sizes its index from the file (past 4,096 kept paragraphs) and removes the same as from stdin, which cannot', async () => {
  // 12,000 distinct long lines, then edited copies of early ones: the file run projects its final
  // size and grows its tables once; the stdin run doubles them. Both must find every copy.
  const letters = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';
  let x = 2463534242;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const word = (): string => Array.from({ length: 3 + (next() % 5) }, () => letters[next() % letters.length]).join('');
  const originals = Array.from({ length: 12_000 }, () => Array.from({ length: 18 }, word).join(' '));
  // One word dropped: an edit that adds nothing, which near/3 removes.
  const edited = [3, 500, 4000, 9000].map((i) =>
    originals[i]
      .split(' ')
      .filter((_, k) => k !== 7)
      .join(' '),
  );
  const text = lines(...originals, ...edited);
  const t = tree({ 'big.txt': text });
  const fromFile = await runBin(['--near', t.path('big.txt')]);
  const fromStdin = await runBin(['--near', '-'], { input: text });
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.equal(out(fromFile), lines(...originals), 'every edited copy removed, every original kept');
  assert.equal(out(fromStdin), out(fromFile));
});

test(
  '--near finds near copies in a FIFO operand (as `<(zcat x.gz)` gives), which cannot be read twice',
  { timeout: 60_000 },
  async () => {
    const t = tree({ 'b.txt': lines(EDITED) });
    const fifo = t.path('pipe');
    execFileSync('mkfifo', [fifo]);
    const writer = new Promise<void>((resolve, reject) =>
      writeFile(fifo, lines(WIRE, EDITED), (e) => (e ? reject(e) : resolve())),
    );
    const viaFifo = await runBin(['--near', fifo, t.path('b.txt')]);
    await writer;
    assert.equal(viaFifo.code, 0, viaFifo.stderr);
    assert.equal(out(viaFifo), lines(WIRE));
  },
);

test('a run with only file operands never touches standard input (a shared pipe would turn non-blocking)', async () => {
  const t = tree({ 'a.txt': lines(WIRE, WIRE) });
  let touched = 0;
  const files = await runInProcess(['--near', t.path('a.txt')], {
    onStdin: () => {
      touched++;
    },
  });
  assert.equal(files.code, 0, files.stderr);
  assert.equal(touched, 0);
  const dash = await runInProcess(['--near', '-', t.path('a.txt')], {
    input: lines(RELATED),
    onStdin: () => {
      touched++;
    },
  });
  assert.equal(dash.code, 0, dash.stderr);
  assert.ok(touched > 0, 'the - operand reads it');
});

test('--near usage errors', async () => {
  for (const [args, message] of [
    [['--near-threshold', '0.7'], /--near-threshold goes with --near/],
    [['--near-templates'], /--near-templates goes with --near/],
    [
      ['--near', '--near-threshold', '1.5'],
      /--near-threshold: expected a similarity above 0 and at most 1, such as 0\.73,/,
    ],
    [['--near', '--near-score', 'jaccard', '--near-threshold', '2'], /such as 0\.55,/],
    [['--near', '--near-score', 'cosine'], /--near-score/],
    [['--near-score', 'jaccard'], /--near-score goes with --near/],
    [['--near', '--near-threshold', 'abc'], /--near-threshold: expected a similarity/],
    [['--near', '--near-threshold', '0x1'], /--near-threshold: expected a similarity/],
    [['--near', '--near-threshold', ' 0.5'], /--near-threshold: expected a similarity/],
    [['--near', '--near-min-chars', '-3'], /--near-min-chars: expected a whole number/],
    [['--near', '--keep', 'last'], /--near keeps the first copy/],
  ] as const) {
    const r = await runInProcess([...args, '-'], { input: 'x\n' });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^dedupe: /);
    assert.match(r.stderr, message);
  }
});

// Text built from a few long sentences with random word edits: plenty of near pairs.
const BASES = [
  WIRE,
  RELATED,
  WEATHER_1,
  'وقال المتحدث باسم الحكومة إن مجلس الوزراء صادق على مشروع قانون المالية التكميلي الذي يتضمن إجراءات جديدة لدعم المؤسسات الصغرى',
];
const SWAPS = ['جديد', 'الوطنية', 'تونس', 'أمس', 'غدا', '2017', 'الجمهورية', 'المحلية'];
const lineArb = fc
  .tuple(fc.nat(BASES.length - 1), fc.array(fc.tuple(fc.nat(40), fc.nat(SWAPS.length - 1)), { maxLength: 6 }))
  .map(([base, edits]) => {
    const words = BASES[base].split(' ');
    for (const [at, swap] of edits) words[at % words.length] = SWAPS[swap];
    return words.join(' ');
  });

for (const score of ['mix', 'jaccard'] as const)
  test(`property (${score}): --near output is a subsequence of exact output, and each near removal is justified`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { minLength: 1, maxLength: 12 }), async (units) => {
        const input = lines(...units);
        const exact = out(await runInProcess([], { input }))
          .split('\n')
          .filter(Boolean);
        const nearRun = await runInProcess(['--near', '--near-score', score], { input });
        const near = out(nearRun).split('\n').filter(Boolean);
        let k = 0;
        for (const line of exact) if (k < near.length && near[k] === line) k++;
        assert.equal(k, near.length, 'near output is a subsequence of exact output');
        const report = out(await runInProcess(['--near', '--near-score', score, '--report', 'json'], { input }))
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        const keys = out(await runInProcess(['key'], { input })).split('\n');
        const keptLines = new Set<number>();
        const removed = new Map<number, Record<string, unknown>>();
        for (const e of report) if (e.type === 'duplicate') removed.set(e.startLine as number, e);
        units.forEach((_, i) => {
          if (!removed.has(i + 1)) keptLines.add(i + 1);
        });
        assert.equal(keptLines.size, near.length);
        for (const [line, e] of removed) {
          if (e.match !== 'near') continue;
          const kept = e.keptLine as number;
          assert.ok(keptLines.has(kept) && kept < line, `kept copy ${kept} of ${line} is an earlier kept line`);
          if (score === 'jaccard') {
            const j = jaccardOf(keys[kept - 1], keys[line - 1]);
            assert.ok(j >= 0.55 - 0.01, `line ${line} removed as near ${kept} at ${j}`);
            assert.ok(Math.abs(j - (e.similarity as number)) < 0.01);
            continue;
          }
          const s = e.score as {
            rule: string;
            lr: number;
            wc5: number;
            mix: number;
            containment: number;
            slotVeto: { vetoed: boolean };
          };
          const lr = lengthRatio(keys[kept - 1], keys[line - 1]);
          assert.ok(Math.abs(lr - s.lr) < 0.001, `lr ${s.lr} vs ${lr}`);
          assert.equal(s.slotVeto.vetoed, false, 'a vetoed pair is never removed as near');
          if (s.rule === 'contained') {
            assert.ok([...keys[line - 1]].length <= [...keys[kept - 1]].length && lr < 0.66 && s.containment >= 0.9);
          } else {
            assert.ok(lr >= 0.66 && s.mix >= 0.73 && s.wc5 >= 0.7, JSON.stringify(s));
          }
        }
      }),
      { numRuns: 40 },
    );
  });

test('--near (near/3): a copy that adds a number, a name or another tense is kept; one that drops a word is removed', async () => {
  const dropped = WIRE.replace(' بالعاصمة', '');
  const number = `${WIRE} 24`;
  const name = WIRE.replace('بالعاصمة', 'بالعاصمة رفقة كاسبارجاك');
  const tense = WIRE.replace('أعلن', 'يعلن');
  const t = tree({ 'a.txt': lines(WIRE), 'b.txt': lines(dropped, number, name, tense) });
  const r = await runBin(['--near', '--report', 'json', '--dry-run', t.path('a.txt'), t.path('b.txt')]);
  assert.equal(r.code, 0, r.stderr);
  const removed = out(r)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; startLine: number; match: string; score: { adds: unknown } })
    .filter((e) => e.type === 'duplicate');
  assert.deepEqual(
    removed.map((e) => [e.startLine, e.match]),
    [[1, 'near']],
  );
  assert.deepEqual(removed[0].score.adds, { slots: 0, words: 0, rarestIdf: 0, forms: 0 });
  // With --near-templates the copy whose only addition is a number goes as a template; the name
  // and the other tense are no match at all.
  const templates = await runBin(['--near', '--near-templates', t.path('a.txt'), t.path('b.txt')]);
  assert.equal(out(templates), lines(WIRE, name, tense));
});
