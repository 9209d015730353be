// The one name every temporary file of dedupe has: `.dedupe-<host>-<pid>-<random>.tmp`, in the
// folder of the file it will become. Its length does not depend on that file's name (a 255-byte
// name stays writable), and it says which host and process made it, so a later run can tell a
// dead run's leftover from a live run's file. No walk ever reads a file with this name.
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';

const TEMP_NAME = /^\.dedupe-([0-9a-f]{8})-([0-9]{1,10})-[0-9a-f]{12}\.tmp$/;

// Host names can be long and hold any byte: a short digest keeps the name fixed-length and safe.
let ownHost: string | undefined;
export function hostId(): string {
  ownHost ??= createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
  return ownHost;
}

// The 12 hex digits: random once per process, then counted, so two names of one process never
// meet and a folder of 20,000 outputs does not ask the kernel for randomness 20,000 times.
const SUFFIX_SPACE = 2 ** 48;
let suffixBase: number | undefined;
let made = 0;

function nextSuffix(): string {
  suffixBase ??= randomBytes(6).readUIntBE(0, 6);
  return ((suffixBase + made++) % SUFFIX_SPACE).toString(16).padStart(12, '0');
}

/** A fresh temporary path beside `target` (same folder, so a rename onto `target` is atomic). */
export function tempPathFor(target: string, pid: number = process.pid): string {
  return join(dirname(target), `.dedupe-${hostId()}-${pid}-${nextSuffix()}.tmp`);
}

/** True for a name (not a path) that dedupe gave one of its temporary files. */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** Who made a temporary file, read from its name; undefined for any other name. */
export function tempOwner(name: string): { readonly host: string; readonly pid: number } | undefined {
  const match = TEMP_NAME.exec(name);
  return match ? { host: match[1], pid: Number(match[2]) } : undefined;
}
