// What every task rebuilds from the manifest before touching data: the key spec (which must give
// the very version string the plan recorded), the key fold and the fingerprinter.
import { createKeyer, resolveKeySpec, type Keyer, type KeySpec } from '../key/index.js';
import { createFingerprinter, type Fingerprinter } from '../hash/fingerprint.js';
import type { Manifest } from './manifest.js';

export interface TaskContext {
  readonly keySpec: KeySpec;
  readonly keyer: Keyer;
  readonly fingerprinter: Fingerprinter;
}

export type ContextResult = { kind: 'ok'; context: TaskContext } | { kind: 'error'; message: string };

export async function createTaskContext(manifest: Manifest): Promise<ContextResult> {
  const { key, keySpec } = manifest.options;
  const spec = resolveKeySpec(key.profile, key.fold, key.noFold);
  if (spec.kind === 'error') return { kind: 'error', message: `the plan's key options: ${spec.message}` };
  // Another dedupe release may fold differently: mixing releases across tasks would mix keys.
  if (spec.spec.version !== keySpec)
    return {
      kind: 'error',
      message: `this dedupe gives key spec ${spec.spec.version} for the plan's key options, the plan recorded ${keySpec}: run every task with the dedupe release that planned it`,
    };
  return {
    kind: 'ok',
    context: { keySpec: spec.spec, keyer: createKeyer(spec.spec), fingerprinter: await createFingerprinter() },
  };
}
