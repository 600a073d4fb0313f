import { z } from "zod";
import { DRIFT_METHODS } from "../drift/drift-methods.js";

const PREDICTION_FORMATS_FOR_DATA = ["csv", "jsonl", "parquet"] as const;

const method = z
  .enum(DRIFT_METHODS)
  .describe(
    "Force a drift test: ks or wasserstein (numeric columns), chi2 or z (categorical), jensenshannon or psi (both). Default: Evidently's choice by column kind and size.",
  );

const threshold = z
  .number()
  .nonnegative()
  .describe(
    "Override the test's threshold: the p-value below which ks, chi2 and z call drift (default 0.05), or the distance from which wasserstein, jensenshannon and psi do (default 0.1).",
  );

const columnGate = z
  .strictObject({
    max: z
      .number()
      .optional()
      .describe("Largest statistic allowed (a distance, PSI, or the test statistic), inclusive."),
    min_p_value: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("Smallest p-value allowed (tests only: ks, chi2, z), inclusive."),
  })
  .describe("Gates on one column's drift statistic.");

/** The `data:` section: the data check of the evaluation data, base against head. */
export const dataSection = z
  .strictObject({
    file: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Data file inside the artifact (csv, jsonl or parquet). Default: the feature columns of fairness.predictions (or significance.predictions), without the label, prediction and id columns.",
      ),
    format: z
      .enum(PREDICTION_FORMATS_FOR_DATA)
      .optional()
      .describe("Force the data file's format; detected from the extension otherwise."),
    columns: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("Only these columns (default: every column)."),
    ignore: z
      .array(z.string().min(1))
      .default([])
      .describe("Columns to leave out of the check (ids, timestamps)."),
    method: method.optional(),
    threshold: threshold.optional(),
    per_column: z
      .record(
        z.string().min(1),
        z
          .strictObject({ method: method.optional(), threshold: threshold.optional() })
          .describe("Method and threshold for one column."),
      )
      .default({})
      .describe("Method and threshold per column, over data.method and data.threshold."),
    drift_share: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe("Share of drifted columns at which the data set counts as drifted (default 0.5)."),
    gates: z
      .strictObject({
        drift_share: z
          .strictObject({
            max: z.number().min(0).max(1).describe("Largest share of drifted columns allowed."),
          })
          .optional()
          .describe("Gate on the share of tested columns that drifted."),
        drifted_columns: z
          .strictObject({
            max: z.number().int().nonnegative().describe("Most drifted columns allowed."),
          })
          .optional()
          .describe("Gate on the number of drifted columns."),
        columns: z
          .record(z.string().min(1), columnGate)
          .default({})
          .describe("Gates per column, on its statistic or p-value."),
      })
      .default({ columns: {} })
      .describe("Gates of the data check; without them it is reported, never gated."),
  })
  .describe(
    "Data check: schema, missing values and drift of the evaluation data, base against head.",
  );
