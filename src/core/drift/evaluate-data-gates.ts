import type { DataConfig } from "../config/data-config.js";
import { quoteValue } from "../fairness/label-rule.js";
import { formatValue } from "../format-number.js";
import type { GateResult } from "../gate-result.js";
import type { DriftReport } from "./drift-report.js";

/**
 * The data check's gates: the share and the number of drifted columns, and per-column bounds on
 * the statistic (`max`) or the p-value (`min_p_value`), all inclusive. Without base data, or
 * when nothing could be tested, a gate is not evaluated — never passed. A gated column missing
 * from the head fails: a column may not vanish to pass.
 */
export function evaluateDataGates(
  report: DriftReport | undefined,
  gates: DataConfig["gates"],
  missingReason: string,
): GateResult[] {
  const out: GateResult[] = [];
  const notEvaluated = (
    metric: string,
    rule: "min" | "max",
    threshold: number,
    why: string,
  ): GateResult => ({
    metric,
    rule,
    threshold: String(threshold),
    passed: null,
    outcome: "not_evaluated",
    message: `${metric} not evaluated: ${why}`,
  });
  const judged = (
    metric: string,
    rule: "min" | "max",
    threshold: number,
    ok: boolean,
    message: string,
  ): GateResult => ({
    metric,
    rule,
    threshold: String(threshold),
    passed: ok,
    outcome: ok ? "passed" : "failed",
    message,
  });
  const tested = report?.columns ?? [];
  const drifted = tested.filter((c) => c.drifted).length;
  if (gates.driftShare) {
    const max = gates.driftShare.max;
    const metric = "data.drift_share";
    if (!report) out.push(notEvaluated(metric, "max", max, missingReason));
    else if (tested.length === 0)
      out.push(notEvaluated(metric, "max", max, "no column could be tested"));
    else {
      const share = report.drift_share;
      out.push(
        judged(
          metric,
          "max",
          max,
          share <= max + 1e-12,
          `${drifted} of ${tested.length} columns drifted (${formatValue(share)}), ${share <= max + 1e-12 ? "within" : "above"} the maximum share ${formatValue(max)}`,
        ),
      );
    }
  }
  if (gates.driftedColumns) {
    const max = gates.driftedColumns.max;
    const metric = "data.drifted_columns";
    if (!report) out.push(notEvaluated(metric, "max", max, missingReason));
    else if (tested.length === 0)
      out.push(notEvaluated(metric, "max", max, "no column could be tested"));
    else {
      const names = tested.filter((c) => c.drifted).map((c) => quoteValue(c.name));
      out.push(
        judged(
          metric,
          "max",
          max,
          drifted <= max,
          `${drifted} column${drifted === 1 ? "" : "s"} drifted${names.length > 0 ? ` (${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""})` : ""}, at most ${max} allowed`,
        ),
      );
    }
  }
  for (const gate of gates.columns) {
    const bounds: ["max" | "min", number][] = [];
    if (gate.max !== undefined) bounds.push(["max", gate.max]);
    if (gate.minPValue !== undefined) bounds.push(["min", gate.minPValue]);
    for (const [rule, threshold] of bounds) {
      const metric = rule === "max" ? `data.${gate.column}` : `data.${gate.column}.p_value`;
      if (!report) {
        out.push(notEvaluated(metric, rule, threshold, missingReason));
        continue;
      }
      const column = tested.find((c) => c.name === gate.column);
      if (!column) {
        const untested = report.untested.find((u) => u.name === gate.column);
        if (untested)
          out.push(
            notEvaluated(metric, rule, threshold, `the column was not tested (${untested.reason})`),
          );
        else {
          out.push(
            judged(
              metric,
              rule,
              threshold,
              false,
              `column ${quoteValue(gate.column)} is not in both the base's and the head's data`,
            ),
          );
        }
        continue;
      }
      const label = `${quoteValue(gate.column)} ${column.method}`;
      if (rule === "max") {
        const value = column.statistic;
        const ok = value !== null && value <= threshold;
        out.push(
          judged(
            metric,
            rule,
            threshold,
            ok,
            `${label} statistic ${value === null ? "∞" : formatValue(value)} ${ok ? "≤" : ">"} ${formatValue(threshold)}`,
          ),
        );
      } else if (column.p_value === null) {
        out.push(
          notEvaluated(metric, rule, threshold, `${column.method} gives a distance, not a p-value`),
        );
      } else {
        const ok = column.p_value >= threshold;
        out.push(
          judged(
            metric,
            rule,
            threshold,
            ok,
            `${label} p-value ${formatValue(column.p_value)} ${ok ? "≥" : "<"} ${formatValue(threshold)}`,
          ),
        );
      }
    }
  }
  return out;
}
