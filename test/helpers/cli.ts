// Runs dedupe two ways for tests: the real bin/dedupe.js in a child process, and main() in-process
// with a memory Io. Both return the same shape, so one table of cases can drive both.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import type { WriteFs } from '../../src/fs/atomic-sink.js';

/** The repository root (this file runs from dist/test/helpers/). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = join(ROOT, 'bin', 'dedupe.js');

/**
 * How a permission test runs the binary so that file modes really apply: as an unprivileged user
 * (nobody) when the tests run as root, since root reads anything. `skip` says why that cannot
 * work here: a checkout under a private folder (mktemp -d makes it 0700) that nobody cannot enter.
 */
export function unprivileged(): { spawn: { uid?: number; gid?: number }; skip?: string } {
  if (process.getuid?.() !== 0) return { spawn: {} };
  const as = { uid: 65534, gid: 65534 };
  const probe = spawnSync(process.execPath, [BIN, '--version'], { ...as, stdio: 'ignore' });
  return probe.status === 0
    ? { spawn: as }
    : {
        spawn: as,
        skip: `the checkout ${ROOT} cannot be read by user nobody (uid 65534), which this root-run permission test needs`,
      };
}

export const FIXTURES = join(ROOT, 'fixtures');

export interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  signal?: NodeJS.Signals | null;
}

export interface RunOptions {
  input?: Uint8Array | string;
  cwd?: string;
  env?: Record<string, string>;
  /** Extra spawn options for the binary (uid/gid to run unprivileged). */
  spawn?: { uid?: number; gid?: number };
  /** In-process only: the file-system calls outputs are written with (to inject failures). */
  writeFs?: WriteFs;
  /** In-process only: called whenever the run reads the Io's stdin property. */
  onStdin?: () => void;
}

export function runBin(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...options.spawn,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolvePromise({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {
      /* the child may exit before reading everything */
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

export async function runInProcess(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const out: Buffer[] = [];
  let err = '';
  const input = options.input === undefined ? Buffer.alloc(0) : Buffer.from(options.input);
  const stdinStream = (async function* () {
    if (input.length > 0) yield input;
  })();
  const io: Io = {
    stdout: {
      isTTY: false,
      async write(chunk) {
        out.push(Buffer.from(chunk));
      },
      async commit() {},
      abort() {},
    },
    stderr: {
      isTTY: false,
      write(text) {
        err += text;
      },
    },
    get stdin() {
      options.onStdin?.();
      return stdinStream;
    },
    env: {},
    now: () => performance.now(),
    onInterrupt: () => () => {},
    writeFs: options.writeFs,
    pid: process.pid,
    isAlive: () => true,
  };
  const code = await main(args, io);
  return { code, stdout: Buffer.concat(out), stderr: err };
}

/** A fresh temporary folder with the given files (relative path -> contents); removed by cleanup(). */
export function tempTree(files: Record<string, string | Uint8Array> = {}): {
  dir: string;
  path: (p: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'dedupe-test-'));
  for (const [name, contents] of Object.entries(files)) {
    const full = join(dir, name);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, contents);
  }
  return { dir, path: (p) => join(dir, p), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** tempTree, removed after the calling test file's tests: `const tree = treeFactory();`. */
export function treeFactory(): (files?: Record<string, string | Uint8Array>) => ReturnType<typeof tempTree> {
  const trees: { cleanup: () => void }[] = [];
  after(() => trees.forEach((t) => t.cleanup()));
  return (files = {}) => {
    const t = tempTree(files);
    trees.push(t);
    return t;
  };
}
