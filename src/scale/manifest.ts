// The manifest: everything a scale-out job needs to give the one-process result, frozen by
// `dedupe plan` in WORK/manifest.json. Its plan id is a hash of its content, so every task and
// every intermediate file can prove it belongs to this plan and no other.
import { createHash } from 'node:crypto';
import { readFileSync } from '../fs/lossless-fs.js';
import { join } from 'node:path';
import type { RecordFormat } from '../formats/record-split.js';

export const MANIFEST_FORMAT = 'dedupe-scale/1';

/** One input in canonical order: its rank is its place in this list. */
export interface ManifestInput {
  /** Absolute path, read by the tasks (their working folder may differ from plan's). */
  readonly path: string;
  /** As the user's operands spelled it: what messages show. */
  readonly label: string;
  /** Path under --out-dir. */
  readonly relative: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface ManifestProblem {
  readonly label: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface ManifestOptions {
  readonly mode: 'line' | 'paragraph';
  readonly scope: 'global' | 'file';
  /** The key options as given, resolved again by each task; `keySpec` is what they must give. */
  readonly key: { readonly profile: string; readonly fold: readonly string[]; readonly noFold: readonly string[] };
  readonly keySpec: string;
  readonly minChars: number;
  readonly minWords: number;
  readonly encoding?: string;
  readonly bufferSize: number;
  /** --format jsonl: the field deduplicated in each record (absent: plain text). */
  readonly records?: RecordFormat;
}

/** The previous index generation the batch is deduplicated against, as it was at plan time. */
export interface ManifestIndex {
  readonly path: string;
  readonly exists: boolean;
  readonly frames: number;
  readonly keys: number;
}

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly planId: string;
  readonly operands: readonly string[];
  /** Folder operands, resolved: an --out-dir inside one would be read by the one-process run. */
  readonly folders: readonly string[];
  readonly options: ManifestOptions;
  readonly index?: ManifestIndex;
  readonly shards: number;
  /** Input groups (map and apply tasks): group g holds ranks [groups[g], groups[g + 1]). */
  readonly groups: readonly number[];
  readonly inputs: readonly ManifestInput[];
  readonly problems: readonly ManifestProblem[];
}

export type ManifestBody = Omit<Manifest, 'planId'>;

export const MANIFEST_FILE = 'manifest.json';

/** The plan id: 16 hex digits of SHA-256 over the manifest's canonical JSON (without the id). */
export function planIdOf(body: ManifestBody): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16);
}

export function withPlanId(body: ManifestBody): Manifest {
  const { format, ...rest } = body;
  return { format, planId: planIdOf(body), ...rest };
}

export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 1)}\n`;
}

export type ManifestRead = { kind: 'ok'; manifest: Manifest } | { kind: 'error'; message: string };

export function readManifest(work: string): ManifestRead {
  const path = join(work, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      kind: 'error',
      message:
        code === 'ENOENT'
          ? `${work}: no plan here (${MANIFEST_FILE} missing): run dedupe plan ... --work ${work} first`
          : `${path}: ${(error as Error).message}`,
    };
  }
  let parsed: Manifest;
  try {
    parsed = JSON.parse(text) as Manifest;
  } catch {
    return { kind: 'error', message: `${path}: damaged (not JSON); plan again into a new work folder` };
  }
  // Read from disk: the type says what it should be, not what it is.
  if ((parsed as { format?: unknown }).format !== MANIFEST_FORMAT)
    return { kind: 'error', message: `${path}: not a dedupe plan of format ${MANIFEST_FORMAT}` };
  const { planId, ...body } = parsed;
  // A hand-edited or damaged manifest would silently change the result: its id must still hold.
  if (planIdOf(body) !== planId)
    return {
      kind: 'error',
      message: `${path}: its content does not match its plan id ${planId} (edited or damaged); plan again`,
    };
  return { kind: 'ok', manifest: parsed };
}

export type Phase = 'map' | 'reduce' | 'apply' | 'commit';
export const PHASES: readonly Phase[] = ['map', 'reduce', 'apply', 'commit'];

export function taskCount(manifest: Manifest, phase: Phase): number {
  if (phase === 'reduce') return manifest.shards;
  if (phase === 'commit') return 1;
  return manifest.groups.length - 1;
}
