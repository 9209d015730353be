// Batch runs through the real binary on temporary trees: folders and globs, mirrored --out-dir,
// --in-place with --backup, --dry-run, hidden and linked entries, binary files, encodings, and
// per-file errors that never stop the rest of the batch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runBin, treeFactory, unprivileged } from '../helpers/cli.js';

const tree = treeFactory();
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

test('--out-dir mirrors a nested tree with Arabic names and spaces; repeats across files go, in byte order', async () => {
  const t = tree({
    'corpus/أخبار/يوم 1.txt': 'عنوان\nفقرة مشتركة\nخبر أول\n',
    'corpus/أخبار/يوم 2.txt': 'فقرة مشتركة\nخبر ثان\n',
    'corpus/b dir/z.txt': 'خبر أول\nجديد\n',
  });
  const r = await runBin([t.path('corpus'), '--out-dir', t.path('clean'), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.length, 0);
  assert.deepEqual(listFiles(t.path('clean')), ['b dir/z.txt', 'أخبار/يوم 1.txt', 'أخبار/يوم 2.txt']);
  // Byte order: "b dir" (0x62) sorts before the Arabic folder (0xD8...), so z.txt is read first.
  assert.equal(readFileSync(t.path('clean/b dir/z.txt'), 'utf8'), 'خبر أول\nجديد\n');
  assert.equal(readFileSync(t.path('clean/أخبار/يوم 1.txt'), 'utf8'), 'عنوان\nفقرة مشتركة\n');
  assert.equal(readFileSync(t.path('clean/أخبار/يوم 2.txt'), 'utf8'), 'خبر ثان\n');
  assert.equal(
    readFileSync(t.path('corpus/أخبار/يوم 1.txt'), 'utf8'),
    'عنوان\nفقرة مشتركة\nخبر أول\n',
    'inputs untouched',
  );
});

test('the first copy is the same whatever order the folder entries were created in', async () => {
  const t1 = tree({ 'd/b.txt': 'shared\nb\n', 'd/a.txt': 'shared\na\n' });
  const t2 = tree({ 'd/a.txt': 'shared\na\n', 'd/b.txt': 'shared\nb\n' });
  const r1 = await runBin([t1.path('d')]);
  const r2 = await runBin([t2.path('d')]);
  assert.equal(r1.stdout.toString(), 'shared\na\nb\n');
  assert.deepEqual(r1.stdout, r2.stdout);
});

test('a batch run prints one summary line on stderr; --quiet silences it', async () => {
  const t = tree({ 'in/a.txt': 'x\nx\n', 'in/b.txt': 'y\n' });
  const r = await runBin([t.path('in'), '--out-dir', t.path('out')]);
  assert.equal(r.code, 0);
  assert.match(
    r.stderr,
    /^dedupe: 2 files read, 1 changed, 0 skipped, 0 failed; 3 units, 1 duplicate removed, 2 B saved, [\d.]+ s\n$/,
  );
});

test('globs with --include and --exclude', async () => {
  const t = tree({
    'c/keep.txt': 'a\n',
    'c/skip.md': 'b\n',
    'c/drafts/d.txt': 'c\n',
    'c/sub/e.txt': 'd\n',
    'c/sub/drafts/f.txt': 'e\n',
  });
  const glob = await runBin([`${t.dir}/c/**/*.txt`, '--exclude', 'drafts/**']);
  assert.equal(glob.code, 0, glob.stderr);
  assert.equal(
    glob.stdout.toString(),
    'a\ne\nd\n',
    'a glob matches under its base (sub/drafts/f.txt sorts before sub/e.txt); drafts/** is relative to that base',
  );
  const walk = await runBin([t.path('c'), '--include', '*.txt', '--exclude', 'drafts']);
  assert.equal(walk.stdout.toString(), 'a\nd\n', 'a pattern without a slash matches a name at any depth');
  const none = await runBin([`${t.dir}/c/*.csv`]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /\*\.csv: no files match this pattern\n$/);
});

test('hidden entries are skipped unless --hidden; links are not followed unless --follow, and loops end', async () => {
  const t = tree({ 'h/a.txt': 'a\n', 'h/.secret.txt': 's\n', 'h/.git/x.txt': 'g\n', 'elsewhere/o.txt': 'o\n' });
  symlinkSync(t.path('elsewhere/o.txt'), t.path('h/link.txt'));
  symlinkSync(t.path('h'), t.path('h/loop'));
  const plain = await runBin([t.path('h')]);
  assert.equal(plain.stdout.toString(), 'a\n');
  const hidden = await runBin([t.path('h'), '--hidden']);
  assert.equal(hidden.stdout.toString(), 'g\ns\na\n', '.git/x.txt sorts before .secret.txt');
  const follow = await runBin([t.path('h'), '--follow']);
  assert.equal(follow.code, 0, follow.stderr);
  assert.equal(follow.stdout.toString(), 'a\no\n', 'the linked file is read once; the loop adds nothing');
});

test('binary files are skipped with a warning; the run still succeeds', async () => {
  const t = tree({
    'm/a.txt': 'text\n',
    'm/nul.dat': Buffer.from('abc\0def\n'),
    'm/image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x74, 0x0a]),
  });
  const r = await runBin([t.path('m')]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.toString(), 'text\n');
  assert.match(r.stderr, /image\.png: binary file skipped \(PNG image\)\n/);
  assert.match(r.stderr, /nul\.dat: binary file skipped \(NUL byte at offset 3\)\n/);
});

test(
  'an unreadable file gives exit 2 and one line, and the other files are still done',
  { skip: unprivileged().skip },
  async () => {
    const t = tree({ 'u/a.txt': 'a\na\n', 'u/locked.txt': 'secret\n', 'u/z.txt': 'z\n' });
    chmodSync(t.dir, 0o755);
    chmodSync(t.path('u'), 0o755);
    for (const f of ['a.txt', 'z.txt']) chmodSync(t.path(`u/${f}`), 0o644);
    chmodSync(t.path('u/locked.txt'), 0o000);
    // Root reads anything: run the binary as an unprivileged user then, so the file is really unreadable.
    const r = await runBin([t.path('u')], { spawn: unprivileged().spawn });
    assert.equal(r.code, 2);
    assert.equal(r.stdout.toString(), 'a\nz\n');
    assert.match(r.stderr, /^dedupe: .*locked\.txt: permission denied\n$/);
  },
);

test(
  'an output folder that cannot be written is named in the one-line error',
  { skip: unprivileged().skip },
  async () => {
    const t = tree({ 'in/a.txt': 'a\n', 'ro/keep.txt': 'x\n' });
    chmodSync(t.dir, 0o755);
    chmodSync(t.path('in'), 0o755);
    chmodSync(t.path('in/a.txt'), 0o644);
    chmodSync(t.path('ro'), 0o555);
    const r = await runBin([t.path('in'), '--out-dir', t.path('ro/out'), '--quiet'], { spawn: unprivileged().spawn });
    chmodSync(t.path('ro'), 0o755);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      new RegExp(`^dedupe: .*a\\.txt: cannot write its output ${t.path('ro/out')}: permission denied\n$`),
    );
  },
);

