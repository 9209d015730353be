// The comparison key's vocabulary: profile names, step names (in the order the steps run), and
// resolving a profile plus --fold/--no-fold into a KeySpec whose version string reports and
// saved indexes record. The steps themselves live in steps.ts; nothing here folds text.

export type ProfileName = 'standard' | 'exact' | 'aggressive';
export type StepName =
  | 'nfkc'
  | 'invisible'
  | 'tatweel'
  | 'diacritics'
  | 'alef'
  | 'hamza'
  | 'yeh'
  | 'teh-marbuta'
  | 'digits'
  | 'punctuation'
  | 'whitespace'
  | 'case'
  | 'strip-punctuation'
  | 'digits-zero';

export const PROFILE_NAMES: readonly ProfileName[] = ['standard', 'exact', 'aggressive'];

// Run order. `whitespace` comes last so that steps which delete characters (strip-punctuation)
// cannot leave a double space behind; for `standard` this is exactly the order 1-11.
export const STEP_NAMES: readonly StepName[] = [
  'nfkc',
  'invisible',
  'tatweel',
  'diacritics',
  'alef',
  'hamza',
  'yeh',
  'teh-marbuta',
  'digits',
  'punctuation',
  'case',
  'strip-punctuation',
  'digits-zero',
  'whitespace',
];

// Bump a profile's number whenever its key bytes change for some input: saved indexes compare it.
const KEY_FORMAT = 1;

const STANDARD_STEPS: readonly StepName[] = [
  'nfkc',
  'invisible',
  'tatweel',
  'diacritics',
  'alef',
  'hamza',
  'yeh',
  'teh-marbuta',
  'digits',
  'punctuation',
  'whitespace',
];

export const PROFILE_STEPS: Readonly<Record<ProfileName, readonly StepName[]>> = {
  standard: STANDARD_STEPS,
  exact: [],
  aggressive: [...STANDARD_STEPS, 'case', 'strip-punctuation', 'digits-zero'],
};

export interface KeySpec {
  readonly kind: 'key-spec';
  readonly profile: ProfileName;
  /** The effective steps, in run order (STEP_NAMES order). */
  readonly steps: readonly StepName[];
  /** `standard/1`, `standard/1+case`, `standard/1-yeh,-teh-marbuta`: profile, format, changes. */
  readonly version: string;
}

export type SpecResult = { kind: 'ok'; spec: KeySpec } | { kind: 'error'; message: string };

function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

function isStepName(name: string): name is StepName {
  return (STEP_NAMES as readonly string[]).includes(name);
}

function unknownStep(name: string): SpecResult {
  return { kind: 'error', message: `unknown fold step '${name}' (valid steps: ${STEP_NAMES.join(', ')})` };
}

/** Resolves `--key PROFILE --fold A,B --no-fold C`; the CLI has already split the comma lists. */
export function resolveKeySpec(
  profile: string,
  fold: readonly string[] = [],
  noFold: readonly string[] = [],
): SpecResult {
  if (!isProfileName(profile)) {
    return { kind: 'error', message: `unknown key profile '${profile}' (valid profiles: ${PROFILE_NAMES.join(', ')})` };
  }
  for (const name of [...fold, ...noFold]) if (!isStepName(name)) return unknownStep(name);
  const both = fold.find((name) => noFold.includes(name));
  if (both !== undefined) {
    return { kind: 'error', message: `fold step '${both}' is both added (--fold) and removed (--no-fold)` };
  }
  const base = PROFILE_STEPS[profile];
  const chosen = new Set<string>([...base, ...fold].filter((name) => !noFold.includes(name)));
  const steps = STEP_NAMES.filter((name) => chosen.has(name));
  return { kind: 'ok', spec: { kind: 'key-spec', profile, steps, version: versionOf(profile, steps) } };
}

// Lists only real differences from the profile, in run order, so equal specs get equal strings
// however the user spelled them (`--fold nfkc` on standard changes nothing and adds nothing).
function versionOf(profile: ProfileName, steps: readonly StepName[]): string {
  const base = PROFILE_STEPS[profile];
  const changes: string[] = [];
  for (const name of STEP_NAMES) {
    const inBase = base.includes(name);
    const inSpec = steps.includes(name);
    if (inSpec && !inBase) changes.push(`+${name}`);
    if (inBase && !inSpec) changes.push(`-${name}`);
  }
  return `${profile}/${KEY_FORMAT}${changes.join(',')}`;
}
