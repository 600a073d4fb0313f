import { categoricalShares, numericShares, type Shares } from "./binned-shares.js";
import type { CategoryCounts } from "./category-counts.js";
import { chiSquaredTest } from "./chi-squared-test.js";
import { jensenShannonDistance } from "./jensen-shannon.js";
import { ksTwoSample } from "./ks-two-sample.js";
import { populationStabilityIndex } from "./population-stability-index.js";
import { twoProportionZTest } from "./two-proportion-z-test.js";
import type { ValueCounts } from "./value-counts.js";
import { wassersteinNormed } from "./wasserstein-normed.js";

/** The drift tests mlgate runs, by the names Evidently's users know (chisquare is `chi2`). */
export const DRIFT_METHODS = ["ks", "chi2", "z", "wasserstein", "jensenshannon", "psi"] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];

/** How a column's values are compared: as numbers or as categories. */
export type ColumnKind = "numeric" | "categorical";

/** Both sides of one column, in the form its kind is tested in. */
export type DriftSamples =
  | { readonly kind: "numeric"; readonly base: ValueCounts; readonly head: ValueCounts }
  | { readonly kind: "categorical"; readonly base: CategoryCounts; readonly head: CategoryCounts };

/** A method's result: the statistic, and the p-value for the tests that have one. */
export interface MethodResult {
  readonly statistic: number;
  readonly pValue: number | null;
}

/** One drift method: which kinds it applies to, its default threshold and how it decides. */
export interface DriftMethodSpec {
  readonly kinds: readonly ColumnKind[];
  readonly defaultThreshold: number;
  /** What the threshold bounds: a p-value (drift below it) or a distance (drift at or above). */
  readonly scale: "p_value" | "distance";
  /** Whether a p-value equal to the threshold counts as drift (Evidently: ks yes, others no). */
  readonly inclusive: boolean;
  readonly label: string;
  run(samples: DriftSamples): MethodResult;
}

function sharesOf(samples: DriftSamples): Shares {
  return samples.kind === "numeric"
    ? numericShares(samples.base, samples.head)
    : categoricalShares(samples.base, samples.head);
}

function numeric(samples: DriftSamples): { base: ValueCounts; head: ValueCounts } {
  if (samples.kind !== "numeric") throw new TypeError("a numeric method got categorical samples");
  return samples;
}

function categorical(samples: DriftSamples): { base: CategoryCounts; head: CategoryCounts } {
  if (samples.kind !== "categorical") throw new TypeError("a categorical method got numbers");
  return samples;
}

/**
 * The registry of drift methods, with Evidently 0.7's default thresholds and comparisons:
 * ks drifts at p ≤ 0.05, chi2 and z at p < 0.05, the distances and PSI at ≥ 0.1.
 */
export const DRIFT_METHOD_SPECS: Readonly<Record<DriftMethod, DriftMethodSpec>> = {
  ks: {
    kinds: ["numeric"],
    defaultThreshold: 0.05,
    scale: "p_value",
    inclusive: true,
    label: "Kolmogorov–Smirnov",
    run(samples) {
      const { base, head } = numeric(samples);
      const result = ksTwoSample(base, head);
      return { statistic: result.statistic, pValue: result.pValue };
    },
  },
  chi2: {
    kinds: ["categorical"],
    defaultThreshold: 0.05,
    scale: "p_value",
    inclusive: false,
    label: "chi-squared",
    run(samples) {
      const { base, head } = categorical(samples);
      return chiSquaredTest(base, head);
    },
  },
  z: {
    kinds: ["categorical"],
    defaultThreshold: 0.05,
    scale: "p_value",
    inclusive: false,
    label: "two-proportion z",
    run(samples) {
      const { base, head } = categorical(samples);
      return twoProportionZTest(base, head);
    },
  },
  wasserstein: {
    kinds: ["numeric"],
    defaultThreshold: 0.1,
    scale: "distance",
    inclusive: true,
    label: "Wasserstein (normed)",
    run(samples) {
      const { base, head } = numeric(samples);
      return { statistic: wassersteinNormed(base, head), pValue: null };
    },
  },
  jensenshannon: {
    kinds: ["numeric", "categorical"],
    defaultThreshold: 0.1,
    scale: "distance",
    inclusive: true,
    label: "Jensen–Shannon distance",
    run(samples) {
      const shares = sharesOf(samples);
      return { statistic: jensenShannonDistance(shares.base, shares.head), pValue: null };
    },
  },
  psi: {
    kinds: ["numeric", "categorical"],
    defaultThreshold: 0.1,
    scale: "distance",
    inclusive: true,
    label: "PSI",
    run(samples) {
      const shares = sharesOf(samples);
      return { statistic: populationStabilityIndex(shares.base, shares.head), pValue: null };
    },
  },
};

/** Whether a result is drift under a method's threshold. */
export function isDrift(spec: DriftMethodSpec, result: MethodResult, threshold: number): boolean {
  if (spec.scale === "distance") return result.statistic >= threshold;
  const p = result.pValue ?? 1;
  return spec.inclusive ? p <= threshold : p < threshold;
}

/** The shares drawn in a column's histogram (the same bins Jensen–Shannon and PSI use). */
export function histogramShares(samples: DriftSamples): Shares {
  return sharesOf(samples);
}
