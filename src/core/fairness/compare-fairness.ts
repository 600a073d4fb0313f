import type { DisparityGate } from "../config/config.js";
import { DISPARITY_NAMES, type DisparityName, type RateName } from "../config/schema.js";
import { evaluateValueGate } from "../evaluate-gates.js";
import type { GateResult } from "../gate-result.js";
import { compareValues } from "./build-fairness-report.js";
import { DISPARITY_RATES, rateRange } from "./compute-disparities.js";
import type { FairnessReport, GroupRates } from "./fairness-report.js";

/** One disparity, base beside head. */
export interface DisparityRow {
  readonly name: string;
  readonly base: number | null;
  readonly head: number | null;
  readonly delta: number | null;
}

/** One group, head beside base. */
export interface GroupComparison {
  /** Column → value, as in the file. */
  readonly group: Readonly<Record<string, string>>;
  /** The values in the order of the sensitive columns. */
  readonly values: readonly string[];
  /** Absent when the group is only in the base. */
  readonly head: GroupRates | null;
  /** Absent when there is no base, or the group is only in the head. */
  readonly base: GroupRates | null;
  /**
   * Why this group is flagged: it holds the lowest or highest rate behind a disparity whose
   * gate failed. Empty when not flagged.
   */
  readonly flags: readonly string[];
}

/** One disparity, base beside head, with the results of its gates. */
export interface DisparityComparison extends DisparityRow {
  readonly name: DisparityName;
  /** Which way is better: differences should be low, ratios high. */
  readonly direction: "lower" | "higher";
  /** Why the head value is undefined, when it is. */
  readonly undefinedBecause?: string | undefined;
  readonly gates: readonly GateResult[];
}

/** The bias check of a review: head against base, and the fairness gates. */
export interface FairnessComparison {
  readonly head: FairnessReport;
  readonly base?: FairnessReport | undefined;
  /** Flagged groups first, then the rest (sufficient before insufficient, each by value). */
  readonly groups: readonly GroupComparison[];
  /** All six disparities, in DESIGN.md's order. */
  readonly disparities: readonly DisparityComparison[];
  /** Every gate result, metric `fairness.<disparity>`, in the order of the configured gates. */
  readonly gates: readonly GateResult[];
}

/** Differences are better low, ratios better high (DESIGN.md "Gates"). */
export function disparityDirection(name: DisparityName): "lower" | "higher" {
  return name.endsWith("_ratio") ? "higher" : "lower";
}

/**
 * Compares the head's fairness report with the base's and evaluates the disparity gates with
 * the same semantics as metric gates (TFMA's): `min`/`max` bound the head value, inclusive;
 * `max_regression` bounds the change in the bad direction (a difference going up, a ratio going
 * down), absolute or relative to |base| — relative is undefined when the base is 0 and is then
 * reported as not evaluated, never divided. Without a base report, change gates are *not
 * evaluated (no baseline)*, `passed: null`. A disparity that is undefined on the head (fewer
 * than two groups with enough data, or a group whose rate has a zero denominator) cannot be
 * checked: its value gates are not evaluated either, with the reason in the message.
 */
export function compareFairness(
  head: FairnessReport,
  base: FairnessReport | undefined,
  gates: readonly DisparityGate[],
  noBaseReason?: string,
): FairnessComparison {
  const gatesByName = new Map<DisparityName, GateResult[]>();
  const allGates: GateResult[] = [];
  for (const gate of gates) {
    const results = evaluateDisparityGate(head, base, gate, noBaseReason);
    allGates.push(...results);
    gatesByName.set(gate.disparity, [...(gatesByName.get(gate.disparity) ?? []), ...results]);
  }
  const disparities = DISPARITY_NAMES.map((name): DisparityComparison => {
    const h = head.disparities[name];
    const b = base ? base.disparities[name] : null;
    return {
      name,
      base: b,
      head: h,
      delta: h !== null && b !== null ? h - b : null,
      direction: disparityDirection(name),
      undefinedBecause: h === null ? whyUndefined(head, name) : undefined,
      gates: gatesByName.get(name) ?? [],
    };
  });
  const failed = new Set(
    allGates
      .filter((g) => g.outcome === "failed")
      .map((g) => g.metric.slice("fairness.".length) as DisparityName),
  );
  return { head, base, groups: compareGroups(head, base, failed), disparities, gates: allGates };
}

