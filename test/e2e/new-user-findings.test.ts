// What a new user met on the real corpus, through the real binary: the summary counts inputs (not
// a JSON Lines input's broken lines), a backup that is in the way fails the file it kept from being
// cleaned, and messages name the user's paths in plain words (never a system error code or a temp name).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { BIN, runBin, treeFactory, unprivileged } from '../helpers/cli.js';
import { gzip } from '../helpers/compress.js';

const tree = treeFactory();
const jsonLines = (b: Buffer): Record<string, unknown>[] =>
  b
    .toString('utf8')
    .split('\n')
    .filter((l) => l)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test('jsonl: an input with three broken lines is one failed input, each line still told', async () => {
  const t = tree({ 'a.jsonl': '{"text":"x"}\nnot json\n{"text":"x"}\nbad 2\nbad 3\n' });
  for (const keep of ['first', 'last']) {
    const r = await runBin(['--format', 'jsonl', '--keep', keep, 'a.jsonl', '--out-dir', 'out'], { cwd: t.dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^dedupe: 1 file read, 1 changed, 0 skipped, 1 failed/m);
    assert.equal(r.stderr.match(/not valid JSON; passed through unchanged/g)?.length, 3, r.stderr);
    const j = await runBin(['--format', 'jsonl', '--keep', keep, '--report', 'json', 'a.jsonl'], { cwd: t.dir });
    assert.equal(j.code, 2, j.stderr);
    const summary = jsonLines(j.stdout).find((e) => e.type === 'summary');
    assert.equal(summary?.failed, 1);
    assert.equal(summary?.files, 1);
  }
});

test('--in-place --backup: a file kept from being cleaned by a backup in the way fails; its units still count', async () => {
  const t = tree({
    'bk/a.txt': 'x\ny\n',
    'bk/b.txt': 'y\nz\nz\n',
    'bk/b.txt.orig': 'an older backup\n',
    'bk/c.txt': 'z\nw\n',
  });
  const r = await runBin(['bk', '--in-place', '--backup', '.orig', '--progress'], { cwd: t.dir });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^dedupe: bk\/b\.txt: backup bk\/b\.txt\.orig already exists; file left as it is/m);
  // b.txt's three units were judged (c.txt lost its "z" to them), though none was removed.
  assert.match(r.stderr, /^dedupe: 3 files read, 1 changed, 0 skipped, 1 failed; 7 units, 1 duplicate removed/m);
  assert.equal(readFileSync(t.path('bk/b.txt'), 'utf8'), 'y\nz\nz\n');
  assert.equal(readFileSync(t.path('bk/b.txt.orig'), 'utf8'), 'an older backup\n');
  assert.equal(readFileSync(t.path('bk/c.txt'), 'utf8'), 'w\n');
  // A rerun once b.txt has nothing to remove: its backup is not needed, so nothing is said.
  writeFileSync(t.path('bk/b.txt'), 'z\n');
  const again = await runBin(['bk', '--in-place', '--backup', '.orig', '--quiet'], { cwd: t.dir });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stderr, '');
});

// `script` gives the run a real terminal for stdin, stdout and stderr; the screen is what it saved.
const hasScript = spawnSync('script', ['--version']).status === 0;
const onTerminal = (cwd: string, args: string): string => {
  const command = `"${process.execPath}" "${BIN}" ${args} --progress-after 0 < /dev/null`;
  spawnSync('script', ['-qec', command, 'screen'], { cwd, stdio: 'ignore' });
  return readFileSync(`${cwd}/screen`, 'latin1');
};
const BAR = /\d+ files \| .* of .* \| ETA/;

