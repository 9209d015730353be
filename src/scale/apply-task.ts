// The apply phase, one task per input group: reads the group's slice of every shard's drop list,
// then runs each input through the run's per-source loop (src/run/route-source.ts: paragraph
// separators, BOM, encoding) and the normal --out-dir writer, with a judge that removes exactly
// the listed units. The output files are the one-process run's, byte for byte, each atomically.
import { existsSync, realpathSync, statSync } from '../fs/lossless-fs.js';
import { resolve, sep } from 'node:path';
import type { SourceTally } from '../engine/unit-router.js';
import { routeSource } from '../run/route-source.js';
import { routeRecords } from '../run/route-records.js';
import { createOutputs } from '../output/targets.js';
import type { ByteSink } from '../output/byte-sink.js';
import { describeIoError } from '../input/io-error.js';
import { taskCount, type Manifest } from './manifest.js';
import { readDone, requirePhaseDone, withdrawDone, writeDone } from './markers.js';
import type { MapDone } from './map-task.js';
import { DROP_BYTES, dropListPath } from './reduce-task.js';
import { readGroupEntries } from './drop-set.js';
import { createDropJudge } from './drop-judge.js';
import { encodedOut } from '../output/encoded-out.js';
import { openInput } from './open-input.js';
import { guessedNote, invalidNote } from '../input/describe-opened.js';
import { claimOutDir } from './out-dir-record.js';
import { failed, refused, type InputMessage, type TaskOutcome } from './task-outcome.js';

export interface ApplyDone {
  readonly outDir: string;
  readonly inputs: { rank: number; status: 'written' | 'binary' }[];
}

export interface ApplyOptions {
  readonly outDir: string;
  /** Registers an output to abort on interrupt; returns the unregister function. */
  readonly track: (sink: ByteSink) => () => void;
  readonly yieldNow: () => Promise<void>;
}

const NO_STDOUT: ByteSink = { async write() {}, async commit() {}, abort() {} };

