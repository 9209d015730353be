// The package as npm ships it: the packed tarball holds the compiled library, its types, the
// binary and the docs but no tests or benchmarks; installed into an empty project, a strict
// TypeScript consumer compiles and gets the documented results; a global install puts `dedupe`
// on PATH with no warnings.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ROOT } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'dedupe-pack-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string, input?: string): { stdout: string; stderr: string } {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    input,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  assert.equal(r.status, 0, `${command} ${args.join(' ')} failed: ${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

// npm 11 names every dependency with an install script that the installing project has not
// approved (allowScripts): zstd-napi builds libzstd with node-gyp when no prebuilt binary can be
// fetched. That notice is the installing project's to act on; any other warning is ours.
function warnings(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !/^npm warn install-scripts\b/i.test(line))
    .join('\n');
}

// dist/ is already built by `npm test`; packing must not build again.
const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work, ROOT], work);
const info = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
const tarball = join(work, info[0].filename);

test('the tarball ships dist/src with types, bin, README and docs, and no tests or benchmarks', () => {
  const paths = info[0].files.map((f) => f.path);
  assert.ok(paths.includes('dist/src/api.js') && paths.includes('dist/src/api.d.ts'), 'the library and its types');
  assert.ok(paths.includes('bin/dedupe.js') && paths.includes('README.md') && paths.includes('package.json'));
  // The command, its loader and the program it loads: the bundle and its code cache (start-up).
  for (const shipped of [
    'bin/load-program.js',
    'bin/package.json',
    'dist/bundle/dedupe.cjs',
    'dist/bundle/dedupe.cjs.v8cache',
  ])
    assert.ok(paths.includes(shipped), shipped);
  assert.deepEqual(
    paths.filter((p) => /^dist\/(test|bench)\//.test(p) || p.startsWith('src/') || p.startsWith('test/')),
    [],
  );
  assert.deepEqual(
    paths.filter((p) => p.endsWith('.map')),
    [],
    'no source maps pointing at files not shipped',
  );
});

test('installed into an empty project, a strict TypeScript consumer compiles and gets the documented results', () => {
  const project = join(work, 'consumer');
  run('mkdir', ['-p', project], work);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const installed = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
  assert.doesNotMatch(warnings(installed.stderr), /warn/i, 'npm install prints no warning');
  for (const f of readdirSync(join(FIXTURES, 'consumer')))
    copyFileSync(join(FIXTURES, 'consumer', f), join(project, f));
  // The consumer's only dev tools: this repository's TypeScript and Node types (in place of the
  // @types/node that zstd-napi's dependency installs, whatever its version).
  rmSync(join(project, 'node_modules', '@types'), { recursive: true, force: true });
  symlinkSync(join(ROOT, 'node_modules', '@types'), join(project, 'node_modules', '@types'));
  run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project);
  const out = run(
    process.execPath,
    [join(project, 'out', 'consumer.js'), join(FIXTURES, 'seed-scraped-article.txt')],
    project,
  );
  assert.deepEqual(JSON.parse(out.stdout), {
    kept: 9,
    removed: 7,
    firstKept: 2,
    sameKey: true,
    answers: [true, false],
  });
});

test('a global install from the tarball puts dedupe on PATH with no warnings', () => {
  const prefix = join(work, 'global');
  const installed = run(
    'npm',
    ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball],
    work,
  );
  assert.doesNotMatch(warnings(installed.stderr), /warn/i, 'npm install -g prints no warning');
  const r = spawnSync('dedupe', [], {
    input: 'a\nb\na\n',
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'a\nb\n');
  // package.json's `man` puts the page where `man dedupe` finds it under that prefix.
  assert.ok(existsSync(join(prefix, 'share', 'man', 'man1', 'dedupe.1')), 'the man page is installed');
});
