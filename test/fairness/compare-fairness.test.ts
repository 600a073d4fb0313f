import { describe, expect, it } from "vitest";
import type { DisparityGate } from "../../src/core/config/config.js";
import { buildFairnessReport } from "../../src/core/fairness/build-fairness-report.js";
import { compareFairness } from "../../src/core/fairness/compare-fairness.js";
import type { ConfusionCounts } from "../../src/core/fairness/fairness-report.js";

function report(groups: Record<string, ConfusionCounts>, minGroupSize = 0) {
  return buildFairnessReport({
    columns: ["sex"],
    groups: Object.entries(groups).map(([sex, counts]) => ({ values: [sex], counts })),
    minGroupSize,
  });
}

// Head: F selection 0.6, TPR 2/3, FPR 1/2; M selection 0.5, TPR 2/3, FPR 1/3.
// DP diff 0.1, DP ratio 5/6, EO diff 0, EO ratio 1, EOdds diff 1/6, EOdds ratio 2/3.
const HEAD = report({ F: { tp: 2, fp: 1, fn: 1, tn: 1 }, M: { tp: 2, fp: 1, fn: 1, tn: 2 } });
// Base: both groups selection 0.5, TPR 0.5, FPR 0.5: every difference 0, every ratio 1.
const BASE = report({ F: { tp: 1, fp: 1, fn: 1, tn: 1 }, M: { tp: 1, fp: 1, fn: 1, tn: 1 } });

const GATES: DisparityGate[] = [
  {
    disparity: "demographic_parity_ratio",
    min: 0.8,
    maxRegression: { kind: "absolute", value: 0.1 },
  },
  { disparity: "demographic_parity_difference", max: 0.1 },
  { disparity: "equalized_odds_difference", maxRegression: { kind: "relative", value: 0.1 } },
  { disparity: "equal_opportunity_ratio", maxRegression: { kind: "absolute", value: 0 } },
  { disparity: "equalized_odds_ratio", min: 0.7 },
];

