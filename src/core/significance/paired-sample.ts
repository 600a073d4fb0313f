/**
 * Per-example outcomes of base and head on the same evaluation set, joined by id. Index i of
 * every array is the same example. Built by the evidence layer, consumed by pure statistics.
 */
export interface PairedSample {
  /** Examples present in both runs. */
  readonly n: number;
  readonly baseLabel: Uint8Array;
  readonly basePred: Uint8Array;
  readonly headLabel: Uint8Array;
  readonly headPred: Uint8Array;
  /** Ids present on one side only. */
  readonly onlyBase: number;
  readonly onlyHead: number;
}
