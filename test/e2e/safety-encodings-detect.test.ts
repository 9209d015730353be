// Issue 15, item 7 and the byte counts of item 13, through the real binary: windows-1256 and
// BOM-less UTF-16 are detected (with a one-line notice) and written back byte for byte, text in
// other single-byte code pages or UTF-8 with stray bytes is not mistaken for windows-1256, and
// report byte counts are the input's bytes on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();

/** Text in a single-byte code page, through the platform's own decoder table (unmapped: '?'). */
function encodeIn(label: string, text: string): Buffer {
  const decoder = new TextDecoder(label);
  const byChar = new Map<string, number>();
  for (let b = 0; b < 256; b++) byChar.set(decoder.decode(Uint8Array.of(b)), b);
  return Buffer.from([...text].map((c) => byChar.get(c) ?? 0x3f));
}

const utf16 = (text: string, bigEndian: boolean): Buffer => {
  const le = Buffer.from(text, 'utf16le');
  return bigEndian ? le.swap16() : le;
};

/** The `file` events of a JSON report, by path. */
function fileEvents(stdout: Buffer): Map<string, { encoding: string; bytes: number; bytesOut: number }> {
  const events = stdout
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; path: string; encoding: string; bytes: number; bytesOut: number });
  return new Map(events.filter((e) => e.type === 'file').map((e) => [e.path, e]));
}

const NEWS =
  'أحمد\nاحمد\nقال الوزير إن الحكومة ستعلن عن خطة جديدة\nقال الوزير ان الحكومة ستعلن عن خطة جديدة\nمرحبا بكم\n';
const NEWS_KEPT = 'أحمد\nقال الوزير إن الحكومة ستعلن عن خطة جديدة\nمرحبا بكم\n';

test('a windows-1256 file without --encoding: decoded as Arabic (أحمد and احمد are one), one notice, bytes kept as they are', async () => {
  const t = tree({ 'old.txt': encodeIn('windows-1256', NEWS) });
  const r = await runBin([t.path('old.txt')]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout, encodeIn('windows-1256', NEWS_KEPT));
  assert.equal(
    r.stderr,
    `dedupe: ${t.path('old.txt')}: not valid UTF-8; read as windows-1256 (force another with --encoding)\n`,
  );
});

test('--encoding overrides the windows-1256 guess; a file left invalid says how to name its encoding', async () => {
  const t = tree({ 'old.txt': encodeIn('windows-1256', NEWS) });
  const r = await runBin([t.path('old.txt'), '--encoding', 'utf-8']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout, encodeIn('windows-1256', NEWS), 'byte for byte: no two lines are the same bytes');
  assert.equal(
    r.stderr,
    `dedupe: ${t.path('old.txt')}: not valid utf-8; processed byte for byte (if it is in another encoding, name it with --encoding)\n`,
  );
});

test('--keep last reads a windows-1256 file twice but says the notice once', async () => {
  const t = tree({ 'old.txt': encodeIn('windows-1256', NEWS) });
  const r = await runBin([t.path('old.txt'), '--keep', 'last']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout, encodeIn('windows-1256', 'احمد\nقال الوزير ان الحكومة ستعلن عن خطة جديدة\nمرحبا بكم\n'));
  assert.equal(r.stderr.match(/read as windows-1256/g)?.length, 1, r.stderr);
});

