// Refusals that need the expanded inputs (an --out-dir that is a file; printing only the
// duplicates over one of the inputs, which would keep just its repeats), and the name a failed
// shared output is reported under.
import { existsSync, realpathSync, statSync } from '../fs/lossless-fs.js';
import { resolve } from 'node:path';
import type { DedupeRun, RunOptions } from './run-options.js';

export function checkOutputTarget(plan: DedupeRun | undefined, inputs: ReadonlySet<string>): string | undefined {
  if (!plan) return undefined;
  if (plan.output.kind === 'out-dir' && existsSync(plan.output.dir) && !statSync(plan.output.dir).isDirectory()) {
    return `--out-dir ${plan.output.dir} exists and is not a folder`;
  }
  if (plan.print !== 'kept' && plan.output.kind === 'file' && isInput(plan.output.path, inputs)) {
    return `${plan.print === 'repeated' ? '--only-duplicates' : '--removed'} with -o ${plan.output.path}: that is an input, and would be left with only its repeats`;
  }
  return undefined;
}

// -o follows links to the file they name: a link to an input is that input.
function isInput(path: string, inputs: ReadonlySet<string>): boolean {
  if (inputs.has(resolve(path))) return true;
  const real = realOrUndefined(path);
  return real !== undefined && [...inputs].some((input) => realOrUndefined(input) === real);
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

export function outputLabel(plan: RunOptions): string {
  if (plan.kind === 'dedupe' && plan.output.kind === 'file') return plan.output.path;
  if (plan.kind === 'dedupe' && plan.output.kind === 'out-dir') return plan.output.dir;
  return 'standard output';
}
