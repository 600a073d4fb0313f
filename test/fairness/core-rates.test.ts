import { describe, expect, it } from "vitest";
import { buildFairnessReport } from "../../src/core/fairness/build-fairness-report.js";
import { computeDisparities } from "../../src/core/fairness/compute-disparities.js";
import { labelRule, parsePositive } from "../../src/core/fairness/label-rule.js";
import { ratesFromCounts } from "../../src/core/fairness/rates-from-counts.js";

// Hand-computed: F has tp 2, fn 1, fp 1, tn 1; M has tp 2, fn 1, fp 1, tn 2.
const F = { tp: 2, fp: 1, fn: 1, tn: 1 };
const M = { tp: 2, fp: 1, fn: 1, tn: 2 };

describe("ratesFromCounts", () => {
  it("gives fairlearn's rates", () => {
    const r = ratesFromCounts(F);
    expect(r).toMatchObject({ count: 5, positives: 3, negatives: 2 });
    expect(r.selection_rate).toBeCloseTo(0.6, 12);
    expect(r.true_positive_rate).toBeCloseTo(2 / 3, 12);
    expect(r.false_positive_rate).toBeCloseTo(0.5, 12);
    expect(r.false_negative_rate).toBeCloseTo(1 / 3, 12);
    expect(r.true_negative_rate).toBeCloseTo(0.5, 12);
    expect(r.precision).toBeCloseTo(2 / 3, 12);
    expect(r.accuracy).toBeCloseTo(0.6, 12);
  });

  it("makes a rate with a zero denominator null, never 0", () => {
    // A one-class group: every label negative, nothing predicted positive.
    const r = ratesFromCounts({ tp: 0, fp: 0, fn: 0, tn: 4 });
    expect(r.true_positive_rate).toBeNull();
    expect(r.false_negative_rate).toBeNull();
    expect(r.precision).toBeNull();
    expect(r.selection_rate).toBe(0);
    expect(r.false_positive_rate).toBe(0);
    expect(r.accuracy).toBe(1);
  });

  it("makes every rate null for an empty matrix", () => {
    const r = ratesFromCounts({ tp: 0, fp: 0, fn: 0, tn: 0 });
    expect(r.count).toBe(0);
    expect(r.selection_rate).toBeNull();
    expect(r.accuracy).toBeNull();
  });
});

describe("computeDisparities", () => {
  it("gives the six disparities of DESIGN.md", () => {
    const d = computeDisparities([ratesFromCounts(F), ratesFromCounts(M)]);
    // Selection 0.6 vs 0.5; TPR 2/3 vs 2/3; FPR 1/2 vs 1/3.
    expect(d.demographic_parity_difference).toBeCloseTo(0.1, 12);
    expect(d.demographic_parity_ratio).toBeCloseTo(0.5 / 0.6, 12);
    expect(d.equal_opportunity_difference).toBe(0);
    expect(d.equal_opportunity_ratio).toBe(1);
    expect(d.equalized_odds_difference).toBeCloseTo(1 / 6, 12);
    expect(d.equalized_odds_ratio).toBeCloseTo(2 / 3, 12);
  });

  it("is null with fewer than two groups", () => {
    const d = computeDisparities([ratesFromCounts(F)]);
    expect(Object.values(d)).toEqual([null, null, null, null, null, null]);
  });

  it("is null when a group's rate is undefined, instead of leaving the group out", () => {
    const oneClass = ratesFromCounts({ tp: 0, fp: 1, fn: 0, tn: 3 });
    const d = computeDisparities([ratesFromCounts(F), ratesFromCounts(M), oneClass]);
    expect(d.equal_opportunity_difference).toBeNull();
    expect(d.equalized_odds_ratio).toBeNull();
    // Selection rates are all defined: 0.6, 0.5, 0.25.
    expect(d.demographic_parity_difference).toBeCloseTo(0.35, 12);
    expect(d.demographic_parity_ratio).toBeCloseTo(0.25 / 0.6, 12);
  });

  it("makes a ratio of all-zero rates undefined (0/0)", () => {
    const none = { tp: 0, fp: 0, fn: 2, tn: 2 };
    const d = computeDisparities([ratesFromCounts(none), ratesFromCounts(none)]);
    expect(d.demographic_parity_difference).toBe(0);
    expect(d.demographic_parity_ratio).toBeNull();
  });
});

