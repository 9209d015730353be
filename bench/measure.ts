// Runs one command once and measures it: wall time from our own clock around the spawn, peak RSS
// from GNU `time -v` when installed, else from the child's /proc VmHWM (its peak) polled while it
// runs. stdout goes to a file or /dev/null; nothing is piped through this process.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface Command {
  readonly label: string;
  /** Which tool this is (dedupe, exact, mawk, gawk, cat, ...), whatever the label says. */
  readonly tool: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd?: string;
}

export interface Measurement {
  readonly wallMs: number;
  /** Peak resident set size in KiB, or undefined when neither method is available. */
  readonly maxRssKiB: number | undefined;
  readonly exitCode: number;
  readonly stderr: string;
}

export const GNU_TIME = '/usr/bin/time';

let gnuTime: boolean | undefined;

/** True when /usr/bin/time is GNU time (BusyBox and BSD versions lack the -v report). */
export function hasGnuTime(): boolean {
  if (gnuTime === undefined) {
    const probe = existsSync(GNU_TIME) ? spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' }) : undefined;
    gnuTime = probe !== undefined && probe.status === 0 && /Maximum resident set size/.test(probe.stderr);
  }
  return gnuTime;
}

/** The command line shown in reports. */
export function commandLine(c: Command): string {
  const quote = (a: string): string => (/[\s'!$]/.test(a) ? `'${a.replace(/\n/g, '\\n')}'` : a);
  const args =
    c.args.length > 8 ? [...c.args.slice(0, 6).map(quote), `... (${c.args.length - 6} more)`] : c.args.map(quote);
  return [c.file, ...args].join(' ');
}

/**
 * Runs `command` with stdout to `stdoutPath` (default /dev/null). `scratchDir` holds GNU time's
 * report file. Resolves when the child has exited.
 */
export async function measure(
  command: Command,
  scratchDir: string,
  stdoutPath = '/dev/null',
  useGnuTime = hasGnuTime(),
): Promise<Measurement> {
  const out = openSync(stdoutPath, 'w');
  const report = join(scratchDir, `time-${process.pid}.txt`);
  const [file, args] = useGnuTime
    ? [GNU_TIME, ['-v', '-o', report, command.file, ...command.args]]
    : [command.file, [...command.args]];
  try {
    const started = process.hrtime.bigint();
    const child = spawn(file, args, { cwd: command.cwd, stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      if (stderr.length < 10_000) stderr += text;
    });
    let polledKiB: number | undefined;
    const poll =
      useGnuTime || child.pid === undefined
        ? undefined
        : startPolling(child.pid, (kib) => {
            polledKiB = kib;
          });
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (poll) clearInterval(poll);
    if (!useGnuTime) return { wallMs, maxRssKiB: polledKiB, exitCode, stderr };
    const text = existsSync(report) ? readFileSync(report, 'utf8') : '';
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
    const status = /Exit status: (\d+)/.exec(text);
    return {
      wallMs,
      maxRssKiB: rss ? Number(rss[1]) : undefined,
      exitCode: status ? Number(status[1]) : exitCode,
      stderr,
    };
  } finally {
    closeSync(out);
    rmSync(report, { force: true });
  }
}

// VmHWM is the kernel's own high-water mark, so sampling it late still sees an earlier peak; only
// the last few milliseconds before exit can be missed.
function startPolling(pid: number, onValue: (kib: number) => void): NodeJS.Timeout {
  const read = (): void => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) onValue(Number(m[1]));
    } catch {
      /* exited, or no /proc */
    }
  };
  read();
  return setInterval(read, 10);
}
