// The comparison key's vocabulary: profiles, step names, and the spec string that reports and
// indexes record. Resolving user choices into a KeySpec happens here and nowhere else.
// PLACEHOLDER: the key issue replaces this with the full step list.

export type ProfileName = 'standard' | 'exact' | 'aggressive';
export type StepName = 'nfkc' | 'invisible' | 'tatweel' | 'diacritics' | 'alef' | 'yeh' | 'whitespace';

export const PROFILE_NAMES: readonly ProfileName[] = ['standard', 'exact', 'aggressive'];
export const STEP_NAMES: readonly StepName[] = ['nfkc', 'invisible', 'tatweel', 'diacritics', 'alef', 'yeh', 'whitespace'];

export interface KeySpec {
  readonly kind: 'key-spec';
  readonly profile: ProfileName;
  readonly steps: readonly StepName[];
  readonly version: string;
}

export type SpecResult = { kind: 'ok'; spec: KeySpec } | { kind: 'error'; message: string };

export function resolveKeySpec(profile: string, fold: readonly string[] = [], noFold: readonly string[] = []): SpecResult {
  if (!(PROFILE_NAMES as readonly string[]).includes(profile)) {
    return { kind: 'error', message: `unknown key profile '${profile}' (expected ${PROFILE_NAMES.join(', ')})` };
  }
  const p = profile as ProfileName;
  const steps = p === 'exact' ? [] : [...STEP_NAMES];
  void fold; void noFold;
  return { kind: 'ok', spec: { kind: 'key-spec', profile: p, steps, version: `${p}/0` } };
}
