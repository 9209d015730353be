// The key stage's public face: everything outside src/key imports from here only.
// createKeyer is what the pipeline uses; foldString, foldBytes and buildFoldTables are exported
// for tests, the benchmark and tools that show a key as text.
export { createKeyer, type Keyer, type KeyerPath } from './keyer.js';
export {
  resolveKeySpec,
  PROFILE_NAMES,
  PROFILE_STEPS,
  STEP_NAMES,
  type KeySpec,
  type SpecResult,
  type ProfileName,
  type StepName,
} from './key-spec.js';
export { describeKeyHelp } from './help.js';
export { foldString, createStringFold } from './fold-string.js';
export { foldBytes, BAIL } from './fold-bytes.js';
export { buildFoldTables, type FoldTables } from './fold-tables.js';
