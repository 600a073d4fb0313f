import { formatValue } from "../format-number.js";
import type { GateResult } from "../gate-result.js";
import type { HistoryCheck } from "./history-check.js";

/** A change gate whose regression is already beyond its tolerance, asked `significance: history`. */
export interface HistoryGateQuestion {
  readonly metric: string;
  readonly file?: string | undefined;
  /** The tolerance as written (`0.005`, `2%`). */
  readonly threshold: string;
  /** The regression as shown in messages (`0.8%`, `0.004`). */
  readonly shown: string;
  /** The plain tolerance's failure sentence, used as the start of a failing message. */
  readonly failedMessage: string;
  /** Undefined when there is no history of the base branch at all. */
  readonly check: HistoryCheck | undefined;
}

/**
 * Decides a change gate with `significance: history`: a regression beyond tolerance fails only
 * when the head also lies outside the range the base branch's history predicts; inside it, it is
 * *within noise*. Without enough history the plain tolerance stands, and the message says so.
 */
export function decideHistoryGate(question: HistoryGateQuestion): GateResult {
  const { metric, file, threshold, check } = question;
  const result = (outcome: "failed" | "within_noise", message: string): GateResult => ({
    metric,
    rule: "max_regression",
    threshold,
    passed: outcome !== "failed",
    outcome,
    message,
    file,
    ...(check ? { history: check } : {}),
  });
  if (!check) {
    return result(
      "failed",
      `${question.failedMessage}; no history of the base branch, so the plain tolerance applies`,
    );
  }
  if (check.kind === "short") {
    const have = check.n === 0 ? "no" : `only ${check.n}`;
    return result(
      "failed",
      `${question.failedMessage}; ${have} base ${check.unit} have ${metric} (significance: history needs ${check.minRuns}), so the plain tolerance applies`,
    );
  }
  const range = describeRange(check);
  if (check.outside) {
    return result("failed", `${question.failedMessage}; outside ${range}`);
  }
  return result(
    "within_noise",
    `${metric} regressed ${question.shown} (more than ${threshold}) but is within ${range}`,
  );
}

/** `the range the last 20 base runs predict (≥ 0.8987 at 99% confidence; mean 0.9041, sd 0.0031)` */
export function describeRange(check: Extract<HistoryCheck, { kind: "judged" }>): string {
  const side = check.direction === "higher" ? "≥" : "≤";
  const level = `${Number((check.confidence * 100).toPrecision(6))}%`;
  const spread =
    check.std === 0
      ? `the last ${check.n} values never varied`
      : `mean ${formatValue(check.mean)}, sd ${formatValue(check.std)}`;
  return `the range the last ${check.n} base ${check.unit} predict (${side} ${formatValue(check.limit)} at ${level} confidence; ${spread})`;
}
