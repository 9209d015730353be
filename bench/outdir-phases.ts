// A bare loop of what --out-dir does per file (create a temporary file, write 5 KiB, flush, rename,
// sync the folder) in three orders, alternating in one process, to tell whether grouping the flushes
// of a batch would help before building it into src/fs/. It measures the file system, not dedupe:
// no input is read. Usage: node dist/bench/outdir-phases.js [--files N] [--rounds N] [--dir DIR]
import {
  closeSync,
  fdatasync,
  fsync,
  fsyncSync,
  mkdirSync,
  open,
  openSync,
  rename,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';

/**
 * pooled: today's pooled-sink.ts, each file create, flush, rename on libuv's pool, 64 in flight;
 * phased: per batch, (a) create and write every file (on the pool, or on the main thread), (b) flush
 * them all, 64 at once, (c) rename each, (d) sync each folder once.
 */
type Variant =
  | { readonly kind: 'pooled'; readonly flush: Flush }
  | { readonly kind: 'phased'; readonly flush: Flush; readonly batch: number; readonly create: 'pool' | 'main' };
type Flush = 'fsync' | 'fdatasync';

const IN_FLIGHT = 64;
const FOLDERS = 10;
const BYTES = Buffer.alloc(5 * 1024, 'سطر\n');

const pooled = <T>(call: (done: (error: Error | null, value?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value as T))));
const flushOn = (flush: Flush, fd: number): Promise<void> =>
  pooled<void>((done) => (flush === 'fsync' ? fsync : fdatasync)(fd, done));

// Runs `work` on every item, at most IN_FLIGHT at once.
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, items.length) }, lane));
}

async function writeAll(variant: Variant, root: string, files: number): Promise<void> {
  const folders = Array.from({ length: FOLDERS }, (_, i) => join(root, `d${i}`));
  for (const folder of folders) mkdirSync(folder);
  const target = (i: number): string => join(folders[i % FOLDERS], `f${i}.txt`);
  const temp = (i: number): string => join(folders[i % FOLDERS], `.t${i}.tmp`);
  const ids = Array.from({ length: files }, (_, i) => i);
  if (variant.kind === 'pooled') {
    await inParallel(ids, async (i) => {
      const fd = await pooled<number>((done) => open(temp(i), 'wx', 0o666, done));
      writeSync(fd, BYTES);
      await flushOn(variant.flush, fd);
      closeSync(fd);
      await pooled<void>((done) => rename(temp(i), target(i), done));
    });
  } else {
    for (let start = 0; start < files; start += variant.batch) {
      const batch = ids.slice(start, start + variant.batch);
      const fds = new Map<number, number>();
      const create = async (i: number): Promise<void> => {
        const fd =
          variant.create === 'main'
            ? openSync(temp(i), 'wx', 0o666)
            : await pooled<number>((done) => open(temp(i), 'wx', 0o666, done));
        writeSync(fd, BYTES);
        fds.set(i, fd);
      };
      if (variant.create === 'main') for (const i of batch) await create(i);
      else await inParallel(batch, create);
      await inParallel(batch, (i) => flushOn(variant.flush, fds.get(i)!));
      for (const i of batch) {
        closeSync(fds.get(i)!);
        renameSync(temp(i), target(i));
      }
      for (const folder of new Set(batch.map((i) => folders[i % FOLDERS]))) syncFolder(folder);
    }
    return;
  }
  for (const folder of folders) syncFolder(folder);
}

function syncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  fsyncSync(fd);
  closeSync(fd);
}

const label = (v: Variant): string =>
  v.kind === 'pooled' ? `pooled, ${v.flush}` : `phased ${v.batch}, create on ${v.create}, ${v.flush}`;

export interface PhasesOptions {
  readonly files: number;
  readonly rounds: number;
  /** Where the runs' folders go; each is kept until the end (see below), then removed. */
  readonly dir: string;
}

/** Runs every variant once per round, alternating; returns a Markdown table of the medians. */
export async function measurePhases({ files, rounds, dir }: PhasesOptions): Promise<string> {
  // As the CLI gives --out-dir (cli/process-io.ts); read by libuv at its first call.
  process.env.UV_THREADPOOL_SIZE ??= String(IN_FLIGHT);
  const variants: Variant[] = [
    { kind: 'pooled', flush: 'fsync' },
    { kind: 'pooled', flush: 'fdatasync' },
    { kind: 'phased', flush: 'fsync', batch: 64, create: 'pool' },
    { kind: 'phased', flush: 'fsync', batch: 256, create: 'pool' },
    { kind: 'phased', flush: 'fdatasync', batch: 256, create: 'pool' },
    { kind: 'phased', flush: 'fsync', batch: 1024, create: 'pool' },
    { kind: 'phased', flush: 'fsync', batch: 256, create: 'main' },
  ];
  const wall = new Map<string, number[]>(variants.map((v) => [label(v), []]));
  const cpu = new Map<string, number[]>(variants.map((v) => [label(v), []]));
  // Removed only at the end: without a journal, ext4 skips every inode freed in the last 60 s when
  // it creates a file, so removing one run's files would slow the next run's creates.
  const roots: string[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const variant of variants) {
        const root = join(dir, `outdir-phases-${process.pid}-${roots.length}`);
        roots.push(root);
        mkdirSync(root);
        const cpuBefore = process.cpuUsage();
        const start = performance.now();
        await writeAll(variant, root, files);
        const ms = performance.now() - start;
        const used = process.cpuUsage(cpuBefore);
        wall.get(label(variant))!.push(ms);
        cpu.get(label(variant))!.push((used.user + used.system) / 1000);
      }
    }
  } finally {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const base = median(wall.get(label(variants[0]))!);
  const rows = [...wall].map(
    ([name, times]) =>
      `| ${name} | ${median(times).toFixed(0)} | ${(median(times) / base).toFixed(2)}x | ${median(cpu.get(name)!).toFixed(0)} |`,
  );
  return [
    `| ${files} files, ${rounds} rounds | wall ms, median | ÷ pooled fsync | CPU ms, median |`,
    '|---|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}

function cli(argv: readonly string[]): Promise<void> {
  const value = (name: string, fallback: string): string =>
    argv.includes(name) ? (argv[argv.indexOf(name) + 1] ?? fallback) : fallback;
  const options = {
    files: Number(value('--files', '5000')),
    rounds: Number(value('--rounds', '3')),
    dir: value('--dir', tmpdir()),
  };
  return measurePhases(options).then((table) => void process.stdout.write(table));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await cli(process.argv.slice(2));
