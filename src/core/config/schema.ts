import { z } from "zod";
import { MAX_AGE_PATTERN } from "../history/max-age.js";
import { dataSection } from "./data-schema.js";

/**
 * The `.github/mlgate.yml` schema, written once. Every key has a description (it ends up in the
 * generated JSON Schema that editors use) and, where it makes sense, a default.
 */

/** Metric file formats mlgate can read; a file's format is detected unless configured. */
export const METRIC_FORMATS = [
  "json",
  "yaml",
  "toml",
  "mlflow",
  "wandb",
  "huggingface",
  "csv",
  "sklearn",
  "tensorboard",
  "lm-eval",
  "promptfoo",
  "deepeval",
] as const;
export type MetricFormat = (typeof METRIC_FORMATS)[number];

/** Per-example prediction file formats. */
export const PREDICTION_FORMATS = ["csv", "jsonl", "parquet"] as const;
export type PredictionFormat = (typeof PREDICTION_FORMATS)[number];

/** The six disparities of DESIGN.md "Fairness" (fairlearn's definitions). */
export const DISPARITY_NAMES = [
  "demographic_parity_difference",
  "demographic_parity_ratio",
  "equal_opportunity_difference",
  "equal_opportunity_ratio",
  "equalized_odds_difference",
  "equalized_odds_ratio",
] as const;
export type DisparityName = (typeof DISPARITY_NAMES)[number];

/** Per-group rates, in the order reports show them. */
export const RATE_NAMES = [
  "selection_rate",
  "true_positive_rate",
  "false_positive_rate",
  "false_negative_rate",
  "true_negative_rate",
  "precision",
  "accuracy",
] as const;
export type RateName = (typeof RATE_NAMES)[number];

const tolerance = z
  .union([
    z.number().nonnegative().describe("Absolute change, in the metric's own unit."),
    z
      .string()
      .regex(/^\s*\d+(\.\d+)?\s*%\s*$/, 'a relative tolerance is written like "2%"')
      .describe('Relative change: |head − base| / |base|, e.g. "2%".'),
  ])
  .describe(
    'Largest change allowed in the bad direction: absolute (0.005) or relative ("2%", undefined when the base is 0).',
  );

const significance = z
  .union([
    z
      .number()
      .gt(0)
      .lt(1)
      .describe(
        "The significance level (0.05), or a confidence level (0.95, read as 0.05), of a paired test on per-example predictions or per-seed values.",
      ),
    z
      .literal("history")
      .describe(
        "Judge by the base branch's history: fail only when the head lies outside the range its recent values predict (see history:).",
      ),
  ])
  .describe(
    "Ask whether a regression is real. A regression beyond the tolerance that is not significant is shown as within noise and passes.",
  );

const valueGateShape = {
  min: z.number().optional().describe("Smallest head value allowed (inclusive)."),
  max: z.number().optional().describe("Largest head value allowed (inclusive)."),
  max_regression: tolerance.optional(),
  significance: significance.optional(),
};

const metricGate = z
  .strictObject({
    direction: z
      .enum(["higher", "lower", "neutral"])
      .optional()
      .describe("Which way is better. Inferred from the metric's name when not given."),
    ...valueGateShape,
    required: z
      .boolean()
      .default(true)
      .describe("Fail when the metric is missing from the head (default true)."),
  })
  .describe("Gates on one metric.");

const disparityGate = z.strictObject(valueGateShape).describe("Gates on one disparity.");

const metricsSection = z
  .strictObject({
    files: z
      .array(z.string().min(1))
      .min(1)
      .default([
        "**/metrics.json",
        "**/metrics.yaml",
        "**/metrics.yml",
        "**/metrics.toml",
        "**/metrics.csv",
        "**/all_results.json",
        "**/eval_results.json",
        "**/trainer_state.json",
        "**/training.log",
        "**/wandb-summary.json",
        "**/classification_report.json",
        "**/results.csv",
        "**/history.csv",
        "**/mlruns/*/*/metrics/**",
        "**/events.out.tfevents.*",
      ])
      .describe(
        "Globs of metric files inside the artifact or folder. Each file's format is detected from its name and content.",
      ),
    formats: z
      .record(z.string().min(1), z.enum(METRIC_FORMATS))
      .default({})
      .describe('Force a format for files matching a glob, e.g. { "results/*.log": csv }.'),
    ignore: z
      .array(z.string())
      .default([])
      .describe("Metric name globs to leave out of the review entirely."),
    default: z
      .strictObject({
        max_regression: tolerance.optional(),
        significance: significance.optional(),
        required: z
          .boolean()
          .default(true)
          .describe(
            "Fail when a metric the baseline has is missing from the head (default true), so a metric cannot vanish to pass.",
          ),
      })
      .default({ required: true })
      .describe(
        "Change gate applied to every metric with a known direction that has no gate of its own.",
      ),
    gates: z
      .record(z.string().min(1), metricGate)
      .default({})
      .describe("Gates per metric, keyed by the metric's dotted name."),
  })
  .describe("Which metric files to read and how to gate them.");

const positive = z
  .union([z.string(), z.number(), z.boolean()])
  .describe('The label value that counts as positive (1, true, "yes").');

