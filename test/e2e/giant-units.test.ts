// Units past the giant threshold are folded and fingerprinted in pieces: through the real binary,
// a spelling variant of a giant line or paragraph is still a repeat under the default key, a
// different giant line is not, and the output is the input's own bytes minus the repeats.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { runBin, tempTree } from '../helpers/cli.js';
import { GIANT_UNIT } from '../../src/key/giant-key.js';

const tree = tempTree();
after(() => tree.cleanup());

const times = Math.ceil((GIANT_UNIT * 1.5) / 50);
const giant = (text: string): string => text.repeat(times).trimEnd();
const original = giant('قال الرئيس إن الاجتماع ناجح، ');
const variant = giant('قَال الرئيس ان الاجتمـاع ناجح، ');
const other = giant('قال الوزير إن الاجتماع فاشل، ');

test('a giant line and its spelling variant: the variant is removed, a different giant line kept', async () => {
  const path = tree.path('giant-lines.txt');
  writeFileSync(path, `${original}\nshort\n${variant}\n${other}\nshort\n`);
  const r = await runBin([path]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.toString(), `${original}\nshort\n${other}\n`);
  // Byte for byte, the variant is a different line.
  const exact = await runBin(['--key', 'exact', path]);
  assert.equal(exact.stdout.toString(), `${original}\nshort\n${variant}\n${other}\n`);
});

test('giant paragraphs: a variant spread over other line breaks is the same paragraph', async () => {
  const path = tree.path('giant-paragraphs.txt');
  const rewrapped = variant.replaceAll('، قَال', '،\nقَال');
  writeFileSync(path, `${original}\n\n${other}\n\n${rewrapped}\n`);
  const r = await runBin(['--unit', 'paragraph', path]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.toString(), `${original}\n\n${other}\n`);
});
