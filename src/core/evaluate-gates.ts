import { didYouMean } from "./closest-names.js";
import type { MetricGate, Tolerance, ValueGate } from "./config/config.js";
import { formatPercent, formatValue } from "./format-number.js";
import type { GateResult, SignificanceResult } from "./gate-result.js";
import { decideHistoryGate } from "./history/decide-history-gate.js";
import type { HistoryCheck } from "./history/history-check.js";
import type { MetricRow } from "./metric-row.js";
import type { Direction } from "./types.js";

/** What a gate looks at: a metric row, or a fairness disparity shaped like one. */
export type GateSubject = Pick<MetricRow, "name" | "base" | "head" | "direction" | "file"> &
  Partial<Pick<MetricRow, "delta">> &
  Partial<Pick<MetricRow, "baseSeeds" | "headSeeds" | "baseStderr" | "headStderr">> &
  Partial<Pick<MetricRow, "baseNotANumber" | "headNotANumber" | "baseFile" | "headFile">>;

/** Answers "is this regression real?" for one metric, when the evidence allows it. */
export type SignificanceProvider = (
  subject: GateSubject,
  alpha: number,
) => SignificanceResult | undefined;

/** Decides a regression beyond tolerance under a noise-aware gate. */
export type NoiseDecision = (
  significance: SignificanceResult,
  alpha: number,
  subject: GateSubject,
) => { significant: boolean; explanation: string };

export interface GateContext {
  /** False when there is no baseline at all (change gates are then not evaluated). */
  readonly hasBaseline: boolean;
  /** Why there is nothing to compare with, when `hasBaseline` is false (default "no baseline"). */
  readonly noBaselineReason?: string | undefined;
  readonly significance?: SignificanceProvider | undefined;
  readonly decide?: NoiseDecision | undefined;
  /** The base branch's history on a metric, for `significance: history` gates. */
  readonly history?: ((subject: GateSubject) => HistoryCheck | undefined) | undefined;
}

const TOLERANCE_SLACK = 1e-9;

/**
 * Bounds are inclusive, and values computed from counts carry float noise: (20/30)/(25/30) is
 * 0.7999999999999999, which must meet `min: 0.8`. Far below any difference a metric can mean.
 */
function slack(bound: number): number {
  return TOLERANCE_SLACK * Math.max(1, Math.abs(bound));
}

/** Formats a tolerance as the user wrote it: `0.005` or `2%`. */
export function formatTolerance(t: Tolerance): string {
  return t.kind === "absolute" ? String(t.value) : `${Number((t.value * 100).toPrecision(10))}%`;
}

/**
 * Evaluates the configured metric gates, and the `metrics.default` change gate on every other
 * metric with a known direction. A metric the baseline has and the head lacks fails under the
 * default gate as a missing gated metric does (unless `required: false`): a metric may not
 * vanish to pass. Pure: rows in, results out.
 */
export function evaluateMetricGates(
  rows: readonly MetricRow[],
  gates: readonly MetricGate[],
  defaults: Pick<ValueGate, "maxRegression" | "alpha" | "history"> & {
    readonly required?: boolean | undefined;
  },
  context: GateContext,
): GateResult[] {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const results: GateResult[] = [];
  for (const gate of gates) {
    const row = byName.get(gate.metric);
    if (!row || (row.head === null && row.headNotANumber === undefined)) {
      if (gate.required) results.push(missing(gate.metric, row, byName.keys()));
      continue;
    }
    results.push(...evaluateValueGate(row, gate, context));
  }
  if (defaults.maxRegression) {
    const gated = new Set(gates.map((g) => g.metric));
    for (const row of rows) {
      if (gated.has(row.name) || row.direction === "neutral") continue;
      if (row.status === "removed") {
        if (defaults.required !== false) results.push(missing(row.name, row, []));
        continue;
      }
      if (row.status === "added") continue;
      results.push(
        ...evaluateValueGate(
          row,
          {
            maxRegression: defaults.maxRegression,
            alpha: defaults.alpha,
            history: defaults.history,
          },
          context,
        ),
      );
    }
  }
  return results;
}

/** A gated metric absent from the head: removed since the baseline, or never reported. */
function missing(metric: string, row: MetricRow | undefined, seen: Iterable<string>): GateResult {
  const message = row
    ? `${metric} is in the baseline but missing from the head results (removed)`
    : `${metric} is missing from the head results and the baseline${didYouMean(metric, seen)}`;
  return {
    metric,
    rule: "required",
    threshold: "present",
    passed: false,
    outcome: "failed",
    message,
    file: row?.file,
  };
}

