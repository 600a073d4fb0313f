import { computeDisparities } from "./compute-disparities.js";
import type {
  ConfusionCounts,
  FairnessReport,
  GroupCounts,
  GroupRates,
} from "./fairness-report.js";
import { ratesFromCounts } from "./rates-from-counts.js";

/** Compares two value tuples by UTF-16 code units, column by column: stable on every machine. */
export function compareValues(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? "";
    const y = b[i] ?? "";
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Turns per-group confusion counts into the report of DESIGN.md "Fairness": rates per group
 * (sorted by their values), the overall rates, and the disparities between the groups with at
 * least `minGroupSize` rows. Groups listed twice with the same values are added together (a
 * reader may meet the same text as different bytes, e.g. invalid UTF-8 decoded to U+FFFD).
 */
export function buildFairnessReport(input: {
  readonly columns: readonly string[];
  readonly groups: readonly GroupCounts[];
  readonly minGroupSize: number;
}): FairnessReport {
  const { columns, minGroupSize } = input;
  const merged = new Map<string, { values: readonly string[]; counts: ConfusionCounts }>();
  for (const g of input.groups) {
    const key = JSON.stringify(g.values);
    const seen = merged.get(key);
    merged.set(key, { values: g.values, counts: seen ? add(seen.counts, g.counts) : g.counts });
  }
  const sorted = [...merged.values()].sort((a, b) => compareValues(a.values, b.values));
  let total: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const groups: GroupRates[] = [];
  for (const { values, counts } of sorted) {
    total = add(total, counts);
    const rates = ratesFromCounts(counts);
    groups.push({
      // fromEntries defines own properties, so a column named __proto__ stays a plain key.
      group: Object.fromEntries(columns.map((c, i) => [c, values[i] ?? ""])),
      ...rates,
      insufficient: rates.count < minGroupSize,
    });
  }
  const overall = ratesFromCounts(total);
  return {
    rows: overall.count,
    overall,
    groups,
    disparities: computeDisparities(groups.filter((g) => !g.insufficient)),
  };
}

function add(a: ConfusionCounts, b: ConfusionCounts): ConfusionCounts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, tn: a.tn + b.tn };
}
