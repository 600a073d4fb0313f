/**
 * Per-example outcomes of base and head on the same evaluation set, joined by id. Index i of
 * every array is the same example. Built by the evidence layer, consumed by pure statistics.
 */
export interface PairedSample {
  /** Examples present in both runs. */
  readonly n: number;
  /** 1 when the label is the configured positive value, else 0. */
  readonly baseLabel: Uint8Array;
  readonly basePred: Uint8Array;
  readonly headLabel: Uint8Array;
  readonly headPred: Uint8Array;
  /**
   * 1 when the prediction equals the label. Only needed when there are more than two classes:
   * the 0/1 columns above are one-vs-rest, and two different negative classes would look like a
   * correct prediction. Absent means "label === prediction on the 0/1 columns".
   */
  readonly baseCorrect?: Uint8Array | undefined;
  readonly headCorrect?: Uint8Array | undefined;
  /** Ids present on one side only. */
  readonly onlyBase: number;
  readonly onlyHead: number;
}
