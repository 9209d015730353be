// Opens one planned input for a task: first checks it is still the file the plan saw (same size
// and mtime: a changed input would make the phases disagree with each other), then opens it the
// way the one-process run does (BOM, encoding sniffing, binary detection, transcoding).
import { statSync } from '../fs/lossless-fs.js';
import { openSource, type Opened } from '../input/open-source.js';
import { describeIoError } from '../input/io-error.js';
import { skippedNote } from '../input/describe-opened.js';
import type { EncodingName } from '../input/sniff.js';
import type { ManifestInput } from './manifest.js';

export type InputOpen =
  Extract<Opened, { kind: 'text' }> | { kind: 'binary'; message: string } | { kind: 'error'; message: string };

const NO_STDIN: AsyncIterable<Uint8Array> = {
  async *[Symbol.asyncIterator]() {
    /* never read: inputs are files */
  },
};

// Another plan into the same work folder is refused, hence the new folder.
const PLAN_AGAIN = 'plan again into a new work folder';

/** Is the file still the one planned? undefined when it is, else why not. */
export function changedSincePlan(input: ManifestInput): string | undefined {
  try {
    const stats = statSync(input.path);
    if (stats.size === input.size && stats.mtimeMs === input.mtimeMs) return undefined;
    const what =
      stats.size !== input.size
        ? `size ${input.size} -> ${stats.size}`
        : `same size, modified ${new Date(stats.mtimeMs).toISOString()} where plan saw ${new Date(input.mtimeMs).toISOString()}`;
    return `changed since plan (${what}); ${PLAN_AGAIN}`;
  } catch (error) {
    return openError(error);
  }
}

// Plan saw a readable file: one gone or unreadable now has changed since plan, and rerunning the
// task cannot help. Other errors (I/O, too many open files) may pass; those are told as they are.
function openError(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  const changed =
    code === 'ENOENT' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EISDIR' ||
    code === 'ENOTDIR' ||
    code === 'ELOOP';
  return changed ? `changed since plan: ${describeIoError(error)} now; ${PLAN_AGAIN}` : describeIoError(error);
}

export async function openInput(input: ManifestInput, encoding: string | undefined): Promise<InputOpen> {
  const changed = changedSincePlan(input);
  if (changed) return { kind: 'error', message: changed };
  let opened: Opened;
  try {
    opened = await openSource(
      { kind: 'file', path: input.path, label: input.label, relative: input.relative },
      NO_STDIN,
      encoding as EncodingName | undefined,
    );
  } catch (error) {
    return { kind: 'error', message: openError(error) };
  }
  if (opened.kind === 'binary') return { kind: 'binary', message: skippedNote(opened) };
  return opened;
}
