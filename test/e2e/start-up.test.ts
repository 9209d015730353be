// Start-up (issue 20): the command runs the one-file bundle with the V8 code cache the build stored
// beside it, refuses a cache of another build, and a plain run loads none of the modules only some
// runs need (Node's crypto, zlib, worker_threads, child_process; the zstd addon); ending the process
// as soon as a run is over loses nothing. No timing here: the speed is measured by
// `npm run bench -- --scenarios startup`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const LOADER = join(ROOT, 'bin', 'load-program.js');

// In a child of its own, so the test runner's flags cannot decide whether V8 takes the cache.
function compileIn(child: string): { build: string; rejected: boolean | null; hasMain: boolean } {
  const r = spawnSync(process.execPath, ['-e', child], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { build: string; rejected: boolean | null; hasMain: boolean };
}

test('the build stores a code cache that this Node accepts for the bundle it was made from', () => {
  const got = compileIn(`
    const l = require(${JSON.stringify(LOADER)});
    const { script, build, program } = l.compileBundle(require('node:fs').readFileSync(l.CACHE));
    console.log(JSON.stringify({ build, rejected: script.cachedDataRejected ?? null, hasMain: typeof program.main === 'function' }));
  `);
  assert.match(got.build, /^[0-9a-f]{16}$/);
  assert.equal(got.rejected, false, 'V8 took the cache');
  assert.ok(got.hasMain);
});

test("a cache that names another build is not handed to V8 (it checks only the source's length)", () => {
  const dir = tree({});
  const foreign = dir.path('foreign.v8cache');
  const cache = readFileSync(`${join(ROOT, 'dist', 'bundle', 'dedupe.cjs')}.v8cache`);
  writeFileSync(foreign, Buffer.concat([Buffer.from('0123456789abcdef', 'latin1'), cache.subarray(16)]));
  const got = compileIn(`
    const l = require(${JSON.stringify(LOADER)});
    const { script, build, program } = l.compileBundle(require('node:fs').readFileSync(${JSON.stringify(foreign)}));
    console.log(JSON.stringify({ build, rejected: script.cachedDataRejected ?? null, hasMain: typeof program.main === 'function' }));
  `);
  assert.equal(got.rejected, null, 'compiled from source, no cache offered');
  assert.ok(got.hasMain, 'and the program still loads');
});

test('a plain run loads neither crypto, zlib, worker_threads, child_process nor the zstd addon', () => {
  const dir = tree({ 'in.txt': 'b\na\nb\n', 'probe.cjs': '' });
  const loaded = dir.path('loaded.json');
  writeFileSync(
    dir.path('probe.cjs'),
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)},
      JSON.stringify({ builtins: process.moduleLoadList, files: Object.keys(require.cache) })));`,
  );
  const r = spawnSync(process.execPath, ['--require', dir.path('probe.cjs'), BIN, dir.path('in.txt')], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'b\na\n');
  const { builtins, files } = JSON.parse(readFileSync(loaded, 'utf8')) as { builtins: string[]; files: string[] };
  for (const name of ['crypto', 'zlib', 'worker_threads', 'child_process'])
    assert.ok(!builtins.includes(`NativeModule ${name}`), `${name} is not loaded`);
  // Nor what the clock, a FIFO's open and a package lookup would load.
  for (const name of ['perf_hooks', 'fs/promises', 'internal/modules/esm/resolve'])
    assert.ok(!builtins.includes(`NativeModule ${name}`), `${name} is not loaded`);
  // A stderr pipe the run writes nothing to is never made a stream (that loads node:net).
  const toFile = spawnSync(process.execPath, ['--require', dir.path('probe.cjs'), BIN, dir.path('in.txt')], {
    stdio: ['ignore', openSync(dir.path('out.txt'), 'w'), 'pipe'],
  });
  assert.equal(toFile.status, 0, String(toFile.stderr));
  assert.equal(readFileSync(dir.path('out.txt'), 'utf8'), 'b\na\n');
  const quiet = JSON.parse(readFileSync(loaded, 'utf8')) as { builtins: string[] };
  assert.ok(!quiet.builtins.includes('NativeModule net'), 'net is not loaded');
  assert.deepEqual(
    files.filter((f) => f.includes('zstd-napi')),
    [],
  );
  // The same command still reaches them when a run needs one: a gzip input.
  const gz = spawnSync('sh', ['-c', `printf 'x\\nx\\n' | gzip > "${dir.path('in.gz')}"`]);
  assert.equal(gz.status, 0);
  const z = spawnSync(process.execPath, [BIN, dir.path('in.gz')], { encoding: 'utf8' });
  assert.equal(z.status, 0, z.stderr);
  assert.equal(z.stdout, 'x\n');
});

test('ending at once loses nothing: a slow reader of stdout still gets every line, -o every line', () => {
  const dir = tree({});
  const lines = 200_000;
  // Distinct lines, more than a pipe holds, read only after the run may already be over.
  const out = spawnSync('sh', ['-c', `seq 1 ${lines} | "${process.execPath}" "${BIN}" | (sleep 0.3; wc -l)`], {
    encoding: 'utf8',
  });
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stdout.trim(), String(lines));
  // And into a file with -o.
  const file = dir.path('out.txt');
  const o = spawnSync('sh', ['-c', `seq 1 ${lines} | "${process.execPath}" "${BIN}" -o "${file}"`], {
    encoding: 'utf8',
  });
  assert.equal(o.status, 0, o.stderr);
  assert.equal(readFileSync(file, 'utf8').split('\n').length - 1, lines);
});
