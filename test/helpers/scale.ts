// Helpers for the scale-out tests: a seeded corpus generator with cross-file repeats and Arabic
// spelling variants, tree comparison byte for byte, and drivers that run the phases through the
// real binary: one worker, GNU parallel, or N concurrent processes started from node.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runBin, runInProcess, type RunResult } from './cli.js';

/** mulberry32: small, seeded, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'الكتاب',
  'احمد',
  'أحمد',
  'إسلام',
  'آمنة',
  'مدرسة',
  'علي',
  'على',
  'news',
  'Report',
  'the',
  'قال',
  'الوزير',
  'يوم',
];

/** A spelling the default key folds back to the same key: alef forms, tatweel, harakat, case. */
export function variant(line: string, rand: () => number): string {
  const r = rand();
  if (r < 0.2) return line.replace(/ا/g, 'أ');
  if (r < 0.4) return line.replace(/([ب-ي])/, '$1ـ'); // tatweel after the first letter that takes one
  if (r < 0.6) return line.replace(/([ب-ي])/, '$1َ'); // a fatha
  if (r < 0.7) return line.toUpperCase();
  if (r < 0.8) return `${line}  `; // trailing spaces
  return line;
}

export interface CorpusOptions {
  files: number;
  units: number;
  pool: number;
  paragraphs?: boolean;
  seed: number;
}

/** Files under `dir/` (nested), lines drawn from a shared pool so repeats cross files. */
export function generateCorpus(options: CorpusOptions, prefix = 'corpus/'): Record<string, string> {
  const rand = prng(options.seed);
  const pool: string[] = [];
  for (let i = 0; i < options.pool; i++) {
    const n = 1 + Math.floor(rand() * 5);
    pool.push(
      Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ') +
        (rand() < 0.3 ? ` ${i}` : ''),
    );
  }
  const files: Record<string, string> = {};
  for (let f = 0; f < options.files; f++) {
    const eol = rand() < 0.2 ? '\r\n' : '\n';
    const parts: string[] = [];
    for (let u = 0; u < options.units; u++) {
      const r = rand();
      if (r < 0.05) {
        parts.push('');
        continue;
      } // a blank line
      if (r < 0.08) {
        parts.push('ـــ');
        continue;
      } // empty key: never removed
      const base = pool[Math.floor(rand() * pool.length)];
      if (options.paragraphs) {
        const second = pool[Math.floor(rand() * pool.length)];
        parts.push(`${variant(base, rand)}${eol}${variant(second, rand)}${eol}`);
      } else {
        parts.push(variant(base, rand));
      }
    }
    const body = parts.join(eol) + (rand() < 0.8 ? eol : '');
    const name = `${prefix}${f % 3 === 0 ? 'sub/' : ''}f${String(f).padStart(2, '0')}.txt`;
    files[name] = (f === 1 ? '\ufeff' : '') + body;
  }
  return files;
}

/** Every file under dir (relative path -> bytes), temporary files of killed tasks left out. */
export function readTreeBytes(dir: string, prefix = ''): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (/\.tmp$/.test(e.name)) continue;
    if (e.isDirectory()) Object.assign(out, readTreeBytes(join(dir, e.name), `${prefix}${e.name}/`));
    else out[`${prefix}${e.name}`] = readFileSync(join(dir, e.name));
  }
  return out;
}

export async function ok(args: readonly string[], cwd?: string): Promise<RunResult> {
  const r = await runBin(args, { cwd });
  if (r.code !== 0) throw new Error(`dedupe ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
}

/** Task counts from the manifest (what `dedupe tasks` prints; read here to save process starts). */
export function taskCount(work: string, phase: string): number {
  const manifest = JSON.parse(readFileSync(join(work, 'manifest.json'), 'utf8')) as {
    shards: number;
    groups: number[];
  };
  return phase === 'reduce' ? manifest.shards : phase === 'commit' ? 1 : manifest.groups.length - 1;
}

/** one-worker: every task in turn inside this test process (main() in-process), the fastest. */
export type Driver = 'one-worker' | 'node-4' | 'gnu-parallel-4';

/** Runs map, reduce, apply and commit of a planned work folder with the given driver. */
export async function runPhases(
  work: string,
  outDir: string,
  driver: Driver,
  extraCommit: string[] = [],
): Promise<void> {
  for (const phase of ['map', 'reduce', 'apply'] as const) {
    const n = taskCount(work, phase);
    const args = (i: number | string): string[] => [
      phase,
      '--work',
      work,
      '--task',
      String(i),
      ...(phase === 'apply' ? ['--out-dir', outDir] : []),
    ];
    if (driver === 'one-worker') {
      for (let i = 0; i < n; i++) {
        const r = await runInProcess(args(i));
        if (r.code !== 0) throw new Error(`dedupe ${args(i).join(' ')} exited ${r.code}: ${r.stderr}`);
      }
    } else if (driver === 'node-4') {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < n) await ok(args(next++));
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    } else {
      const quoted = [process.execPath, BIN, ...args('{}')]
        .map((a) => (a === '{}' ? a : `'${a.replace(/'/g, "'\\''")}'`))
        .join(' ');
      await shell(`seq 0 ${n - 1} | parallel --halt now,fail=1 -j4 ${quoted}`);
    }
  }
  await ok(['commit', '--work', work, ...extraCommit]);
}

export function shell(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited ${code}: ${err}`))));
  });
}

/** GNU parallel (moreutils has a different `parallel`): undefined when present, else why not. */
export function gnuParallelMissing(): string | undefined {
  const r = spawnSync('parallel', ['--version'], { encoding: 'utf8' });
  if (r.error) return `GNU parallel is not installed (${r.error.message}); apt-get install parallel`;
  return /GNU parallel/.test(r.stdout) ? undefined : 'the parallel on PATH is not GNU parallel (moreutils?)';
}
