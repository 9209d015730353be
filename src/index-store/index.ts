// The public face of the index storage layer: open (read-only or for writing), load, append one
// frame per committed input, stats, merge and salvage. The CLI wires these to --index,
// --index-readonly and `dedupe index ...`; nothing outside src/index-store imports its other files.
export { openIndex, type OpenResult, type ReadonlyOpenOptions, type WriteOpenOptions } from './open-index.js';
export type { IndexReader, IndexWriter, NearAppend } from './index-handle.js';
export type { InputRecord } from './append.js';
export type { Expectation, ErrorReason, Refusal } from './inspect.js';
export type { HashSpec, IndexHeader } from './format.js';
export { FORMAT_VERSION } from './format.js';
export { lockPathFor, type LockOwner } from './lock.js';
export { indexStats, type IndexStats, type StatsResult } from './stats.js';
export { mergeIndexes, type MergeOptions, type MergeResult, type MergeSummary } from './merge.js';
export {
  salvageIndex,
  type SalvageOptions,
  type SalvageResult,
  type SalvageSummary,
  type DroppedRange,
} from './salvage.js';
export { crc32 } from './checksum.js';
export { createNearRecordWriter, forEachNearRecord } from './near-frames.js';
