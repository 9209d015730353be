// A child process for the SIGKILL test: opens the index for writing (taking over the lock of the
// previous, killed child) and appends frames in a loop, printing each frame number on stdout only
// after appendFrame resolved. Frame n holds frameFingerprints(n), so the parent can check contents.
import { openIndex } from '../../src/index-store/index.js';
import { EXPECT, fingerprints } from './index-store-fixtures.js';

/** Sizes vary from none to 40k keys (640 KB), so kills land in writes as well as in fsyncs. */
export function frameFingerprints(n: number): Uint32Array {
  return fingerprints(n + 1, n % 4 === 3 ? 10_000 + ((n * 104_729) % 30_000) : (n * 31) % 400);
}

export function frameInput(n: number): { path: string; digest: string } {
  return { path: `day/${n}.txt`, digest: `digest-${n}` };
}

async function run(path: string): Promise<void> {
  const opened = await openIndex(path, {
    mode: 'write',
    expect: EXPECT,
    pid: process.pid,
    isAlive: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
  });
  if (opened.kind !== 'ok') {
    process.stderr.write(`${opened.kind}: ${opened.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.write(`open ${opened.index.frames}\n`);
  for (let n = opened.index.frames; ; n++) {
    await opened.index.appendFrame(frameFingerprints(n), frameInput(n));
    process.stdout.write(`${n}\n`);
  }
}

if (process.argv[2]) await run(process.argv[2]);
