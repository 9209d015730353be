// The user's arguments as the kernel passed them. Node decodes argv as UTF-8 with U+FFFD for bytes
// that are not, so `a\xff.txt` and `a\xfe.txt` would both name `a\uFFFD.txt`. Only when an argument
// holds U+FFFD are the raw bytes read again (/proc/self/cmdline on Linux, or what a restart handed
// down) and decoded losslessly (fs/fs-path.ts); where those disagree with Node's argv, Node's stands.
import { readFileSync } from '../fs/lossless-fs.js';
import { isByteName, pathBytes, pathFromBytes } from '../fs/fs-path.js';

/** Set by a run that restarts itself (huge-pages.ts): its arguments, lossless, as a JSON array. */
export const RAW_ARGV_ENV = 'DEDUPE_RAW_ARGV';

export interface ArgvSources {
  /** process.argv: node, the script, then the user's arguments. */
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** The process's NUL-separated command line, or undefined where there is none to read. */
  readonly cmdline: () => Buffer | undefined;
}

export function userArguments(from: ArgvSources = processArgvSources()): string[] {
  const given = from.argv.slice(2);
  if (!given.some((arg) => arg.includes('\ufffd'))) return given;
  return agreeing(handedDown(from.env[RAW_ARGV_ENV]), given) ?? agreeing(fromCmdline(from.cmdline()), given) ?? given;
}

/** What a restart puts in the environment so the new process gets the same bytes; undefined when not needed. */
export function argvForRestart(argv: readonly string[]): string | undefined {
  return argv.some(isByteName) ? JSON.stringify(argv) : undefined;
}

function processArgvSources(): ArgvSources {
  return {
    argv: process.argv,
    env: process.env,
    cmdline: () => {
      if (process.platform !== 'linux') return undefined;
      try {
        return readFileSync('/proc/self/cmdline');
      } catch {
        return undefined;
      }
    },
  };
}

// The user's arguments are the command line's last ones (node's own options and the script come first).
function fromCmdline(cmdline: Buffer | undefined): string[] | undefined {
  if (cmdline === undefined || cmdline.length === 0) return undefined;
  const end = cmdline[cmdline.length - 1] === 0 ? cmdline.length - 1 : cmdline.length;
  const args: string[] = [];
  let start = 0;
  for (let i = 0; i <= end; i++) {
    if (i < end && cmdline[i] !== 0) continue;
    args.push(pathFromBytes(cmdline.subarray(start, i)));
    start = i + 1;
  }
  return args;
}

function handedDown(json: string | undefined): string[] | undefined {
  if (json === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) && parsed.every((arg) => typeof arg === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

// The raw arguments stand only if, read the way Node reads them, they are exactly Node's.
function agreeing(raw: string[] | undefined, given: readonly string[]): string[] | undefined {
  if (raw === undefined || raw.length < given.length) return undefined;
  const tail = raw.slice(raw.length - given.length);
  return tail.every((arg, i) => pathBytes(arg).toString('utf8') === given[i]) ? tail : undefined;
}