test('on a terminal, the bar is drawn when stdout carries no data (--out-dir, --in-place), never over text or a report', (t) => {
  if (!hasScript) {
    t.skip('util-linux script(1) is not installed: no pseudo-terminal to test with');
    return;
  }
  const files = { 'c/a.txt': 'x\ny\nx\n', 'c/b.txt': 'y\nz\n' };
  for (const args of ['c --out-dir out', 'c --in-place', 'c --dry-run']) {
    const screen = onTerminal(tree(files).dir, args);
    assert.match(screen, BAR, `${args}: ${screen}`);
    assert.match(screen, /dedupe: 2 files (read|would change)/, 'the summary follows');
  }
  for (const args of ['c', 'c --out-dir out --report diff']) {
    const screen = onTerminal(tree(files).dir, args);
    assert.doesNotMatch(screen, BAR, `${args}: ${screen}`);
    assert.match(screen, /x\r?\n/, 'the data reached the terminal');
  }
});

test('--progress with --out-dir and stderr not a terminal: the bar is drawn on stderr, stdout stays empty', async () => {
  const t = tree({ 'c/a.txt': 'x\ny\nx\n', 'c/b.txt': 'y\nz\n' });
  const r = await runBin(['c', '--out-dir', 'out', '--progress', '--progress-after', '0'], { cwd: t.dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.length, 0);
  assert.match(r.stderr, BAR);
  assert.equal(readFileSync(t.path('out/a.txt'), 'utf8'), 'x\ny\n');
});

// Node words a system error `ECODE: reason, syscall 'path'`; the user sees plain words.
const RAW = /E[A-Z]{3,}|\.dedupe-[0-9a-f]+-\d+-[0-9a-f]+\.tmp|, (open|stat|lstat|rename) '/;

test('a symbolic link loop and a missing index folder are told in plain words', async () => {
  const t = tree({ 'a.txt': 'x\n' });
  mkdirSync(t.path('loop'));
  symlinkSync('self', t.path('loop/self'));
  const loop = await runBin(['loop', '-L'], { cwd: t.dir });
  assert.equal(loop.code, 2);
  assert.equal(
    loop.stderr,
    'dedupe: loop/self: too many levels of symbolic links (a link that leads back to itself)\n',
  );
  const index = await runBin(['a.txt', '--index', 'nodir/x.idx'], { cwd: t.dir });
  assert.equal(index.code, 2);
  assert.match(index.stderr, /^dedupe: .*cannot lock index nodir\/x\.idx .*: no such file or directory\n$/);
  assert.doesNotMatch(index.stderr, RAW);
});

test('an output folder that cannot be written: the message names the output file, the input counts as read', async (t) => {
  const as = unprivileged();
  if (as.skip) {
    t.skip(as.skip);
    return;
  }
  const dir = tree({ 'a.txt': 'a\nb\na\n', 'ro/f.txt': 'x\nx\n' });
  mkdirSync(dir.path('ro2'));
  for (const folder of ['ro2', 'ro', '.']) chmodSync(dir.path(folder), folder === '.' ? 0o777 : 0o555);
  chmodSync(dir.path('ro/f.txt'), 0o666);
  const outDir = await runBin(['a.txt', '--out-dir', 'ro2'], { cwd: dir.dir, spawn: as.spawn });
  assert.equal(outDir.code, 2);
  assert.match(outDir.stderr, /^dedupe: a\.txt: cannot write its output ro2\/a\.txt: permission denied$/m);
  assert.match(outDir.stderr, /^dedupe: 1 file read, 0 changed, 0 skipped, 1 failed/m);
  assert.doesNotMatch(outDir.stderr, RAW);
  const inPlace = await runBin(['ro', '--in-place'], { cwd: dir.dir, spawn: as.spawn });
  assert.equal(inPlace.code, 2);
  assert.match(inPlace.stderr, /^dedupe: ro\/f\.txt: cannot write its output ro\/f\.txt: permission denied$/m);
  assert.match(inPlace.stderr, /^dedupe: 1 file read, 0 changed, 0 skipped, 1 failed/m);
  assert.doesNotMatch(inPlace.stderr, RAW);
  assert.equal(readFileSync(dir.path('ro/f.txt'), 'utf8'), 'x\nx\n');
});

test('dedupe index without a subcommand (or with an unknown one) is one line naming them; merge lists -o with its options', async () => {
  const bare = await runBin(['index']);
  assert.equal(bare.code, 2);
  assert.equal(bare.stderr, 'dedupe: index: a subcommand is needed (stats, merge, salvage; see dedupe help index)\n');
  assert.equal(bare.stdout.length, 0);
  const unknown = await runBin(['index', 'stat']);
  assert.equal(unknown.code, 2);
  assert.equal(
    unknown.stderr,
    "dedupe: index: unknown subcommand 'stat' (stats, merge, salvage; see dedupe help index)\n",
  );
  const help = await runBin(['help', 'index', 'merge']);
  assert.equal(help.code, 0, help.stderr);
  const options = help.stdout.toString().split('Options:\n')[1] ?? '';
  assert.match(options, /^ {2}-o, --output <file> +the merged index \(required\)\n(?: {2}\S.*\n)+$/, options);
});

// Damaged compressed data piped in under keep first (docs/formats.md): a FIFO's first 64 KiB of
// text is read before any unit is judged, standard input's first chunk only; keep last reads all.
test('a cut-off gzip piped in: from standard input the text before the damage is written, from a FIFO nothing', async (t) => {
  const text = Array.from({ length: 300 }, (_, i) => `line ${i} ${(i * 7919).toString(36)}\n`).join('');
  const whole = gzip(text);
  const cut = whole.subarray(0, whole.length >> 1);
  const piped = await runBin([], { input: cut });
  assert.equal(piped.code, 2);
  assert.match(piped.stderr, /^dedupe: standard input: gzip data ends in the middle of its compressed data/);
  assert.ok(piped.stdout.length > 0 && text.startsWith(piped.stdout.toString()), 'the text before the damage');
  const last = await runBin(['--keep', 'last'], { input: cut });
  assert.deepEqual([last.code, last.stdout.length], [2, 0], 'keep last reads it all before writing');
  const dir = tree({});
  const fifo = dir.path('f');
  if (spawnSync('mkfifo', [fifo]).status !== 0) {
    t.skip('mkfifo is not available here');
    return;
  }
  const writer = spawn('sh', ['-c', 'cat > "$0"', fifo], { stdio: ['pipe', 'ignore', 'ignore'] });
  const written = new Promise((resolve) => writer.on('close', resolve));
  writer.stdin.end(cut);
  const fromFifo = await runBin([fifo]);
  await written;
  assert.equal(fromFifo.code, 2);
  assert.match(fromFifo.stderr, /: gzip data ends in the middle of its compressed data/);
  assert.equal(fromFifo.stdout.length, 0);
});

test('--report json: a repeat of a unit an earlier run committed names the index, lines null, identical false', async () => {
  const t = tree({ 'd1.txt': 'a\nb\n', 'd2.txt': 'a\nc\n' });
  assert.equal((await runBin(['d1.txt', '--index', 'e.idx'], { cwd: t.dir })).code, 0);
  const r = await runBin(['d2.txt', '--index', 'e.idx', '--report', 'json'], { cwd: t.dir });
  assert.equal(r.code, 0, r.stderr);
  const dup = jsonLines(r.stdout).find((e) => e.type === 'duplicate');
  assert.deepEqual(
    [dup?.firstPath, dup?.firstLine, dup?.keptPath, dup?.keptLine, dup?.identical],
    ['e.idx', null, 'e.idx', null, false],
  );
});

test('dedupe key with no operand: refused while a file named key is here, else it reads standard input', async () => {
  const withFile = tree({ key: 'k\n' });
  const refused = await runBin(['key'], { cwd: withFile.dir, input: 'a\n' });
  assert.equal(refused.code, 2);
  assert.equal(refused.stdout.length, 0);
  assert.equal(
    refused.stderr,
    'dedupe: key is a subcommand; to read the file named key, write ./key (or dedupe key - to read standard input)\n',
  );
  const bare = await runBin(['key', '--key', 'exact'], { cwd: tree({}).dir, input: 'a\n' });
  assert.equal(bare.code, 0, bare.stderr);
  assert.equal(bare.stdout.toString(), 'a\n');
});
