// `dedupe plan`: expands the operands exactly as the one-process run does (same walk, same byte
// order), records each input with its rank, size and mtime, turns what that run would refuse per
// input into problems, and sizes shards and input groups. The result is the manifest's body.
import { closeSync } from 'node:fs';
import { openSync, statSync } from '../fs/lossless-fs.js';
import { normalize, resolve } from 'node:path';
import { expandOperands } from '../input/sources.js';
import { globBase, isGlobPattern, type WalkOptions } from '../input/walk.js';
import { describeIoError } from '../input/io-error.js';
import {
  MANIFEST_FORMAT,
  type ManifestBody,
  type ManifestIndex,
  type ManifestInput,
  type ManifestOptions,
  type ManifestProblem,
} from './manifest.js';
import { defaultShardCount, groupInputs } from './partition.js';
import { readIndexState } from './index-snapshot.js';
import { digestFile } from '../fs/digest.js';

export interface PlanRequest {
  readonly operands: readonly string[];
  readonly walk: WalkOptions;
  readonly options: ManifestOptions;
  readonly indexPath?: string;
  readonly shards?: number;
  readonly filesPerTask: number;
  readonly taskBytes: number;
}

export type PlanBuild = { kind: 'ok'; body: ManifestBody } | { kind: 'error'; message: string };

export async function buildManifestBody(request: PlanRequest): Promise<PlanBuild> {
  const expanded = await expandOperands(request.operands, request.walk);
  if (expanded.kind === 'refused') return { kind: 'error', message: expanded.message };

  let index: ManifestIndex | undefined;
  let committed = new Map<string, string>();
  if (request.indexPath !== undefined) {
    const state = await readIndexState(request.indexPath, request.options.keySpec);
    if (state.kind === 'error') return state;
    index = {
      path: resolve(request.indexPath),
      exists: state.state.exists,
      frames: state.state.frames,
      keys: state.state.keys,
    };
    committed = state.state.committed;
  }

  const inputs: ManifestInput[] = [];
  const problems: ManifestProblem[] = [];
  const relatives = new Map<string, string>();
  for (const source of expanded.sources) {
    if (source.kind === 'stdin')
      return { kind: 'error', message: 'plan needs file or folder inputs; standard input cannot be split into tasks' };
    if (source.kind === 'problem') {
      problems.push({ label: source.label, message: source.message, severity: source.severity });
      continue;
    }
    let stats;
    try {
      stats = statSync(source.path);
    } catch (error) {
      problems.push({ label: source.label, message: describeIoError(error), severity: 'error' });
      continue;
    }
    // Map and apply each read an input again, in other processes: a FIFO or `<(...)` would be
    // drained by the first (and a named FIFO would hang the second).
    if (!stats.isFile()) {
      problems.push({
        label: source.label,
        message:
          'not a regular file: the phases read each input more than once; copy it to a file first (or run dedupe without plan)',
        severity: 'error',
      });
      continue;
    }
    // A file this user cannot read fails every task that reads it, and would read as changed since
    // plan: the one-process run reports it and goes on, so plan reports it now, as that run would.
    const unreadable = readRefusal(source.path);
    if (unreadable !== undefined) {
      problems.push({ label: source.label, message: unreadable, severity: 'error' });
      continue;
    }
    // Two inputs with one mirrored path: the one-process run refuses the later one before reading it.
    const rel = normalize(source.relative);
    const earlier = relatives.get(rel);
    if (earlier !== undefined) {
      problems.push({
        label: source.label,
        message: `its output path ${source.relative} is also the output of an earlier input (${earlier}); not processed`,
        severity: 'error',
      });
      continue;
    }
    const path = resolve(source.path);
    const digest = committed.get(path);
    if (digest !== undefined) {
      // As `dedupe --index` would: its own earlier units are in the index.
      problems.push(
        digest === digestFile(path)
          ? {
              label: source.label,
              message:
                'already committed to the index by an earlier run; not processed again (all its lines would be removed)',
              severity: 'error',
            }
          : {
              label: source.label,
              message:
                'changed since an earlier run committed it to the index; not processed (its earlier lines would remove themselves): give the new text a new path, or rebuild the index',
              severity: 'error',
            },
      );
      continue;
    }
    relatives.set(rel, source.label);
    inputs.push({ path, label: source.label, relative: source.relative, size: stats.size, mtimeMs: stats.mtimeMs });
  }

  const totalBytes = inputs.reduce((sum, input) => sum + input.size, 0);
  const folders: string[] = [];
  for (const operand of request.operands) {
    let isFolder = false;
    try {
      isFolder = statSync(operand).isDirectory();
    } catch {
      /* a glob, or missing */
    }
    if (isFolder) folders.push(resolve(operand));
    else if (await isGlobPattern(operand)) folders.push(resolve(await globBase(operand)));
  }
  return {
    kind: 'ok',
    body: {
      format: MANIFEST_FORMAT,
      operands: [...request.operands],
      folders,
      options: request.options,
      index,
      shards: request.shards ?? defaultShardCount(totalBytes),
      groups: groupInputs(
        inputs.map((i) => i.size),
        request.filesPerTask,
        request.taskBytes,
      ),
      inputs,
      problems,
    },
  };
}

/** Why a regular file cannot be opened for reading, or undefined when it can. */
function readRefusal(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return describeIoError(error);
  }
  closeSync(fd);
  return undefined;
}
