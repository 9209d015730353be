// The key's part of --help: profiles and step names with one phrase each, built from the same
// tables the key runs on so the help cannot list a step that does not exist.
import { PROFILE_NAMES, PROFILE_STEPS, STEP_NAMES, type ProfileName } from './key-spec.js';
import { STEPS } from './steps.js';

const PROFILE_SUMMARY: Readonly<Record<ProfileName, string>> = {
  standard: 'Arabic-aware folding (default): ' + PROFILE_STEPS.standard.join(', '),
  exact: 'the bytes as they are; only the line terminator is ignored',
  aggressive: 'standard + case, strip-punctuation, digits-zero (for dated boilerplate)',
};

export function describeKeyHelp(): string {
  const width = Math.max(...STEP_NAMES.map((name) => name.length));
  return [
    'Key profiles (--key PROFILE):',
    ...PROFILE_NAMES.map((name) => `  ${name.padEnd(width)}  ${PROFILE_SUMMARY[name]}`),
    'Fold steps (--fold NAME[,NAME] adds, --no-fold NAME[,NAME] removes), in the order they run:',
    ...STEP_NAMES.map((name) => `  ${name.padEnd(width)}  ${STEPS[name].summary}`),
  ].join('\n');
}