describe("compareFairness", () => {
  it("puts base, head and delta beside each other for all six disparities", () => {
    const c = compareFairness(HEAD, BASE, []);
    expect(c.disparities.map((d) => d.name)).toEqual([
      "demographic_parity_difference",
      "demographic_parity_ratio",
      "equal_opportunity_difference",
      "equal_opportunity_ratio",
      "equalized_odds_difference",
      "equalized_odds_ratio",
    ]);
    const dpr = c.disparities[1];
    expect(dpr?.base).toBe(1);
    expect(dpr?.head).toBeCloseTo(5 / 6, 12);
    expect(dpr?.delta).toBeCloseTo(-1 / 6, 12);
    expect(dpr?.direction).toBe("higher");
    expect(c.disparities[0]?.direction).toBe("lower");
  });

  it("gates head values (min/max, inclusive) and the change in the bad direction", () => {
    const gates = compareFairness(HEAD, BASE, GATES).gates;
    expect(gates.map((g) => [g.metric, g.rule, g.threshold, g.outcome, g.passed])).toEqual([
      ["fairness.demographic_parity_ratio", "min", "0.8", "passed", true],
      // A ratio going down is worse: 1 → 5/6 is a regression of 1/6 > 0.1.
      ["fairness.demographic_parity_ratio", "max_regression", "0.1", "failed", false],
      // 0.09999999999999998 ≤ 0.1.
      ["fairness.demographic_parity_difference", "max", "0.1", "passed", true],
      // From a base of 0, any worsening is an infinite relative change: it fails.
      ["fairness.equalized_odds_difference", "max_regression", "10%", "failed", false],
      ["fairness.equal_opportunity_ratio", "max_regression", "0", "passed", true],
      ["fairness.equalized_odds_ratio", "min", "0.7", "failed", false],
    ]);
    expect(gates[3]?.message).toContain("from a base of 0");
    expect(gates[1]?.message).toBe(
      "fairness.demographic_parity_ratio regressed 0.1667 (1 → 0.8333), more than the allowed 0.1",
    );
  });

  it("does not evaluate change gates without a baseline, and says so", () => {
    const gates = compareFairness(HEAD, undefined, GATES).gates;
    const change = gates.filter((g) => g.rule === "max_regression");
    expect(change.map((g) => [g.outcome, g.passed])).toEqual([
      ["not_evaluated", null],
      ["not_evaluated", null],
      ["not_evaluated", null],
    ]);
    for (const g of change) expect(g.message).toContain("no baseline");
    expect(gates.find((g) => g.rule === "min")?.outcome).toBe("passed");
  });

  it("fails a bound on a disparity that is undefined on the head, and says why", () => {
    // X has no positive labels: its TPR is undefined, so equal opportunity is too.
    const head = report({
      F: { tp: 2, fp: 1, fn: 1, tn: 1 },
      X: { tp: 0, fp: 1, fn: 0, tn: 3 },
    });
    const [gate, change] = compareFairness(head, BASE, [
      {
        disparity: "equal_opportunity_ratio",
        min: 0.8,
        maxRegression: { kind: "absolute", value: 0.1 },
      },
    ]).gates;
    expect(gate).toMatchObject({ rule: "min", outcome: "failed", passed: false });
    expect(gate?.message).toBe(
      "fairness.equal_opportunity_ratio is undefined on the head (group sex=X has no positive labels, so its true positive rate is undefined), so min 0.8 cannot be met",
    );
    expect(change).toMatchObject({
      rule: "max_regression",
      outcome: "not_evaluated",
      passed: null,
    });
    const single = compareFairness(report({ F: { tp: 1, fp: 0, fn: 0, tn: 1 } }), undefined, [
      { disparity: "demographic_parity_ratio", min: 0.8 },
    ]);
    expect(single.gates[0]?.message).toContain("only one group has enough rows");
  });

  it("flags the groups behind a failed gate first, then the others, base-only, insufficient", () => {
    const head = buildFairnessReport({
      columns: ["sex"],
      groups: [
        { values: ["A"], counts: { tp: 1, fp: 1, fn: 1, tn: 1 } },
        { values: ["F"], counts: { tp: 2, fp: 1, fn: 1, tn: 1 } },
        { values: ["M"], counts: { tp: 2, fp: 1, fn: 1, tn: 2 } },
        { values: ["Z"], counts: { tp: 1, fp: 0, fn: 0, tn: 0 } },
      ],
      minGroupSize: 2,
    });
    const base = report({
      F: { tp: 1, fp: 1, fn: 1, tn: 1 },
      Gone: { tp: 1, fp: 1, fn: 1, tn: 1 },
    });
    const c = compareFairness(head, base, [
      { disparity: "demographic_parity_difference", max: 0.05 },
    ]);
    // Selection rates: A 0.5, F 0.6, M 0.5 → M and A lowest, F highest.
    expect(
      c.groups.map((g) => [g.values[0], g.flags.length > 0, g.head !== null, g.base !== null]),
    ).toEqual([
      ["A", true, true, false],
      ["F", true, true, true],
      ["M", true, true, false],
      ["Gone", false, false, true],
      ["Z", false, true, false],
    ]);
    expect(c.groups[1]?.flags).toEqual([
      "highest selection rate (demographic_parity_difference failed)",
    ]);
    expect(c.groups[0]?.flags).toEqual([
      "lowest selection rate (demographic_parity_difference failed)",
    ]);
  });

  it("flags the rate that sets an equalized-odds value", () => {
    const c = compareFairness(HEAD, BASE, [{ disparity: "equalized_odds_ratio", min: 0.7 }]);
    // TPR ratio 1, FPR ratio 2/3: the FPR is what fails.
    expect(Object.fromEntries(c.groups.map((g) => [g.values[0], g.flags]))).toEqual({
      F: ["highest false positive rate (equalized_odds_ratio failed)"],
      M: ["lowest false positive rate (equalized_odds_ratio failed)"],
    });
  });
});
