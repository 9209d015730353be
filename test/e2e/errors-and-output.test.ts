// Failure paths and output targets through the real binary: a closed pipe, missing inputs,
// -o written atomically (never half a file), and -o naming one of its own inputs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { BIN, runBin, tempTree } from '../helpers/cli.js';

const tree = tempTree({ 'a.txt': 'one\ntwo\none\n', 'b.txt': 'two\nthree\n' });
after(() => tree.cleanup());

test('stdout closed early (| head -1): exit 0, nothing on stderr', () => {
  const big = tree.path('big.txt');
  const lines: string[] = [];
  for (let i = 0; i < 400_000; i++) lines.push(`line number ${i} of a long enough file`);
  writeFileSync(big, lines.join('\n') + '\n');
  const r = spawnSync(
    'bash',
    ['-c', `"${process.execPath}" "${BIN}" "${big}" | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`],
    { encoding: 'utf8' },
  );
  assert.equal(r.stdout.trim(), '0', `dedupe's exit status; stderr: ${r.stderr}`);
  assert.equal(r.stderr, '');
});

test('-o writes the result and prints nothing on stdout', async () => {
  const out = tree.path('clean.txt');
  const r = await runBin([tree.path('a.txt'), tree.path('b.txt'), '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.length, 0);
  assert.equal(readFileSync(out, 'utf8'), 'one\ntwo\nthree\n');
  assert.deepEqual(
    readdirSync(tree.dir).filter((f) => f.endsWith('.tmp')),
    [],
    'no temporary file left',
  );
});

test('-o with a missing input: exit 2, the message names it, the output still has the other input', async () => {
  const out = tree.path('partial.txt');
  const r = await runBin([tree.path('missing.txt'), tree.path('b.txt'), '-o', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^dedupe: .*missing\.txt: no such file or directory\n$/);
  assert.equal(readFileSync(out, 'utf8'), 'two\nthree\n');
});

test('-o may name one of its own inputs: the input is read whole before it is replaced', async () => {
  const file = tree.path('self.txt');
  writeFileSync(file, 'x\ny\nx\n');
  chmodSync(file, 0o640);
  const r = await runBin([file, '-o', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(file, 'utf8'), 'x\ny\n');
  assert.equal(statSync(file).mode & 0o777, 0o640, 'permission bits kept');
});

test('-o into a folder that does not exist: exit 2, one line, nothing created', async () => {
  const out = tree.path('no/such/dir/out.txt');
  const r = await runBin([tree.path('a.txt'), '-o', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^dedupe: .*out\.txt: cannot write: no such file or directory\n$/);
  assert.equal(existsSync(out), false);
});

test('SIGINT during a large -o run: exit 130, target untouched, no temporary file left', async () => {
  const { spawn } = await import('node:child_process');
  const out = tree.path('interrupted.txt');
  writeFileSync(out, 'old\n');
  const child = spawn(process.execPath, [BIN, '-', '-o', out], { stdio: ['pipe', 'ignore', 'pipe'] });
  const closed = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  // Feed stdin slowly so the run is surely in progress when the signal arrives: wait until its
  // temporary file exists (the SIGINT handler is in place by then).
  child.stdin.write('first line\n');
  for (let i = 0; i < 200 && !readdirSync(tree.dir).some((f) => f.includes('.dedupe-')); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(
    readdirSync(tree.dir).some((f) => f.includes('.dedupe-')),
    'the run started writing',
  );
  child.kill('SIGINT');
  const code = await closed;
  assert.equal(code, 130);
  assert.equal(readFileSync(out, 'utf8'), 'old\n');
  assert.deepEqual(
    readdirSync(tree.dir).filter((f) => f.includes('.dedupe-')),
    [],
  );
});
