import type { DataCheck } from "./data-check.js";

/**
 * The head values the data gates bound, by gate name, for the gates table: the share and
 * number of drifted columns, and each tested column's statistic and p-value.
 */
export function dataGateValues(check: DataCheck | undefined): [string, number | null][] {
  const report = check?.result?.report;
  if (!report) return [];
  const out: [string, number | null][] = [
    ["data.drift_share", report.drift_share],
    ["data.drifted_columns", report.columns.filter((c) => c.drifted).length],
  ];
  for (const c of report.columns) {
    out.push([`data.${c.name}`, c.statistic], [`data.${c.name}.p_value`, c.p_value]);
  }
  return out;
}
