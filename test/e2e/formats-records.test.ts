// JSON Lines records, whole documents and --drop-empty through the real binary: raw and \u-escaped
// fields match, nested fields, broken lines pass through with exit 2, records judged on their own,
// duplicate files and records left out, and the refusals that say what cannot be combined yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBin, treeFactory } from '../helpers/cli.js';
import { ok, prng, readTreeBytes, runPhases } from '../helpers/scale.js';

const tree = treeFactory();
const lines = (b: Buffer): string[] => b.toString('utf8').split('\n');

test('jsonl: a raw field and a \\u-escaped one match; only the field is rewritten, raw UTF-8', async () => {
  const input = [
    '{"id":"a","text":"قال الوزير\\nخبر أول","x":"\\u0627"}',
    '{"id":"b",  "text":"\\u0642\\u0627\\u0644 \\u0627\\u0644\\u0648\\u0632\\u064a\\u0631\\n\\"ثاني\\"" , "y":[1,2]}',
    '',
  ].join('\n');
  const r = await runBin(['--format', 'jsonl'], { input });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(lines(r.stdout), [
    '{"id":"a","text":"قال الوزير\\nخبر أول","x":"\\u0627"}',
    '{"id":"b",  "text":"\\"ثاني\\"" , "y":[1,2]}',
    '',
  ]);
});