function evaluateDisparityGate(
  head: FairnessReport,
  base: FairnessReport | undefined,
  gate: DisparityGate,
  noBaseReason: string | undefined,
): GateResult[] {
  const metric = `fairness.${gate.disparity}`;
  const value = head.disparities[gate.disparity];
  if (value === null) {
    // evaluateValueGate skips a missing head value; here it is a fact worth stating per rule.
    const reason = whyUndefined(head, gate.disparity);
    const rules: GateResult[] = [];
    // A bound cannot be met by an undefined value: failing says so where a neutral check
    // would let the pull request merge. The change has nothing to compare and is not evaluated.
    const undefinedResult = (rule: GateResult["rule"], threshold: string): GateResult =>
      rule === "max_regression"
        ? {
            metric,
            rule,
            threshold,
            passed: null,
            outcome: "not_evaluated",
            message: `${metric}: change not evaluated (undefined on the head: ${reason})`,
          }
        : {
            metric,
            rule,
            threshold,
            passed: false,
            outcome: "failed",
            message: `${metric} is undefined on the head (${reason}), so ${rule} ${threshold} cannot be met`,
          };
    if (gate.min !== undefined) rules.push(undefinedResult("min", String(gate.min)));
    if (gate.max !== undefined) rules.push(undefinedResult("max", String(gate.max)));
    if (gate.maxRegression) {
      const t = gate.maxRegression;
      const threshold =
        t.kind === "absolute" ? String(t.value) : `${Number((t.value * 100).toPrecision(10))}%`;
      rules.push(undefinedResult("max_regression", threshold));
    }
    return rules;
  }
  // A disparity has no per-example significance test: the change gate uses its tolerance.
  return evaluateValueGate(
    {
      name: metric,
      base: base ? base.disparities[gate.disparity] : null,
      head: value,
      direction: disparityDirection(gate.disparity),
      file: undefined,
    },
    { min: gate.min, max: gate.max, maxRegression: gate.maxRegression },
    { hasBaseline: base !== undefined, noBaselineReason: noBaseReason },
  );
}

/** Why a disparity is null in a report, in words. */
export function whyUndefined(report: FairnessReport, name: DisparityName): string {
  const groups = report.groups.filter((g) => !g.insufficient);
  if (groups.length < 2) {
    return groups.length === 0 ? "no group has enough rows" : "only one group has enough rows";
  }
  for (const rate of DISPARITY_RATES[name]) {
    const missing = groups.find((g) => g[rate] === null);
    if (missing) {
      return `group ${describeGroup(missing.group)} has no ${rate === "true_positive_rate" ? "positive labels" : rate === "false_positive_rate" ? "negative labels" : "rows"}, so its ${rate.replaceAll("_", " ")} is undefined`;
    }
    const range = rateRange(groups, rate);
    if (range && range.max === 0) return `every group's ${rate.replaceAll("_", " ")} is 0 (0/0)`;
  }
  return "undefined";
}

/** `sex=F, race=Black`, unescaped (callers escape for their medium). */
export function describeGroup(group: Readonly<Record<string, string>>): string {
  return Object.entries(group)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

function compareGroups(
  head: FairnessReport,
  base: FairnessReport | undefined,
  failed: ReadonlySet<DisparityName>,
): GroupComparison[] {
  const keyOf = (g: GroupRates) => JSON.stringify(Object.values(g.group));
  const byKey = new Map<
    string,
    { values: string[]; head: GroupRates | null; base: GroupRates | null }
  >();
  for (const g of head.groups) {
    byKey.set(keyOf(g), { values: Object.values(g.group), head: g, base: null });
  }
  for (const g of base?.groups ?? []) {
    const seen = byKey.get(keyOf(g));
    if (seen) seen.base = g;
    else byKey.set(keyOf(g), { values: Object.values(g.group), head: null, base: g });
  }
  const flagsOf = flagger(head, failed);
  const all = [...byKey.values()]
    .map(
      (e): GroupComparison => ({
        group: (e.head ?? e.base)?.group ?? {},
        values: e.values,
        head: e.head,
        base: e.base,
        flags: e.head ? flagsOf(e.head) : [],
      }),
    )
    .sort((a, b) => compareValues(a.values, b.values));
  const rank = (g: GroupComparison) =>
    g.flags.length > 0 ? 0 : g.head && !g.head.insufficient ? 1 : g.head ? 3 : 2;
  // Array.prototype.sort is stable: within a rank, groups stay in value order.
  return all.sort((a, b) => rank(a) - rank(b));
}

/** Flags the groups at the extremes of the rates behind each failed disparity. */
function flagger(
  head: FairnessReport,
  failed: ReadonlySet<DisparityName>,
): (g: GroupRates) => string[] {
  const sufficient = head.groups.filter((g) => !g.insufficient);
  const marks: { rate: RateName; value: number; text: string }[] = [];
  for (const name of DISPARITY_NAMES) {
    if (!failed.has(name)) continue;
    for (const rate of bindingRates(sufficient, name)) {
      const range = rateRange(sufficient, rate);
      if (!range) continue;
      const words = rate.replaceAll("_", " ");
      marks.push({ rate, value: range.min, text: `lowest ${words} (${name} failed)` });
      marks.push({ rate, value: range.max, text: `highest ${words} (${name} failed)` });
    }
  }
  return (g) => {
    if (g.insufficient) return [];
    const flags = marks.filter((m) => g[m.rate] === m.value).map((m) => m.text);
    return [...new Set(flags)];
  };
}

/** The rate that sets an equalized-odds value (the larger gap / smaller ratio); else the one. */
function bindingRates(groups: readonly GroupRates[], name: DisparityName): readonly RateName[] {
  const rates = DISPARITY_RATES[name];
  if (rates.length === 1) return rates;
  const measure = (rate: RateName) => {
    const r = rateRange(groups, rate);
    if (!r) return Number.NaN;
    return name.endsWith("_ratio") ? (r.max === 0 ? Number.NaN : -(r.min / r.max)) : r.max - r.min;
  };
  const [a, b] = rates as readonly [RateName, RateName];
  const ma = measure(a);
  const mb = measure(b);
  if (Number.isNaN(ma)) return [b];
  if (Number.isNaN(mb)) return [a];
  return ma === mb ? rates : ma > mb ? [a] : [b];
}
