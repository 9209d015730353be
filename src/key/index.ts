// The key stage's public face: everything outside src/key imports from here only.
export { createKeyer, type Keyer } from './keyer.js';
export { resolveKeySpec, PROFILE_NAMES, STEP_NAMES, type KeySpec, type SpecResult, type ProfileName, type StepName } from './key-spec.js';
