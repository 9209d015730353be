// The parts of the plan that each settle one choice (where output goes; JSON Lines records and
// whole documents; near matching's options) and what they cannot be combined with. Each returns
// its value or a usage error naming the flag at fault; plan.ts puts them together.
import type { OutputTarget } from '../output/targets.js';
import type { DedupeRun } from '../run/run-options.js';
import type { RawOptions } from './program.js';
import { defaultOf } from './flags.js';
import { NEAR_THRESHOLD, type NearScoreName } from '../near/near-score.js';
import { fieldPath, type FieldPath } from '../formats/jsonl-record.js';
import { usage, wholeNumber, type UsageError } from './plan-values.js';

// JSON Lines records, whole documents and --drop-empty: what they cannot be combined with, and why.
export function recordOptions(
  o: RawOptions,
  printFlag: string | undefined,
  target: OutputTarget,
): { kind: 'records'; records: DedupeRun['records'] } | UsageError {
  const jsonl = o.format === 'jsonl';
  if (o.scope === 'document' && !jsonl)
    return usage(
      '--scope document judges each JSON Lines record on its own: it goes with --format jsonl (for files, use --scope file)',
    );
  if (o.unit === 'document' && o.inPlace && !jsonl)
    return usage(
      '--unit document with --in-place would have to delete duplicate files, and dedupe never deletes inputs: use --out-dir',
    );
  if (o.dropEmpty && !jsonl && target.kind !== 'out-dir')
    return usage('--drop-empty leaves out whole files only with --out-dir (or records, with --format jsonl)');
  if (!jsonl) return { kind: 'records', records: undefined };
  if (printFlag) return usage(`${printFlag} cannot be used with --format jsonl: it prints units, not records`);
  const field = fieldPathOption(o.field ?? defaultOf('field')!, '--field');
  if (typeof field === 'object' && 'kind' in field) return field;
  const idField = o.idField === undefined ? undefined : fieldPathOption(o.idField, '--id-field');
  if (idField && 'kind' in idField) return idField;
  return { kind: 'records', records: { kind: 'jsonl', field, ...(idField ? { idField } : {}) } };
}

function fieldPathOption(dotted: string, flag: string): FieldPath | UsageError {
  const path = fieldPath(dotted);
  if (path.some((name) => name.length === 0))
    return usage(`${flag}: expected a field name or a dotted path such as meta.body, got '${dotted}'`);
  return path;
}

export function nearOptions(o: RawOptions): { kind: 'near'; near: DedupeRun['near'] } | UsageError {
  if (!o.near) return { kind: 'near', near: undefined };
  // Commander checked the choices; each score has its own default threshold.
  const score = (o.nearScore ?? defaultOf('nearScore')) as NearScoreName;
  const given = o.nearThreshold ?? String(NEAR_THRESHOLD[score]);
  const threshold = Number(given);
  // Decimal notation only: Number() would also take ' 0.5', '0x1' or '1e-1'.
  if (!/^(0?\.\d+|0|1|1\.0*|0\.)$/.test(given) || !(threshold > 0 && threshold <= 1))
    return usage(
      `--near-threshold: expected a similarity above 0 and at most 1, such as ${NEAR_THRESHOLD[score]}, got '${given}'`,
    );
  const minChars = wholeNumber(o.nearMinChars ?? defaultOf('nearMinChars'), '--near-min-chars');
  if (typeof minChars === 'object') return minChars;
  return { kind: 'near', near: { score, threshold, minChars, removeTemplates: o.nearTemplates === true } };
}

export function chooseOutput(
  o: RawOptions,
  readsStdin: boolean,
): { kind: 'target'; target: OutputTarget } | UsageError {
  const chosen = [
    o.output !== undefined && '-o/--output',
    o.outDir !== undefined && '--out-dir',
    o.inPlace === true && '--in-place',
  ].filter(Boolean);
  if (chosen.length > 1) return usage(`${chosen.join(' and ')} cannot be used together: choose one output`);
  if (o.backup !== undefined && (o.backup.length === 0 || o.backup.includes('/')))
    return usage(`--backup: expected a file name suffix such as .orig, got '${o.backup}'`);
  if (o.inPlace && readsStdin) return usage('--in-place needs files to rewrite; standard input cannot be rewritten');
  if (o.inPlace && o.follow)
    return usage(
      '--in-place cannot be used with --follow: a linked file may live outside the folders named, and would be rewritten there',
    );
  if (o.outDir !== undefined && readsStdin)
    return usage('--out-dir needs file or folder inputs; standard input has no path to mirror');
  if (o.output !== undefined && o.output.length === 0) return usage('--output: expected a file name');
  if (o.outDir !== undefined && o.outDir.length === 0) return usage('--out-dir: expected a folder name');
  if (o.dryRun) return { kind: 'target', target: { kind: 'dry-run' } };
  if (o.inPlace) return { kind: 'target', target: { kind: 'in-place', backup: o.backup } };
  if (o.outDir !== undefined) return { kind: 'target', target: { kind: 'out-dir', dir: o.outDir } };
  if (o.output !== undefined && o.output !== '-') return { kind: 'target', target: { kind: 'file', path: o.output } };
  return { kind: 'target', target: { kind: 'stdout' } };
}