export async function runApplyTask(
  work: string,
  manifest: Manifest,
  group: number,
  options: ApplyOptions,
): Promise<TaskOutcome> {
  const outDir = resolve(options.outDir);
  const previous = readDone<ApplyDone>(work, manifest.planId, 'apply', group);
  if (previous.kind === 'foreign') return failed(previous.message);
  if (previous.kind === 'done') {
    if (previous.data.outDir === outDir) return { kind: 'already-done' };
    return refused(otherOutDir(outDir, previous.data.outDir));
  }
  const refusal = outDirRefusal(options.outDir, manifest);
  if (refusal) return refused(refusal);
  const notReady = requirePhaseDone(work, manifest.planId, 'reduce', manifest.shards);
  if (notReady) return refused(notReady);
  const mapped = readDone<MapDone>(work, manifest.planId, 'map', group);
  if (mapped.kind !== 'done')
    return mapped.kind === 'foreign'
      ? failed(mapped.message)
      : refused(`map task ${group} is not done (see dedupe status --work ${work})`);
  // Recorded before the first output is written: every task of the job writes into one folder.
  const claim = claimOutDir(work, manifest.planId, outDir);
  if (claim.kind === 'error') return failed(claim.message);
  if (claim.recorded !== outDir) return refused(otherOutDir(outDir, claim.recorded));
  const paths = Array.from({ length: manifest.shards }, (_, s) => dropListPath(work, s));
  const read = readGroupEntries(paths, 'drop-list', DROP_BYTES, manifest.planId, taskCount(manifest, 'apply'), group);
  if (read.kind === 'error')
    return failed(
      read.damaged
        ? withdrawDone(work, manifest.planId, 'reduce', read.shard, read.message, `apply task ${group}`)
        : read.message,
    );
  const drops = read.entries;

  const outputs = createOutputs({ kind: 'out-dir', dir: options.outDir }, NO_STDOUT, {
    track: options.track,
    inputs: new Set(manifest.inputs.map((i) => i.path)),
  });
  const o = manifest.options;
  const messages: InputMessage[] = [];
  const statuses: ApplyDone['inputs'] = [];
  const scratch = {};
  const fieldScratch = {};
  for (let rank = manifest.groups[group]; rank < manifest.groups[group + 1]; rank++) {
    const input = manifest.inputs[rank];
    const error = (message: string): void => {
      messages.push({ label: input.label, message, severity: 'error' });
    };
    const opened = await openInput(input, o.encoding);
    if (opened.kind === 'error') {
      error(opened.message);
      continue;
    }
    if (opened.kind === 'binary') {
      messages.push({ label: input.label, message: opened.message, severity: 'warning' });
      statuses.push({ rank, status: 'binary' });
      continue;
    }
    let output;
    try {
      output = outputs.begin({ path: input.path, relative: input.relative }, opened.compression);
    } catch (caught) {
      opened.reader.close();
      const code = (caught as { code?: string }).code;
      error(code === 'EREFUSED' ? describeIoError(caught) : `cannot write its output: ${describeIoError(caught)}`);
      continue;
    }
    const [from, to] = drops.rangeOf(rank);
    const judge = createDropJudge(drops.ordinal.subarray(from, to));
    const tally: SourceTally = { units: 0, duplicates: 0, bytesIn: 0, bytesOut: 0 };
    try {
      // The one-process run's per-source loop, with the drop list for a judge.
      const route = {
        mode: o.mode,
        bufferSize: o.bufferSize,
        scratch,
        judge,
        source: rank,
        tally,
        out: encodedOut(output.writer, opened.transcoder),
        async onWindow(write: () => Promise<void> | void) {
          await write();
          await options.yieldNow();
        },
      };
      if (o.records) {
        // A broken line is written as it is and told; the task is not failed for it (a retry
        // would find it broken again).
        await routeRecords(opened, {
          ...route,
          format: o.records,
          fieldScratch,
          dropEmpty: false,
          broken: (line, reason) =>
            messages.push({
              label: `${input.label}:${line}`,
              message: `${reason}; passed through unchanged`,
              severity: 'warning',
            }),
        });
      } else {
        await routeSource(opened, route);
      }
      // The drop list names units by ordinal: it must fit this very input, unit for unit.
      const units = mapped.data.inputs.find((i) => i.rank === rank)?.units;
      if (judge.unmatched !== 0 || units !== tally.units) {
        output.abort();
        error(
          `its units do not match the map phase's (${tally.units} units now, ${String(units)} then): the file changed since plan; plan again into a new work folder`,
        );
        continue;
      }
      await output.end(tally.duplicates > 0);
    } catch (caught) {
      output.abort();
      error(describeIoError(caught));
      continue;
    } finally {
      opened.reader.close();
    }
    if (opened.guessed)
      messages.push({ label: input.label, message: guessedNote(opened.encoding, opened.guessed), severity: 'warning' });
    if (opened.invalidBytes())
      messages.push({ label: input.label, message: invalidNote(opened.encoding), severity: 'warning' });
    statuses.push({ rank, status: 'written' });
  }
  const errors = messages.filter((m) => m.severity === 'error').length;
  if (errors > 0) return failed(`${errors} input(s) failed; the others are written`, messages);
  writeDone(work, manifest.planId, 'apply', group, { outDir, inputs: statuses } satisfies ApplyDone);
  return { kind: 'done', messages };
}

function otherOutDir(given: string, recorded: string): string {
  return `--out-dir ${given} is not this job's output folder ${recorded} (recorded by its first apply task): give every apply task --out-dir ${recorded}`;
}

// The one-process run refuses an --out-dir inside a walked folder (it would read its own output);
// the phases cannot re-walk to see what an exclusion would skip, so they refuse every such case.
function outDirRefusal(dir: string, manifest: Manifest): string | undefined {
  if (dir.length === 0) return '--out-dir: expected a folder name';
  if (existsSync(dir) && !statSync(dir).isDirectory()) return `--out-dir ${dir} exists and is not a folder`;
  const real = realOrResolved(dir);
  for (const folder of manifest.folders) {
    const root = realOrResolved(folder);
    if (real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)) {
      return `--out-dir ${dir} is inside the input folder ${folder}: pick a folder outside the planned inputs`;
    }
  }
  return undefined;
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
