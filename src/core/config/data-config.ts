import type { ColumnDriftOptions } from "../drift/build-drift-report.js";
import type { DriftMethod } from "../drift/drift-methods.js";
import type { PredictionFormat } from "./schema.js";

/** A gate on one column's drift statistic. */
export interface DataColumnGate {
  readonly column: string;
  readonly max?: number | undefined;
  readonly minPValue?: number | undefined;
}

/** The normalised `data:` section. */
export interface DataConfig {
  /** The data file inside the artifact. */
  readonly file: string;
  readonly format?: PredictionFormat | undefined;
  /** Where `file` came from: `data.file`, or the predictions file of `fairness`/`significance`. */
  readonly fileKey: string;
  readonly columns?: readonly string[] | undefined;
  /** Left out: `data.ignore`, plus the label, prediction and id columns of a predictions file. */
  readonly ignore: readonly string[];
  readonly method?: DriftMethod | undefined;
  readonly threshold?: number | undefined;
  readonly perColumn: Readonly<Record<string, ColumnDriftOptions>>;
  readonly driftShare: number;
  readonly gates: {
    readonly driftShare?: { readonly max: number } | undefined;
    readonly driftedColumns?: { readonly max: number } | undefined;
    readonly columns: readonly DataColumnGate[];
  };
}
