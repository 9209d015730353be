// The man page (man/dedupe.1, written by `npm run build`): fresh from the flag table and the
// README, every option of the table in it, readable by man(1) (or, without man, well-formed roff),
// and shipped with the completions in the packed tarball, as package.json's `man` says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { FLAGS } from '../../src/cli/flags.js';
import { FLAG_GROUP_TITLES } from '../../src/cli/flag-groups.js';
import { buildProgram } from '../../src/cli/program.js';
import { manPage } from '../../src/cli/manual/man-page.js';
import { escapeRoff } from '../../src/cli/manual/roff.js';

const PAGE = join(ROOT, 'man', 'dedupe.1');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; man: string[] };
const shown = FLAGS.filter((d) => d.help !== undefined);
const longOf = (flags: string): string => flags.match(/--[a-z][a-z-]*/)![0];

test('the built page is the one the table and README give today', () => {
  assert.ok(existsSync(PAGE), 'man/dedupe.1 is missing: npm run build writes it');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const { program } = buildProgram(pkg.version, { out: () => {}, err: () => {} });
  assert.equal(readFileSync(PAGE, 'utf8'), manPage(program, readme, pkg.version), 'stale: run npm run build');
});

test('every option of the table is in the page, under its group', () => {
  const roff = readFileSync(PAGE, 'utf8');
  for (const def of shown) {
    const start = roff.indexOf(`.SS ${FLAG_GROUP_TITLES[def.group]}\n`);
    const end = roff.slice(start + 1).search(/^\.S[SH] /m) + start + 1;
    assert.ok(start > 0, `no subsection ${FLAG_GROUP_TITLES[def.group]}`);
    assert.ok(
      roff.slice(start, end).includes(`\\fB${escapeRoff(longOf(def.flags))}\\fR`),
      `${def.label} under ${def.group}`,
    );
  }
  for (const section of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'COMMANDS', 'EXIT STATUS', 'EXAMPLES'])
    assert.match(roff, new RegExp(`^\\.SH ${section}$`, 'm'));
  // Roff structure: a request line is a known man(7) macro, and text never starts with a request character.
  for (const line of roff.split('\n').filter((l) => /^[.']/.test(l)))
    assert.match(line, /^\.(TH|SH|SS|TP|PP|IP|RS|RE|nf|fi|br|nh)( |$)/, `unexpected request: ${line}`);
});

const man = spawnSync('man', ['--version'], { encoding: 'utf8' });
test(
  'man renders the page with every option and no warning',
  { skip: man.error ? 'man is not installed here (apt-get install man-db)' : undefined },
  () => {
    const r = spawnSync('man', ['-l', PAGE], {
      encoding: 'utf8',
      env: { ...process.env, MANWIDTH: '120', MANPAGER: 'cat', PAGER: 'cat', MAN_KEEP_FORMATTING: '' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const text = r.stdout;
    assert.match(text, /^NAME\n\s+dedupe - remove repeated lines/m);
    for (const def of shown) assert.ok(text.includes(longOf(def.flags)), `rendered page lacks ${def.label}`);
    const groff = spawnSync('groff', ['-man', '-ww', '-z', '-Tutf8', '-K', 'utf8', PAGE], { encoding: 'utf8' });
    if (!groff.error) assert.equal(groff.stderr, '', 'groff warns about nothing');
  },
);

test('the packed tarball ships the man page and the three completion scripts; package.json names the page', () => {
  assert.deepEqual(pkg.man, ['./man/dedupe.1']);
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  assert.equal(r.status, 0, r.stderr);
  const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
  for (const path of ['man/dedupe.1', 'completions/dedupe.bash', 'completions/_dedupe', 'completions/dedupe.fish'])
    assert.ok(files.includes(path), `the tarball lacks ${path}`);
});