test('not windows-1256: Latin-1 and windows-1252 Western text, KOI8-R, windows-1251, windows-1255, UTF-8 with stray bytes, random bytes', async () => {
  const western =
    "L'été dernier, les élèves étaient là; ça a été une journée. Größere Übungen für Schüler, die Straße. El niño comió. ¿Dónde está la estación? A informação não está disponível. Søren og Åse i Ærøskøbing.\n";
  let seed = 15;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  const noise = Buffer.from(Array.from({ length: 3000 }, () => 1 + (random() % 255)));
  const strayBytes = Buffer.from(NEWS.repeat(20), 'utf8');
  for (const at of [7, 300, 901, 1500]) strayBytes[at] = 0xe9;
  const files: Record<string, Buffer> = {
    'latin1.txt': encodeIn('iso-8859-1', western.repeat(10)),
    'cp1252.txt': encodeIn('windows-1252', `ÉTÉ À PARIS — LES ÉLÈVES ÉTAIENT LÀ. ${western}`.repeat(10)),
    'koi8r.txt': encodeIn(
      'koi8-r',
      'Привет, мир! Это простой текст на русском языке. Москва — столица России.\n'.repeat(10),
    ),
    'cp1251.txt': encodeIn(
      'windows-1251',
      'Привет, мир! Это простой текст на русском языке. Москва — столица России.\n'.repeat(10),
    ),
    'cp1255.txt': encodeIn('windows-1255', 'שלום עולם! זהו טקסט פשוט בעברית. ירושלים היא עיר עתיקה.\n'.repeat(10)),
    'stray.txt': strayBytes,
    'noise.bin': noise,
  };
  const t = tree(files);
  const r = await runBin([...Object.keys(files).map((f) => t.path(f)), '--report', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /windows-1256|utf-16/);
  const events = fileEvents(r.stdout);
  for (const name of Object.keys(files)) {
    assert.equal(events.get(t.path(name))?.encoding, 'utf-8', name);
    assert.match(r.stderr, new RegExp(`${name}: not valid utf-8; processed byte for byte`), name);
  }
});

test('BOM-less UTF-16 LE and BE, ASCII-heavy and Arabic: detected from the NUL pattern, deduplicated, written back in their own encoding', async () => {
  const texts = {
    ascii: ['hello world\nsecond line\nhello  world\nthird\n', 'hello world\nsecond line\nthird\n'],
    arabic: [NEWS, NEWS_KEPT],
  };
  for (const [kind, [text, kept]] of Object.entries(texts)) {
    for (const [order, bigEndian] of [
      ['le', false],
      ['be', true],
    ] as const) {
      const name = `${kind}-${order}.txt`;
      const t = tree({ [name]: utf16(text, bigEndian) });
      const r = await runBin([t.path(name)]);
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      assert.deepEqual(r.stdout, utf16(kept, bigEndian), name);
      assert.equal(
        r.stderr,
        `dedupe: ${t.path(name)}: no BOM; read as utf-16${order} (force another with --encoding)\n`,
        name,
      );
    }
  }
});

test('binary data with NULs is still skipped as binary, not taken for UTF-16', async () => {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  const t = tree({
    'm/a.txt': 'text\n',
    'm/nul.dat': Buffer.from('abc\0def\n'),
    'm/random.bin': Buffer.from(Array.from({ length: 4096 }, () => random() % 256)),
    'm/sparse.bin': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i % 4 === 0 ? random() % 256 : 0))),
  });
  const r = await runBin([t.path('m')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.toString(), 'text\n');
  for (const name of ['nul.dat', 'random.bin', 'sparse.bin'])
    assert.match(r.stderr, new RegExp(`${name}: binary file skipped \\(NUL byte at offset \\d+\\)\\n`), name);
});

test('report byte counts are bytes on disk for UTF-16 and windows-1256 inputs (JSON bytes, bytesIn/Out, the summary)', async () => {
  const t = tree({
    'w.txt': encodeIn('windows-1256', NEWS),
    'le.txt': utf16(`\ufeff${NEWS}`, false),
    'nobom-be.txt': utf16(NEWS, true),
    'u.txt': NEWS,
  });
  const names = ['w.txt', 'le.txt', 'nobom-be.txt', 'u.txt'];
  const r = await runBin([
    ...names.map((n) => t.path(n)),
    '--scope',
    'file',
    '--out-dir',
    t.path('out'),
    '--report',
    'json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const events = fileEvents(r.stdout);
  let totalIn = 0;
  let totalOut = 0;
  for (const name of names) {
    const event = events.get(t.path(name))!;
    const onDisk = statSync(t.path(name)).size;
    const written = readFileSync(t.path(`out/${name}`)).length;
    assert.equal(event.bytes, onDisk, `${name} bytes`);
    assert.equal(event.bytesOut, written, `${name} bytesOut`);
    assert.ok(written < onDisk, `${name}: a repeat was removed`);
    totalIn += onDisk;
    totalOut += written;
  }
  const summary = JSON.parse(r.stdout.toString('utf8').trim().split('\n').at(-1)!) as {
    type: string;
    bytesIn: number;
    bytesOut: number;
  };
  assert.equal(summary.type, 'summary');
  assert.equal(summary.bytesIn, totalIn);
  assert.equal(summary.bytesOut, totalOut);

  const human = await runBin([t.path('w.txt'), t.path('nobom-be.txt'), '--scope', 'file', '--report', 'summary']);
  assert.equal(human.code, 0, human.stderr);
  const w = statSync(t.path('w.txt')).size + statSync(t.path('nobom-be.txt')).size;
  assert.match(human.stdout.toString(), new RegExp(`bytes: +${w} B in, `));
});
