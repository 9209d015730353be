// Converts parsed options, once, into a validated Plan: the only shape the run understands.
// Every usage error is found here and returned as a value naming the flag at fault.
import { resolveKeySpec, type KeySpec } from '../key/index.js';
import { sourcesFromOperands, type Source } from '../input/sources.js';
import type { UnitMode } from '../split/split-units.js';
import type { Parsed } from './program.js';

export type Scope = 'global' | 'file';
export type OutputTarget = { readonly kind: 'stdout' } | { readonly kind: 'file'; readonly path: string };

export interface DedupePlan {
  readonly kind: 'dedupe';
  readonly sources: readonly Source[];
  readonly mode: UnitMode;
  readonly scope: Scope;
  readonly keySpec: KeySpec;
  readonly output: OutputTarget;
  readonly bufferSize: number;
}

export interface KeyPlan {
  readonly kind: 'key';
  readonly sources: readonly Source[];
  readonly mode: UnitMode;
  readonly keySpec: KeySpec;
  readonly bufferSize: number;
}

export type Plan = DedupePlan | KeyPlan;
export type PlanResult = { kind: 'plan'; plan: Plan } | { kind: 'usage-error'; message: string };

const DEFAULT_BUFFER = 1 << 20;

export function makePlan(parsed: Parsed): PlanResult {
  const o = parsed.options;
  const steps = (lists: readonly string[]): string[] => lists.flatMap((l) => l.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
  const spec = resolveKeySpec(o.key, steps(o.fold ?? []), steps(o.dropFold ?? []));
  if (spec.kind === 'error') return usage(`--key/--fold/--no-fold: ${spec.message}`);

  let bufferSize = DEFAULT_BUFFER;
  if (o.bufferSize !== undefined) {
    bufferSize = Number(o.bufferSize);
    if (!Number.isInteger(bufferSize) || bufferSize < 1) return usage(`--buffer-size: expected a whole number of bytes, got '${o.bufferSize}'`);
  }

  const sources = sourcesFromOperands(parsed.operands);
  if (sources.filter((s) => s.kind === 'stdin').length > 1) return usage('standard input (-) can be read only once');
  const mode = o.unit as UnitMode;

  if (parsed.kind === 'key') {
    return { kind: 'plan', plan: { kind: 'key', sources, mode, keySpec: spec.spec, bufferSize } };
  }
  if (o.output !== undefined && o.output.length === 0) return usage('--output: expected a file name');
  const output: OutputTarget = o.output === undefined || o.output === '-' ? { kind: 'stdout' } : { kind: 'file', path: o.output };
  return {
    kind: 'plan',
    plan: { kind: 'dedupe', sources, mode, scope: o.scope as Scope, keySpec: spec.spec, output, bufferSize },
  };
}

function usage(message: string): PlanResult {
  return { kind: 'usage-error', message };
}
