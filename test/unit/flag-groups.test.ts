// The flag table's groups and the roff writer of the man page, in-process. A row without a group
// must not compile (checked by tsc through the @ts-expect-error below, which fails the build if
// the row ever compiles); every group used has a title, and the roff writer never lets input text
// become a request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAGS, type FlagDef } from '../../src/cli/flags.js';
import { byGroup, FLAG_GROUPS, FLAG_GROUP_TITLES } from '../../src/cli/flag-groups.js';
import { escapeRoff, inlineRoff, markdownToRoff } from '../../src/cli/manual/roff.js';

test('a row must name its group, one of the listed groups', () => {
  // @ts-expect-error a row without `group` is refused by the type of the table
  const missing: FlagDef = { name: 'x', flags: '--x', label: '--x', commands: ['dedupe'] };
  // @ts-expect-error a group that is not listed in flag-groups.ts is refused too
  const unknown: FlagDef = { name: 'x', group: 'misc', flags: '--x', label: '--x', commands: ['dedupe'] };
  assert.ok(missing && unknown);
  for (const def of FLAGS) assert.ok(FLAG_GROUPS.includes(def.group), def.label);
});

test('groups keep their listed order and the table order inside each; titles are distinct', () => {
  const grouped = byGroup(FLAGS);
  assert.deepEqual(
    grouped.map(([g]) => g),
    FLAG_GROUPS.filter((g) => FLAGS.some((d) => d.group === g)),
  );
  for (const [, defs] of grouped)
    assert.deepEqual(
      defs.map((d) => FLAGS.indexOf(d)),
      defs.map((d) => FLAGS.indexOf(d)).sort((a, b) => a - b),
    );
  assert.equal(grouped.flatMap(([, defs]) => defs).length, FLAGS.length);
  const titles = Object.values(FLAG_GROUP_TITLES);
  assert.equal(new Set(titles).size, titles.length);
});

test('roff: backslashes, hyphens and a leading dot or quote stay text', () => {
  assert.equal(escapeRoff('a\\b --x'), 'a\\eb \\-\\-x');
  assert.equal(escapeRoff('.so /etc/passwd'), '\\&.so /etc/passwd');
  assert.equal(escapeRoff("'br"), "\\&'br");
  assert.equal(
    inlineRoff('`.TH` and **bold `--near` here**'),
    '\\fB\\&.TH\\fP and \\fBbold \\fB\\-\\-near\\fP here\\fR',
  );
  assert.equal(inlineRoff('see [the docs](docs/x.md), *really*'), 'see the docs, \\fIreally\\fR');
});

test('roff: Markdown blocks become paragraphs, code, term lists and bullets', () => {
  const roff = markdownToRoff(
    [
      'One line',
      'and the next.',
      '',
      '```sh',
      '.evil --flag',
      '```',
      '| option | meaning | default |',
      '|---|---|---|',
      '| `--keep first\\|last` | which copy | `first` |',
      '- a bullet',
      '  continued',
    ].join('\n'),
  );
  assert.equal(
    roff,
    [
      '.PP',
      'One line and the next.',
      '.PP',
      '.RS 4',
      '.nf',
      '\\&.evil \\-\\-flag',
      '.fi',
      '.RE',
      '.TP',
      '\\fB\\-\\-keep first|last\\fP',
      'which copy; default: \\fBfirst\\fP',
      '.IP \\(bu 2',
      'a bullet',
      'continued',
    ].join('\n'),
  );
});