const fairnessSection = z
  .strictObject({
    predictions: z
      .string()
      .min(1)
      .describe("Per-example predictions file inside the artifact (csv, jsonl or parquet)."),
    format: z
      .enum(PREDICTION_FORMATS)
      .optional()
      .describe("Force the predictions format; detected from the extension otherwise."),
    label: z.string().min(1).default("label").describe("Column with the true label."),
    prediction: z
      .string()
      .min(1)
      .default("prediction")
      .describe("Column with the model's predicted label (or its score, with threshold)."),
    threshold: z
      .number()
      .optional()
      .describe(
        "Read the prediction column as scores: a score at or above the threshold is a positive prediction.",
      ),
    positive: positive.default(1),
    sensitive: z
      .array(z.string().min(1))
      .min(1)
      .describe("Sensitive columns; groups are the intersections of their values."),
    min_group_size: z
      .number()
      .int()
      .nonnegative()
      .default(30)
      .describe(
        "Groups with fewer rows are reported as insufficient data and left out of disparities.",
      ),
    chart: z
      .enum(RATE_NAMES)
      .default("selection_rate")
      .describe("The rate drawn per group in the comment's chart."),
    gates: z
      .partialRecord(z.enum(DISPARITY_NAMES), disparityGate)
      .default({})
      .describe(
        "Gates per disparity. demographic_parity_ratio: { min: 0.8 } is the four-fifths rule.",
      ),
  })
  .describe("Bias check over per-example predictions.");

const significanceSection = z
  .strictObject({
    predictions: z
      .string()
      .min(1)
      .optional()
      .describe("Per-example predictions file; defaults to fairness.predictions."),
    id: z.string().min(1).default("id").describe("Column that identifies an example in both runs."),
    label: z
      .string()
      .min(1)
      .optional()
      .describe("Label column; defaults to fairness.label or 'label'."),
    prediction: z
      .string()
      .min(1)
      .optional()
      .describe("Prediction column; defaults to fairness.prediction or 'prediction'."),
    positive: positive.optional(),
    min_overlap: z
      .number()
      .gt(0)
      .max(1)
      .default(0.95)
      .describe("Share of ids that must be in both runs for a paired comparison."),
    draws: z
      .number()
      .int()
      .min(1000)
      .max(100000)
      .default(1000)
      .describe("Bootstrap draws (at least 1000)."),
  })
  .describe("Paired comparison of base and head predictions for noise-aware gates.");

const historySection = z
  .strictObject({
    runs: z
      .number()
      .int()
      .min(2)
      .max(100)
      .default(20)
      .describe("How many recent base-branch runs (or commits) the trends and history gates use."),
    min_runs: z
      .number()
      .int()
      .min(2)
      .default(8)
      .describe(
        "Fewer base values than this and significance: history falls back to the plain tolerance.",
      ),
    confidence: z
      .number()
      .gt(0.5)
      .lt(1)
      .default(0.99)
      .describe(
        "One-sided confidence of the prediction interval a history gate uses (a Bencher t-test boundary).",
      ),
  })
  .describe("The base branch's history: trends in the review and significance: history.");

const maxAge = z
  .string()
  .regex(MAX_AGE_PATTERN, 'a maximum age is written like "7d", "36h", "2w" or "50 commits"');

const baselineSection = z
  .strictObject({
    max_age: z
      .union([maxAge, z.array(maxAge).min(1)])
      .optional()
      .describe(
        'Warn when the baseline is older than this: "7d" (days of the baseline run), "50 commits" (commits on the base branch since), or both in a list.',
      ),
  })
  .describe("What the review says about the baseline it compares with.");

/** The whole file as a user writes it. */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe("JSON Schema reference, ignored."),
    workflow: z
      .string()
      .min(1)
      .default("train.yml")
      .describe("File name of the workflow whose runs upload the evaluation artifact."),
    artifact: z
      .string()
      .min(1)
      .default("eval-results")
      .describe("Name (or glob) of the artifact holding the evaluation results."),
    paths: z
      .array(z.string().min(1))
      .optional()
      .describe(
        "Only review pull requests that touch these globs; others conclude neutral at once.",
      ),
    metrics: metricsSection.default(() => metricsSection.parse({})),
    fairness: fairnessSection.optional(),
    significance: significanceSection.optional(),
    data: dataSection.optional(),
    history: historySection.default(() => historySection.parse({})),
    baseline: baselineSection.default({}),
    report: z
      .strictObject({
        precision: z
          .number()
          .int()
          .min(1)
          .max(17)
          .optional()
          .describe(
            "Significant digits shown for metric values; by default 4, more where base and head would otherwise look the same.",
          ),
      })
      .default({})
      .describe("How the review shows numbers."),
    override: z
      .strictObject({
        label: z
          .string()
          .min(1)
          .default("mlgate/accept-regression")
          .describe("Label that accepts failed gates for the labelled head commit."),
        allow_author: z
          .boolean()
          .default(true)
          .describe("Whether the pull request's own author may apply the override label."),
      })
      .default({ label: "mlgate/accept-regression", allow_author: true })
      .describe("Accepting a regression on purpose, by someone with write permission."),
  })
  .describe("mlgate configuration (.github/mlgate.yml).");

/** What users write (every key optional where a default exists). */
export type WrittenConfig = z.input<typeof configSchema>;
/** The schema's output before normalisation. */
export type ParsedConfig = z.output<typeof configSchema>;