test('--in-place rewrites changed files atomically, keeps their mode, leaves unchanged files untouched', async () => {
  const t = tree({ 'p/a.txt': 'x\ny\nx\n', 'p/b.txt': 'y\nz\n', 'p/c.txt': 'unique\n' });
  chmodSync(t.path('p/a.txt'), 0o600);
  const old = new Date('2020-01-01T00:00:00Z');
  utimesSync(t.path('p/c.txt'), old, old);
  const r = await runBin([t.path('p'), '--in-place', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(t.path('p/a.txt'), 'utf8'), 'x\ny\n');
  assert.equal(readFileSync(t.path('p/b.txt'), 'utf8'), 'z\n');
  assert.equal(statSync(t.path('p/a.txt')).mode & 0o777, 0o600);
  assert.equal(statSync(t.path('p/c.txt')).mtimeMs, old.getTime(), 'unchanged file keeps its mtime');
  assert.deepEqual(readdirSync(t.path('p')).sort(), ['a.txt', 'b.txt', 'c.txt'], 'no temporary or backup files');
});

test('--in-place --backup keeps each replaced original; --scope file only removes repeats inside a file', async () => {
  const t = tree({ 'q/a.txt': 'x\nx\ny\n', 'q/b.txt': 'y\nw\n' });
  const r = await runBin([t.path('q'), '--in-place', '--backup', '.orig', '--scope', 'file', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(t.path('q/a.txt'), 'utf8'), 'x\ny\n');
  assert.equal(readFileSync(t.path('q/a.txt.orig'), 'utf8'), 'x\nx\ny\n');
  assert.equal(readFileSync(t.path('q/b.txt'), 'utf8'), 'y\nw\n', 'y repeats only across files');
  assert.equal(existsSync(t.path('q/b.txt.orig')), false, 'an unchanged file gets no backup');
});

test('--dry-run writes nothing and says what would change', async () => {
  const t = tree({ 'r/a.txt': 'x\nx\n', 'r/b.txt': 'y\n' });
  const before = readFileSync(t.path('r/a.txt'));
  const r = await runBin([t.path('r'), '--dry-run', '--in-place']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.length, 0);
  assert.deepEqual(readFileSync(t.path('r/a.txt')), before);
  assert.match(r.stderr, /a\.txt: would remove 1 of 2 units\n/);
  assert.match(r.stderr, /2 files read, 1 would change/);
  assert.deepEqual(readdirSync(t.path('r')).sort(), ['a.txt', 'b.txt']);
});

test('UTF-16 LE and BE files come back byte for byte in their own encoding', async () => {
  for (const [name, enc] of [
    ['le', 'utf16le'],
    ['be', 'utf16be'],
  ] as const) {
    const encode = (s: string): Buffer => {
      const le = Buffer.from(s, 'utf16le');
      return enc === 'utf16le' ? le : le.swap16();
    };
    const text = '\ufeffأكد الوزير\r\nسطر 😀\r\nاكد الوزير\r\n';
    const t = tree({ [`${name}.txt`]: encode(text) });
    const r = await runBin([t.path(`${name}.txt`)]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout, encode('\ufeffأكد الوزير\r\nسطر 😀\r\n'), name);
  }
});

test('--encoding windows-1256: folded as Arabic, written back as windows-1256', async () => {
  // "السلام" / "الســلام" (with tatweel, 0xDC) / "اخر" in windows-1256.
  const bytes = Buffer.from([
    0xc7, 0xe1, 0xd3, 0xe1, 0xc7, 0xe3, 0x0a, 0xc7, 0xe1, 0xd3, 0xdc, 0xe1, 0xc7, 0xe3, 0x0a, 0xc7, 0xce, 0xd1, 0x0a,
  ]);
  const t = tree({ 'old.txt': bytes });
  const r = await runBin([t.path('old.txt'), '--encoding', 'windows-1256']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout, Buffer.from([0xc7, 0xe1, 0xd3, 0xe1, 0xc7, 0xe3, 0x0a, 0xc7, 0xce, 0xd1, 0x0a]));
});

test('usage errors: conflicting outputs, --backup alone, --in-place on stdin', async () => {
  const cases: [string[], RegExp][] = [
    [['a', '--in-place', '--out-dir', 'x'], /--out-dir and --in-place cannot be used together/],
    [['a', '-o', 'f', '--out-dir', 'x'], /-o\/--output and --out-dir cannot be used together/],
    [['a', '--backup', '.b'], /--backup goes with --in-place/],
    [['--in-place'], /--in-place needs files to rewrite/],
    [['-', '--out-dir', 'x'], /--out-dir needs file or folder inputs/],
    [['a', '--encoding', 'latin9'], /--encoding.*'latin9'/],
  ];
  for (const [args, message] of cases) {
    const r = await runBin(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
    assert.equal(r.stderr.split('\n').length, 2, 'one line');
  }
});

test('--out-dir inside a walked input folder is refused unless the walk excludes it', async () => {
  const t = tree({ 'w/a.txt': 'a\n' });
  const refused = await runBin([t.path('w'), '--out-dir', t.path('w/clean')]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^dedupe: --out-dir is inside the input folder .*--exclude 'clean\/\*\*'/);
  const allowed = await runBin([t.path('w'), '--out-dir', t.path('w/clean'), '--exclude', 'clean/**', '--quiet']);
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.equal(readFileSync(t.path('w/clean/a.txt'), 'utf8'), 'a\n');
});

test('a FIFO inside a walked folder is skipped with a warning, never waited on', async () => {
  const t = tree({ 'f/a.txt': 'a\n' });
  execFileSync('mkfifo', [t.path('f/pipe.txt')]);
  const r = await runBin([t.path('f')]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.toString(), 'a\n');
  assert.match(r.stderr, /pipe\.txt: not a regular file, skipped\n$/);
});

test('SIGKILL in the middle of --in-place: every file is its original or its complete new bytes', async () => {
  const files: Record<string, string> = {};
  const expected: Record<string, string> = {};
  for (let i = 0; i < 300; i++) {
    const name = `k/${String(i).padStart(3, '0')}.txt`;
    const lines = Array.from({ length: 400 }, (_, j) => `file ${i} line ${j % 200} ${'x'.repeat(40)}`);
    files[name] = lines.join('\n') + '\n';
    expected[name] = lines.slice(0, 200).join('\n') + '\n';
  }
  const t = tree(files);
  const { spawn } = await import('node:child_process');
  const { BIN } = await import('../helpers/cli.js');
  const child = spawn(process.execPath, [BIN, t.path('k'), '--in-place', '--quiet'], { stdio: 'ignore' });
  const closed = new Promise((r) => child.on('close', r));
  // Kill once some files have been replaced but (very likely) not all.
  for (let i = 0; i < 400; i++) {
    await new Promise((r) => setTimeout(r, 10));
    if (readFileSync(t.path('k/000.txt'), 'utf8') === expected['k/000.txt']) break;
  }
  child.kill('SIGKILL');
  await closed;
  let replaced = 0;
  for (const [name, original] of Object.entries(files)) {
    const now = readFileSync(t.path(name), 'utf8');
    assert.ok(now === original || now === expected[name], `${name} is neither original nor complete`);
    if (now === expected[name]) replaced++;
  }
  assert.ok(replaced > 0, 'the run had started replacing files');
  // A killed run may leave its one temporary file; it never replaces a file with it.
  assert.ok(readdirSync(t.path('k')).filter((f) => f.endsWith('.tmp')).length <= 1);
  mkdirSync(t.path('unused'), { recursive: true });
});

test('progress: drawn on stderr when forced, never on a non-terminal by default, never with --quiet', async () => {
  const t = tree({ 'g/a.txt': 'a\na\n', 'g/b.txt': 'b\n' });
  const forced = await runBin([t.path('g'), '--out-dir', t.path('o1'), '--progress', '--progress-after', '0']);
  assert.equal(forced.code, 0);
  assert.match(forced.stderr, /\d+ files \| .* of .* \| ETA/);
  assert.match(forced.stderr, /dedupe: 2 files read/);
  const auto = await runBin([t.path('g'), '--out-dir', t.path('o2'), '--progress-after', '0']);
  assert.doesNotMatch(auto.stderr, /ETA/);
  const quiet = await runBin([
    t.path('g'),
    '--out-dir',
    t.path('o3'),
    '--progress',
    '--quiet',
    '--progress-after',
    '0',
  ]);
  assert.equal(quiet.stderr, '');
});
