// The LSH shape near mode uses, in one place: bands x rows values of the 100-value signature.
// Chosen on the labelled pairs (fixtures/near): see docs/near-duplicates.md for the trade-off
// between candidates found below the threshold and unrelated candidates checked in vain.
import type { NearIndexShape } from './near-index.js';

export const NEAR_SHAPE: NearIndexShape = { bands: 25, rows: 3, length: 100 };
