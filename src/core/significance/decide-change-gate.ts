import type { SignificanceResult } from "../gate-result.js";
import { classificationMetricFromName } from "./classification-metric-from-name.js";
import { formatInterval, formatPValue } from "./format-interval.js";

export interface ChangeGateQuestion {
  /** The test run on a regression already found beyond the gate's tolerance. */
  readonly significance: SignificanceResult;
  /** Significance level of the gate (0.05). */
  readonly alpha: number;
  /** head − base as the diff shows it; without it only the interval is shown. */
  readonly delta?: number | null | undefined;
  /** The metric's name: confusion-matrix rates are shown in percentage points. */
  readonly metric?: string | undefined;
  /** Force (or forbid) percentage points regardless of the name. */
  readonly rate?: boolean | undefined;
}

export interface ChangeGateDecision {
  readonly outcome: "failed" | "within_noise";
  /** True when the regression is statistically significant (the gate fails). */
  readonly significant: boolean;
  /** One line: `−0.8 pp [−1.9, +0.3], p = 0.21 (McNemar): within noise at α = 0.05`. */
  readonly explanation: string;
}

const TEST_NAMES: Readonly<Record<SignificanceResult["test"], string>> = {
  bootstrap: "paired bootstrap",
  mcnemar: "McNemar",
  welch: "Welch t-test",
  z: "z-test on standard errors",
};

/**
 * Decides a change gate whose regression is beyond tolerance: a regression that is significant
 * at `alpha` fails; one that is not is *within noise* (shown, not failed). A test that could
 * not produce a p-value decides nothing, so the plain tolerance stands and the gate fails.
 */
export function decideChangeGate(question: ChangeGateQuestion): ChangeGateDecision {
  const { significance, alpha } = question;
  const rate =
    question.rate ??
    (question.metric !== undefined && classificationMetricFromName(question.metric) !== undefined);
  const change = formatInterval(question.delta, significance.ci, { rate });
  const level = `α = ${Number(alpha.toPrecision(6))}`;
  const test = TEST_NAMES[significance.test];
  const p = significance.p_value;
  if (p === null || Number.isNaN(p)) {
    const why = significance.note ? `: ${significance.note}` : "";
    return {
      outcome: "failed",
      significant: true,
      explanation: `${test} gave no p-value${why}, so the plain tolerance applies`,
    };
  }
  const facts = `${change ? `${change}, ` : ""}${formatPValue(p)} (${test})`;
  // A p-value equal to alpha rejects, as in every textbook definition of "significant at α".
  if (p <= alpha) {
    return {
      outcome: "failed",
      significant: true,
      explanation: `${facts}: significant at ${level}`,
    };
  }
  return {
    outcome: "within_noise",
    significant: false,
    explanation: `${facts}: within noise at ${level}`,
  };
}
