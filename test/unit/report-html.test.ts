// The review page's pure parts in-process: escaping for markup and for script data, the word
// alignment the near pairs are drawn from (the same words the near explanation names), and the
// score shown as whatever parts a match carries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeHtml, jsonForScript, wholeChars } from '../../src/report/html-escape.js';
import { alignWords, diffWords } from '../../src/near/word-diff.js';
import { scoreParts } from '../../src/report/html-near.js';
import type { NearMatch } from '../../src/near/near-matcher.js';

test('escapeHtml leaves no markup character and shows controls and bidi overrides', () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  );
  assert.equal(escapeHtml('a\u202eb\u0000c'), 'a&lt;U+202E&gt;b\\x00c');
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      assert.ok(!/[<>"']/.test(escapeHtml(s)));
    }),
  );
});

test('jsonForScript round-trips and never holds < or >', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const text = jsonForScript(v);
      assert.ok(!/[<>&\u2028\u2029]/.test(text));
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(v)));
    }),
  );
  assert.equal(jsonForScript({ t: '</script>' }), '{"t":"\\u003c/script\\u003e"}');
});

test('alignWords names the same one-sided words as diffWords, in order', () => {
  const fold = (w: string): string => w.toLowerCase();
  const words = fc.array(fc.constantFrom('a', 'b', 'C', 'c', 'd', 'يوم', 'اليوم'), { maxLength: 12 });
  fc.assert(
    fc.property(words, words, (kept, removed) => {
      const ops = alignWords(kept, removed, fold)!;
      const d = diffWords(kept, removed, fold);
      assert.deepEqual(
        ops.filter((o) => o.kind === 'kept-only').map((o) => o.word),
        d.keptOnly,
      );
      assert.deepEqual(
        ops.filter((o) => o.kind === 'removed-only').map((o) => o.word),
        d.removedOnly,
      );
      assert.deepEqual(
        ops.filter((o) => o.kind !== 'removed-only').map((o) => o.word),
        kept,
      );
    }),
  );
});

test('scoreParts shows the similarity once, then every part of the score a match carries', () => {
  const base = {
    kind: 'near' as const,
    source: 0,
    line: 1,
    similarity: 0.8456,
    words: { keptOnly: [], removedOnly: [] },
    remove: true,
  };
  const jaccard: NearMatch = {
    ...base,
    score: { kind: 'jaccard', similarity: 0.8456, similar: true, accepted: true, veto: false },
  };
  assert.deepEqual(scoreParts(jaccard), [
    ['similarity', '0.84'],
    ['kind', 'jaccard'],
    ['similar', 'true'],
    ['accepted', 'true'],
    ['veto', 'false'],
  ]);
  const mix: NearMatch = {
    ...base,
    score: {
      kind: 'mix',
      similarity: 0.8456,
      lr: 0.71234,
      wc5: 0.9,
      wwc: 0.8,
      containment: 0.85,
      rule: 'edit',
      slots: { kept: 1, removed: 0 },
      adds: { slots: 0, words: 1, rarest: 3.2, forms: 0 },
      veto: false,
      similar: true,
      accepted: true,
    },
  };
  assert.deepEqual(scoreParts(mix), [
    ['similarity', '0.84'],
    ['kind', 'mix'],
    ['lr', '0.7123'],
    ['wc5', '0.9'],
    ['wwc', '0.8'],
    ['containment', '0.85'],
    ['rule', 'edit'],
    ['slots.kept', '1'],
    ['slots.removed', '0'],
    ['adds.slots', '0'],
    ['adds.words', '1'],
    ['adds.rarest', '3.2'],
    ['adds.forms', '0'],
    ['veto', 'false'],
    ['similar', 'true'],
    ['accepted', 'true'],
  ]);
});

test('wholeChars drops only a character the cut split', () => {
  const bytes = Buffer.from('aمb€😀', 'utf8');
  for (let cut = 0; cut <= bytes.length; cut++) {
    const kept = wholeChars(bytes.subarray(0, cut));
    const text = Buffer.from(kept).toString('utf8');
    assert.ok(!text.includes('\ufffd'), `cut ${cut}`);
    assert.ok(cut - kept.length < 4);
    assert.ok(Buffer.from(text, 'utf8').equals(Buffer.from(kept)));
  }
  assert.equal(wholeChars(bytes).length, bytes.length);
});
