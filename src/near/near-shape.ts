// The LSH shape near mode uses, in one place: bands x rows values, and the signature's length.
// Chosen on the labelled pairs (fixtures/near): near/2 accepts edits whose Jaccard is near 0.4;
// see docs/near-duplicates.md for the trade-off between pairs found and candidates checked in vain.

export interface NearIndexShape {
  readonly bands: number;
  readonly rows: number;
  /** Values per signature: at least bands x rows (band b is values b x rows onwards). */
  readonly length: number;
}

export const NEAR_SHAPE: NearIndexShape = { bands: 20, rows: 3, length: 60 };
