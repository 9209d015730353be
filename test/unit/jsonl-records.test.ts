// JSON Lines records in-process: the field's literal span and the minimal escaping, then the
// property that a run rewrites only the field, to the plain-text dedup of the field values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runInProcess } from '../helpers/cli.js';
import { refRecordFields, type KeyOf } from '../helpers/reference.js';
import { createKeyer, resolveKeySpec } from '../../src/key/index.js';
import { fieldPath, readRecordField } from '../../src/formats/jsonl-record.js';
import { jsonStringLiteral } from '../../src/formats/json-string.js';

function span(line: string, field: string, idField?: string): { literal: string; text: string; id?: string } | string {
  const buf = Buffer.from(line, 'utf8');
  const r = readRecordField(buf, 0, buf.length, fieldPath(field), idField ? fieldPath(idField) : undefined);
  if (r.kind === 'broken') return r.reason;
  return { literal: buf.toString('utf8', r.literalStart, r.literalEnd), text: r.text, id: r.id };
}

test('the literal span: nested paths, escaped keys, repeated keys (the last wins), strings holding braces', () => {
  assert.deepEqual(span('{"a":"{\\"text\\":1}", "text" : "x\\ny" }', 'text'), {
    literal: '"x\\ny"',
    text: 'x\ny',
    id: undefined,
  });
  assert.deepEqual(span('{"meta":{"text":"no","body":"\\u0627b"},"text":"t"}', 'meta.body').valueOf(), {
    literal: '"\\u0627b"',
    text: 'اb',
    id: undefined,
  });
  assert.equal((span('{"te\\u0078t":"e","id":7}', 'text', 'id') as { literal: string }).literal, '"e"');
  assert.equal((span('{"te\\u0078t":"e","id":7}', 'text', 'id') as { id: string }).id, '7');
  assert.equal(
    (span('{"text":"first","n":[1,{"x":"]"}],"text":"last"}', 'text') as { literal: string }).literal,
    '"last"',
  );
  assert.equal(span('{"text":"a"', 'text'), 'not valid JSON');
  assert.equal(span('["text"]', 'text'), 'not a JSON object');
  assert.equal(span('{"body":"a"}', 'text'), 'no field text');
  assert.equal(span('{"text":null}', 'text'), 'field text is not a string');
  assert.equal(span('{"text":"\\ud800"}', 'text'), 'field text holds a lone surrogate escape');
});

test('a written literal escapes only what JSON requires and reads back as the same text', () => {
  const text = 'قال "x" \\ \u0001\t\n\r\b\f/ é \u2028';
  const literal = jsonStringLiteral(Buffer.from(text, 'utf8')).toString('utf8');
  assert.equal(literal, '"قال \\"x\\" \\\\ \\u0001\\t\\n\\r\\b\\f/ é \u2028"');
  assert.equal(JSON.parse(literal), text);
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      assert.equal(JSON.parse(jsonStringLiteral(Buffer.from(s, 'utf8')).toString('utf8')), s);
    }),
  );
});

const standardSpec = resolveKeySpec('standard');
if (standardSpec.kind !== 'ok') throw new Error('standard profile must resolve');
const keyer = createKeyer(standardSpec.spec);
const standardKey: KeyOf = (content) =>
  Buffer.from(keyer.out.subarray(0, keyer.fold(content, 0, content.length))).toString('hex');

const pieces = ['أ', 'ا', 'إ', 'كتب', 'قال', 'a', 'B', ' ', '\t', '\u00a0', '\u200f', '"', '\\', '}', 'x'];
const fieldArb = fc
  .array(fc.tuple(fc.array(fc.constantFrom(...pieces), { maxLength: 3 }), fc.constantFrom('\n', '\n', '\r\n', '')), {
    maxLength: 5,
  })
  .map((lines) => lines.map(([parts, term]) => parts.join('') + term).join(''));
// The field's literal as a writer might have spelled it: plain, or every non-ASCII character escaped.
const literalOf = (text: string, escaped: boolean): string =>
  escaped
    ? JSON.stringify(text).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : JSON.stringify(text);
const recordArb = fc.record({
  text: fieldArb,
  escaped: fc.boolean(),
  before: fc.constantFrom('{"id":1,', '{ "meta" : {"text":"x"} , ', '{"a":"\\u0627\\n"  ,', '{'),
  after: fc.constantFrom('}', ' , "n":[1,"}"]}', ',"b":"\\/"}  '),
  broken: fc.boolean(),
});

test('property: only the field changes, to the plain-text dedup of the field values, one line per record', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(recordArb, { maxLength: 8 }), async (records) => {
      const lines = records.map((r) =>
        r.broken
          ? `${r.before}"text":${literalOf(r.text, r.escaped)}`
          : `${r.before}"text":${literalOf(r.text, r.escaped)}${r.after}`,
      );
      const input = lines.map((l) => `${l}\n`).join('');
      const result = await runInProcess(['--format', 'jsonl'], { input });
      const good = records.filter((r) => !r.broken);
      assert.equal(result.code, good.length === records.length ? 0 : 2, result.stderr);
      const out = result.stdout.toString('utf8').split('\n');
      assert.equal(out.pop(), '');
      assert.equal(out.length, lines.length, 'one output line per input line');
      const expected = refRecordFields(
        good.map((r) => r.text),
        standardKey,
      );
      let g = 0;
      for (const [i, r] of records.entries()) {
        if (r.broken) {
          assert.equal(out[i], lines[i], 'a broken line passes through');
          continue;
        }
        const want = expected[g++];
        const head = `${r.before}"text":`;
        assert.ok(out[i].startsWith(head), 'the bytes before the field are untouched');
        assert.ok(out[i].endsWith(r.after), 'the bytes after the field are untouched');
        const literal = out[i].slice(head.length, out[i].length - r.after.length);
        assert.equal(JSON.parse(literal), want);
        // Untouched fields keep their spelling; a rewritten one is raw UTF-8 with minimal escapes.
        assert.equal(literal, want === r.text ? literalOf(r.text, r.escaped) : JSON.stringify(want));
      }
    }),
    { numRuns: 150 },
  );
});

test('the library takes format, field and dropEmpty in the CLI vocabulary', async () => {
  const { dedupeText } = await import('../../src/api.js');
  const input = '{"n":1,"m":{"b":"a\\nb"}}\n{"n":2,"m":{"b":"b"}}\n{"n":3,"m":{"b":"c"}}\n';
  const result = await dedupeText(input, { format: 'jsonl', field: 'm.b', dropEmpty: true });
  assert.equal(result.text, '{"n":1,"m":{"b":"a\\nb"}}\n{"n":3,"m":{"b":"c"}}\n');
  assert.equal(result.removed[0].line, 2);
  await assert.rejects(dedupeText(input, { scope: 'document' }), /--scope document/);
  // A line that is not a record with the field fails the text, as a bad input does.
  await assert.rejects(dedupeText(input, { format: 'jsonl' }), /no field text; passed through unchanged/);
  await assert.rejects(dedupeText(input, { format: 'yaml' as never }), /format: expected one of text, jsonl/);
});