/** `min`, `max` and `max_regression` of one gate against one row. */
export function evaluateValueGate(
  row: GateSubject,
  gate: ValueGate,
  context: GateContext,
): GateResult[] {
  const results: GateResult[] = [];
  const { name, head, file } = row;
  if (row.headNotANumber !== undefined) return notANumberOnHead(row, gate);
  if (head === null) return results;
  if (gate.min !== undefined) {
    const passed = head >= gate.min - slack(gate.min);
    results.push({
      metric: name,
      rule: "min",
      threshold: String(gate.min),
      passed,
      outcome: passed ? "passed" : "failed",
      message: passed
        ? `${name} ${formatValue(head)} ≥ ${gate.min}`
        : `${name} ${formatValue(head)} is below the minimum ${gate.min}`,
      file,
    });
  }
  if (gate.max !== undefined) {
    const passed = head <= gate.max + slack(gate.max);
    results.push({
      metric: name,
      rule: "max",
      threshold: String(gate.max),
      passed,
      outcome: passed ? "passed" : "failed",
      message: passed
        ? `${name} ${formatValue(head)} ≤ ${gate.max}`
        : `${name} ${formatValue(head)} is above the maximum ${gate.max}`,
      file,
    });
  }
  if (gate.maxRegression) {
    results.push(changeGate(row, gate.maxRegression, gate, context));
  }
  return results;
}

/** Every rule of a gate fails when the head value is NaN or ±Infinity: nothing can hold. */
function notANumberOnHead(row: GateSubject, gate: ValueGate): GateResult[] {
  const where = row.headFile ?? row.file;
  const why = `${row.name}: the head value is ${row.headNotANumber}${where ? ` (in ${where})` : ""}, not a number`;
  const rules: [GateResult["rule"], string][] = [];
  if (gate.min !== undefined) rules.push(["min", String(gate.min)]);
  if (gate.max !== undefined) rules.push(["max", String(gate.max)]);
  if (gate.maxRegression) rules.push(["max_regression", formatTolerance(gate.maxRegression)]);
  return rules.map(([rule, threshold]) => ({
    metric: row.name,
    rule,
    threshold,
    passed: false,
    outcome: "failed",
    message: why,
    file: where,
  }));
}

function changeGate(
  row: GateSubject,
  tolerance: Tolerance,
  { alpha, history }: Pick<ValueGate, "alpha" | "history">,
  context: GateContext,
): GateResult {
  const { name, base, head, direction, file } = row;
  const threshold = formatTolerance(tolerance);
  const notEvaluated = (message: string): GateResult => ({
    metric: name,
    rule: "max_regression",
    threshold,
    passed: null,
    outcome: "not_evaluated",
    message,
    file,
  });
  if (!context.hasBaseline) {
    return notEvaluated(
      `${name}: change not evaluated (${context.noBaselineReason ?? "no baseline"})`,
    );
  }
  if (row.baseNotANumber !== undefined) {
    const where = row.baseFile ? ` (in ${row.baseFile})` : "";
    return notEvaluated(
      `${name}: change not evaluated (the base value is ${row.baseNotANumber}${where}, not a number)`,
    );
  }
  if (base === null || head === null) {
    return notEvaluated(`${name}: change not evaluated (not in the baseline)`);
  }
  if (direction === "neutral") {
    return notEvaluated(
      `${name}: change not evaluated (direction unknown: set direction: higher or lower)`,
    );
  }
  const bad = badChange(base, head, direction);
  let regression: number;
  let shown: string;
  if (tolerance.kind === "relative") {
    if (base === 0) {
      // 0 → 0 is unchanged and 0 → better passes; any worsening from 0 is an infinite relative
      // change, which no percentage allows.
      regression = bad > 0 ? Number.POSITIVE_INFINITY : 0;
      shown = "from a base of 0, an infinite relative change";
    } else {
      regression = bad / Math.abs(base);
      shown = formatPercent(bad / Math.abs(base)).replace(/^[+\u2212]/, "");
    }
  } else {
    regression = bad;
    shown = formatValue(bad);
  }
  const limit = tolerance.value;
  if (regression <= limit + slack(limit)) {
    const fromZero = tolerance.kind === "relative" && base === 0 ? " from a base of 0" : "";
    const message =
      bad <= 0
        ? `${name} did not regress${fromZero} (${formatValue(base)} → ${formatValue(head)})`
        : `${name} regressed ${shown}, within the allowed ${threshold}`;
    return {
      metric: name,
      rule: "max_regression",
      threshold,
      passed: true,
      outcome: "passed",
      message,
      file,
    };
  }
  const failedMessage = `${name} regressed ${shown} (${formatValue(base)} → ${formatValue(head)}), more than the allowed ${threshold}`;
  const failed = (message: string): GateResult => ({
    metric: name,
    rule: "max_regression",
    threshold,
    passed: false,
    outcome: "failed",
    message,
    file,
  });
  if (history) {
    const check = context.history?.(row);
    return decideHistoryGate({ metric: name, file, threshold, shown, failedMessage, check });
  }
  if (alpha === undefined) return failed(failedMessage);
  const significance = context.significance?.(row, alpha);
  if (!significance || !context.decide) {
    return failed(
      `${failedMessage}; no paired predictions or per-seed values, so the plain tolerance applies`,
    );
  }
  const { significant, explanation } = context.decide(significance, alpha, row);
  return {
    metric: name,
    rule: "max_regression",
    threshold,
    passed: !significant,
    outcome: significant ? "failed" : "within_noise",
    message: significant
      ? `${failedMessage}; ${explanation}`
      : `${name} regressed ${shown} (more than ${threshold}) but ${explanation}`,
    significance,
    file,
  };
}

/** The change in the bad direction (positive = worse). */
export function badChange(
  base: number,
  head: number,
  direction: Exclude<Direction, "neutral">,
): number {
  return direction === "higher" ? base - head : head - base;
}
