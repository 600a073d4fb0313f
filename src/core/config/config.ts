import type { HistorySettings } from "../history/base-history.js";
import type { MaxAge } from "../history/max-age.js";
import type { Direction } from "../types.js";
import type { DataConfig } from "./data-config.js";
import type { DisparityName, MetricFormat, PredictionFormat, RateName } from "./schema.js";

/** A change tolerance. `relative` is a fraction (2% → 0.02) of |base|. */
export type Tolerance =
  | { readonly kind: "absolute"; readonly value: number }
  | { readonly kind: "relative"; readonly value: number };

/** Value and change bounds shared by metric and disparity gates. */
export interface ValueGate {
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly maxRegression?: Tolerance | undefined;
  /** Significance level (0.05) when the change gate is noise-aware. */
  readonly alpha?: number | undefined;
  /** `significance: history`: judged against the base branch's recent values. */
  readonly history?: boolean | undefined;
}

export interface MetricGate extends ValueGate {
  readonly metric: string;
  readonly direction?: Direction | undefined;
  readonly required: boolean;
}

export interface DisparityGate extends ValueGate {
  readonly disparity: DisparityName;
}

export interface FairnessConfig {
  readonly predictions: string;
  readonly format?: PredictionFormat | undefined;
  readonly label: string;
  readonly prediction: string;
  /** When set, the prediction column holds scores: ≥ threshold is a positive prediction. */
  readonly threshold?: number | undefined;
  readonly positive: string | number | boolean;
  readonly sensitive: readonly string[];
  readonly minGroupSize: number;
  readonly chart: RateName;
  readonly gates: readonly DisparityGate[];
}

export interface SignificanceConfig {
  readonly predictions: string;
  readonly format?: PredictionFormat | undefined;
  readonly id: string;
  readonly label: string;
  readonly prediction: string;
  readonly positive: string | number | boolean;
  readonly minOverlap: number;
  readonly draws: number;
}

/** The normalised configuration that code reads. */
export interface Config {
  readonly workflow: string;
  readonly artifact: string;
  readonly paths?: readonly string[] | undefined;
  readonly metrics: {
    readonly files: readonly string[];
    readonly formats: readonly { readonly glob: string; readonly format: MetricFormat }[];
    readonly ignore: readonly string[];
    readonly default: {
      readonly maxRegression?: Tolerance | undefined;
      readonly alpha?: number | undefined;
      readonly history?: boolean | undefined;
      /** Whether a metric removed since the baseline fails the default gate (true unless set). */
      readonly required?: boolean | undefined;
    };
    readonly gates: readonly MetricGate[];
  };
  readonly fairness?: FairnessConfig | undefined;
  readonly significance?: SignificanceConfig | undefined;
  readonly data?: DataConfig | undefined;
  readonly history: HistorySettings;
  readonly baseline: { readonly maxAge: readonly MaxAge[] };
  readonly override: { readonly label: string; readonly allowAuthor: boolean };
  /** How numbers are shown: significant digits, when set. */
  readonly report?: { readonly precision?: number | undefined } | undefined;
  /**
   * True when no configuration file was found (the CLI outside a configured checkout): the review
   * is then neutral, "no configuration", whatever the metrics did.
   */
  readonly unconfigured?: boolean | undefined;
}