describe("buildFairnessReport", () => {
  it("leaves groups under min_group_size out of the disparities but reports them", () => {
    const report = buildFairnessReport({
      columns: ["sex"],
      groups: [
        { values: ["M"], counts: M },
        { values: ["F"], counts: F },
        { values: ["X"], counts: { tp: 0, fp: 0, fn: 0, tn: 2 } },
      ],
      minGroupSize: 5,
    });
    expect(report.rows).toBe(13);
    expect(report.groups.map((g) => [g.group.sex, g.count, g.insufficient])).toEqual([
      ["F", 5, false],
      ["M", 6, false],
      ["X", 2, true],
    ]);
    // X (TPR undefined) is insufficient, so equal opportunity is defined between F and M.
    expect(report.disparities.equal_opportunity_difference).toBe(0);
    expect(report.overall).toMatchObject({ count: 13, positives: 6, negatives: 7 });
    expect(report.overall.selection_rate).toBeCloseTo(6 / 13, 12);
  });

  it("adds up groups given twice and keeps a column named __proto__ a plain key", () => {
    const report = buildFairnessReport({
      columns: ["__proto__"],
      groups: [
        { values: ["a"], counts: F },
        { values: ["a"], counts: M },
      ],
      minGroupSize: 0,
    });
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]?.count).toBe(11);
    expect(Object.keys(report.groups[0]?.group ?? {})).toEqual(["__proto__"]);
    expect(JSON.stringify(report.groups[0]?.group)).toBe('{"__proto__":"a"}');
  });
});

describe("labelRule", () => {
  it("reads a number positive numerically; other numbers are negatives", () => {
    const rule = labelRule(1);
    expect(["1", "1.0", " 1 ", "1e0", "+1"].map((t) => rule.classify(t))).toEqual([1, 1, 1, 1, 1]);
    expect(["0", "2", "-1", "0.5"].map((t) => rule.classify(t))).toEqual([0, 0, 0, 0]);
    expect(["yes", "", "nan", "1,0", "0x1"].map((t) => rule.classify(t))).toEqual([
      -1, -1, -1, -1, -1,
    ]);
    // As in Python, true equals 1 and false equals 0.
    expect(["True", "false"].map((t) => rule.classify(t))).toEqual([1, 0]);
    expect(rule.explain("label", "maybe")).toBe(
      'label "maybe" is neither a number nor true/false, but the positive value is the number 1 (set the positive value to the one your file uses)',
    );
    expect(rule.explain("label", "")).toBe("label is empty");
  });

  it("reads a boolean positive from true/false in any case, and 1/0", () => {
    expect(
      ["true", "TRUE", "True", "false", "1", "0", "2"].map((t) => labelRule(true).classify(t)),
    ).toEqual([1, 1, 1, 0, 1, 0, 0]);
    expect(labelRule(false).classify("false")).toBe(1);
    expect(labelRule(true).classify("yes")).toBe(-1);
    expect(labelRule(true).explain("label", "yes")).toBe(
      'label "yes" is neither a number nor true/false, but the positive value is the boolean true (set the positive value to the one your file uses)',
    );
  });

  it("reads a string positive exactly; any other non-empty string is negative", () => {
    const rule = labelRule("yes");
    expect(["yes", "no", "Yes", "maybe"].map((t) => rule.classify(t))).toEqual([1, 0, 0, 0]);
    expect(rule.classify("")).toBe(-1);
  });

  it("parses --positive", () => {
    expect(parsePositive("1")).toBe(1);
    expect(parsePositive("0.5")).toBe(0.5);
    expect(parsePositive("true")).toBe(true);
    expect(parsePositive("False")).toBe(false);
    expect(parsePositive("yes")).toBe("yes");
  });
});