test('jsonl: --field reaches a nested field; --id-field names records in the json report', async () => {
  const t = tree({
    'a.jsonl': '{"n":1,"meta":{"body":"x\\ny"}}\n{"n":2,"meta":{"body":"y\\nz"}}\n',
  });
  const r = await runBin(['--format', 'jsonl', '--field', 'meta.body', t.path('a.jsonl')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.toString(), '{"n":1,"meta":{"body":"x\\ny"}}\n{"n":2,"meta":{"body":"z"}}\n');
  const j = await runBin([
    '--format',
    'jsonl',
    '--field',
    'meta.body',
    '--id-field',
    'n',
    '--report',
    'json',
    t.path('a.jsonl'),
  ]);
  const dup = lines(j.stdout)
    .filter((l) => l)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((e) => e.type === 'duplicate');
  assert.deepEqual(dup?.record, { line: 2, fieldLine: 1, fieldEndLine: 1, id: '2', firstId: '1', keptId: '1' });
  assert.equal(dup?.keptLine, 1);
  const summary = await runBin([
    '--format',
    'jsonl',
    '--field',
    'meta.body',
    '--id-field',
    'n',
    '--report',
    'summary',
    t.path('a.jsonl'),
  ]);
  assert.match(summary.stdout.toString(), /2× +.*a\.jsonl:1 \(id 1\)/);
  const last = await runBin(
    ['--format', 'jsonl', '--field', 'meta.body', '--id-field', 'n', '--keep', 'last', '--report', 'json'],
    {
      input: readFileSync(t.path('a.jsonl')),
    },
  );
  assert.match(
    last.stdout.toString(),
    /"record":\{"line":1,"fieldLine":2,"fieldEndLine":2,"id":"1","firstId":"1","keptId":"2"\}/,
  );
});

test('jsonl: a broken line, a missing field and a number field pass through unchanged, told as FILE:LINE, exit 2', async () => {
  const t = tree({ 'b.jsonl': '{"text":"a"}\nnot json\n{"body":"a"}\n{"text":5}\n{"text":"a\\nb"}\n' });
  const r = await runBin(['--format', 'jsonl', t.path('b.jsonl')]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout.toString(), '{"text":"a"}\nnot json\n{"body":"a"}\n{"text":5}\n{"text":"b"}\n');
  assert.match(r.stderr, /^dedupe: .*b\.jsonl:2: not valid JSON; passed through unchanged$/m);
  assert.match(r.stderr, /^dedupe: .*b\.jsonl:3: no field text; passed through unchanged$/m);
  assert.match(r.stderr, /^dedupe: .*b\.jsonl:4: field text is not a string; passed through unchanged$/m);
});

test('jsonl: --scope document judges each record on its own; --unit document drops duplicate records', async () => {
  const input = '{"text":"a\\na\\nb"}\n{"text":"a\\nb"}\n{"text":"ا\\nb"}\n{"text":"c"}\n';
  const own = await runBin(['--format', 'jsonl', '--scope', 'document'], { input });
  assert.equal(own.code, 0, own.stderr);
  assert.equal(own.stdout.toString(), '{"text":"a\\nb"}\n{"text":"a\\nb"}\n{"text":"ا\\nb"}\n{"text":"c"}\n');
  const last = await runBin(['--format', 'jsonl', '--scope', 'document', '--keep', 'last'], { input });
  assert.equal(last.stdout.toString(), '{"text":"a\\nb"}\n{"text":"a\\nb"}\n{"text":"ا\\nb"}\n{"text":"c"}\n');
  const none = await runBin(['--format', 'jsonl', '--scope', 'document', '--keep', 'none'], { input });
  assert.equal(none.stdout.toString(), '{"text":"b"}\n{"text":"a\\nb"}\n{"text":"ا\\nb"}\n{"text":"c"}\n');
  const docs = await runBin(['--format', 'jsonl', '--unit', 'document', '--report', 'summary'], { input: own.stdout });
  assert.match(docs.stdout.toString(), /units: +4, of which 1 duplicate/);
  const written = await runBin(['--format', 'jsonl', '--unit', 'document'], { input: own.stdout });
  assert.equal(written.stdout.toString(), '{"text":"a\\nb"}\n{"text":"ا\\nb"}\n{"text":"c"}\n');
});

test('jsonl: --drop-empty leaves out records whose field kept only blank lines; counted in the summary', async () => {
  const t = tree({ 'c.jsonl': '{"text":"a\\n\\nb"}\n{"text":"b\\n\\n a"}\n{"text":""}\n{"text":"c"}\n' });
  const kept = await runBin(['--format', 'jsonl', t.path('c.jsonl')]);
  assert.equal(kept.stdout.toString(), '{"text":"a\\n\\nb"}\n{"text":"\\n"}\n{"text":""}\n{"text":"c"}\n');
  const dropped = await runBin(['--format', 'jsonl', '--drop-empty', t.path('c.jsonl'), '-o', t.path('out.jsonl')]);
  assert.equal(dropped.code, 0, dropped.stderr);
  assert.equal(readFileSync(t.path('out.jsonl'), 'utf8'), '{"text":"a\\n\\nb"}\n{"text":""}\n{"text":"c"}\n');
  const json = await runBin(['--format', 'jsonl', '--drop-empty', '--report', 'json', t.path('c.jsonl')]);
  assert.match(json.stdout.toString(), /"type":"summary".*"dropped":1/);
});

test('jsonl: keep last and --in-place rewrite records; other bytes stay', async () => {
  const t = tree({ 'd.jsonl': '{"k":1, "text":"x\\ny"}\r\n{"k":2, "text":"y"}\r\n' });
  const last = await runBin(['--format', 'jsonl', '--keep', 'last', t.path('d.jsonl')]);
  assert.equal(last.stdout.toString(), '{"k":1, "text":"x\\n"}\r\n{"k":2, "text":"y"}\r\n');
  const r = await runBin(['--format', 'jsonl', '--in-place', t.path('d.jsonl')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(t.path('d.jsonl'), 'utf8'), '{"k":1, "text":"x\\ny"}\r\n{"k":2, "text":""}\r\n');
});

test('--unit document: a duplicate file is not written to --out-dir and is told; stdout skips it', async () => {
  const t = tree({ 'in/1.txt': 'a\nb\n', 'in/2.txt': 'a\r\nb', 'in/3.txt': '\nb\na\n', 'in/4.txt': '\n\n' });
  const r = await runBin(['--unit', 'document', t.path('in'), '--out-dir', t.path('out')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(t.path('out/1.txt'), 'utf8'), 'a\nb\n');
  assert.equal(existsSync(t.path('out/2.txt')), false);
  assert.equal(readFileSync(t.path('out/3.txt'), 'utf8'), '\nb\na\n');
  assert.equal(readFileSync(t.path('out/4.txt'), 'utf8'), '\n\n');
  assert.match(r.stderr, /2\.txt: a duplicate document; not written/);
  assert.match(r.stderr, /1 left blank and not written/);
  const out = await runBin(['--unit', 'document', t.path('in')]);
  assert.equal(out.stdout.toString(), 'a\nb\n\nb\na\n\n\n');
});

test('--drop-empty: a file left with only blank lines is not written to --out-dir', async () => {
  const t = tree({ 'in/1.txt': 'a\nb\n', 'in/2.txt': '\nb\n \na\n', 'in/3.txt': '\n' });
  const r = await runBin([t.path('in'), '--out-dir', t.path('out'), '--drop-empty']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(existsSync(t.path('out/2.txt')), false);
  assert.equal(readFileSync(t.path('out/3.txt'), 'utf8'), '\n', 'a file blank to begin with is the user’s own');
  assert.match(r.stderr, /2\.txt: nothing but blank lines left; not written \(--drop-empty\)/);
});

test('refusals: what records, documents and --drop-empty cannot be combined with yet', async () => {
  const cases: [string[], RegExp][] = [
    [['--unit', 'document', '--in-place', 'x'], /dedupe never deletes inputs/],
    [['--scope', 'document', 'x'], /goes with --format jsonl/],
    [['--format', 'jsonl', '--removed', 'x'], /--removed cannot be used with --format jsonl/],
    [['--drop-empty', 'x'], /--drop-empty leaves out whole files only with --out-dir/],
    [['--field', 'body', 'x'], /--field goes with --format jsonl/],
    [['--format', 'jsonl', '--field', 'a..b', 'x'], /--field: expected a field name/],
  ];
  for (const [args, message] of cases) {
    const r = await runBin(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});

test('--near --unit document: a lightly edited copy of a document is removed, verified against the kept one', async () => {
  const words = Array.from({ length: 120 }, (_, i) => `كلمة${i}`);
  const doc = Array.from({ length: 5 }, (_, p) => words.slice(p * 20, p * 20 + 20).join(' ')).join('\n') + '\n';
  const t = tree({
    'in/a.txt': doc,
    // One word dropped: an edit that adds nothing (near/3).
    'in/b.txt': doc.replace('كلمة42 ', ''),
    'in/c.txt': doc.replace(/كلمة/g, 'خبر'),
  });
  const r = await runBin(['--near', '--unit', 'document', t.path('in'), '--out-dir', t.path('out')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(existsSync(t.path('out/b.txt')), false);
  assert.equal(readFileSync(t.path('out/a.txt'), 'utf8'), doc);
  assert.equal(existsSync(t.path('out/c.txt')), true);
});

test('jsonl: --near removes a lightly edited line of a later record; --index remembers records across runs', async () => {
  const words = Array.from({ length: 30 }, (_, i) => `كلمة${i}`).join(' ');
  const edited = words.replace('كلمة7 ', '');
  const t = tree({
    'a.jsonl': `${JSON.stringify({ id: 1, text: `${words}\nأ` })}\n`,
    'b.jsonl': `${JSON.stringify({ id: 2, text: `${edited}\nب` })}\n`,
  });
  const near = await runBin(['--format', 'jsonl', '--near', t.path('a.jsonl'), t.path('b.jsonl')]);
  assert.equal(near.code, 0, near.stderr);
  assert.deepEqual(lines(near.stdout), [JSON.stringify({ id: 1, text: `${words}\nأ` }), '{"id":2,"text":"ب"}', '']);
  const first = await runBin([
    '--format',
    'jsonl',
    '--index',
    t.path('i.idx'),
    t.path('a.jsonl'),
    '-o',
    t.path('a.out'),
  ]);
  assert.equal(first.code, 0, first.stderr);
  const second = await runBin(['--format', 'jsonl', '--index', t.path('i.idx')], {
    input: `${JSON.stringify({ id: 3, text: `ج\n${words}` })}\n`,
  });
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout.toString(), '{"id":3,"text":"ج\\n"}\n');
});

test('jsonl: the scale-out phases write the same records as the one-process run', async () => {
  const rand = prng(7);
  const pool = ['قال الوزير', 'خبر عاجل', 'أحمد', 'احمد', 'news', 'the Report'];
  const files: Record<string, string> = {};
  for (let f = 0; f < 4; f++) {
    const records = Array.from({ length: 12 }, (_, r) => {
      const text = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pool[Math.floor(rand() * pool.length)]);
      return JSON.stringify({ id: `${f}-${r}`, text: text.join(rand() < 0.5 ? '\n' : '\n\n') });
    });
    files[`corpus/f${f}.jsonl`] = `${records.join('\n')}\nnot json\n`;
  }
  const t = tree(files);
  const corpus = join(t.dir, 'corpus');
  const one = await runBin(['--format', 'jsonl', '--unit', 'paragraph', corpus, '--out-dir', t.path('one')]);
  assert.equal(one.code, 2, 'the broken lines are errors of the one-process run');
  await ok([
    'plan',
    corpus,
    '--format',
    'jsonl',
    '--unit',
    'paragraph',
    '--work',
    t.path('work'),
    '--files-per-task',
    '1',
    '--shards',
    '2',
    '--quiet',
  ]);
  await runPhases(t.path('work'), t.path('phased'), 'one-worker');
  assert.deepEqual(readTreeBytes(t.path('phased')), readTreeBytes(t.path('one')));
  assert.notDeepEqual(readTreeBytes(t.path('one')), readTreeBytes(corpus), 'something was removed');
});

test('jsonl: --report diff replaces each changed record line and deletes dropped ones; patch -p1 gives the output', async (t) => {
  if (spawnSync('patch', ['--version']).status !== 0) return t.skip('patch(1) is not installed');
  const input = '{"id":1,"text":"a\\nb"}\n{"id":2, "text":"b\\nc"}\n{"id":3,"text":"a"}\nnot json\n{"id":4,"text":"c"}';
  const dir = tree({ 'r.jsonl': input });
  const expected = await runBin(['--format', 'jsonl', '--drop-empty', dir.path('r.jsonl')]);
  const diff = await runBin(['--format', 'jsonl', '--drop-empty', '--report', 'diff', 'r.jsonl'], { cwd: dir.dir });
  assert.equal(diff.code, 2, 'the broken line is an error');
  assert.equal(
    diff.stdout.toString(),
    [
      '--- a/r.jsonl\t',
      '+++ b/r.jsonl\t',
      '@@ -2,1 +2,1 @@ duplicate of r.jsonl:1',
      '-{"id":2, "text":"b\\nc"}',
      '+{"id":2, "text":"c"}',
      '@@ -3,1 +2,0 @@ duplicate of r.jsonl:1',
      '-{"id":3,"text":"a"}',
      '@@ -5,1 +3,0 @@ duplicate of r.jsonl:2',
      '-{"id":4,"text":"c"}',
      '\\ No newline at end of file',
      '',
    ].join('\n'),
  );
  const patched = spawnSync('patch', ['-p1'], { cwd: dir.dir, input: diff.stdout });
  assert.equal(patched.status, 0, patched.stderr.toString());
  assert.equal(readFileSync(dir.path('r.jsonl'), 'utf8'), expected.stdout.toString());
});
