import { describe, expect, it } from "vitest";
import { meanAndStd } from "../../src/core/significance/mean-and-std.js";
import { studentTCritical, studentTTwoSidedP } from "../../src/core/significance/student-t.js";
import { welchTTest } from "../../src/core/significance/welch-t-test.js";

describe("meanAndStd", () => {
  it("uses n − 1 for the standard deviation", () => {
    // Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32; 32 / 7.
    const s = meanAndStd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.std).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(meanAndStd([3]).std).toBeNaN();
  });
});

describe("Student t", () => {
  it("matches the closed forms for 1 and 2 degrees of freedom", () => {
    // df = 1 (Cauchy): P(|T| ≥ t) = 1 − (2/π)·atan(t).
    expect(studentTTwoSidedP(4, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(4), 14);
    // df = 2: P(|T| ≥ t) = 1 − t/√(2 + t²).
    expect(studentTTwoSidedP(1.5, 2)).toBeCloseTo(1 - 1.5 / Math.sqrt(2 + 2.25), 14);
    // Table value: t(0.975, 10) = 2.228138851986...
    expect(studentTCritical(0.05, 10)).toBeCloseTo(2.2281388519649385, 10);
    // df = 2 critical value: t² = 2(1 − α)² / (1 − (1 − α)²).
    expect(studentTCritical(0.05, 2)).toBeCloseTo(Math.sqrt((2 * 0.95 ** 2) / (1 - 0.95 ** 2)), 10);
  });
});

describe("welchTTest", () => {
  it("computes t, df and p for equal sizes and variances (df = 2, closed form)", () => {
    // a = [1, 3]: mean 2, s² = 2. b = [4, 6]: mean 5, s² = 2. se = √(2/2 + 2/2) = √2,
    // t = (2 − 5)/√2 = −3/√2, df = (1 + 1)² / (1/1 + 1/1) = 2,
    // p = 1 − |t|/√(2 + t²) = 1 − √(4.5/6.5) = 1 − 3/√13 ≈ 0.16795.
    const r = welchTTest([1, 3], [4, 6]);
    expect(r.difference).toBe(-3);
    expect(r.t).toBeCloseTo(-3 / Math.SQRT2, 14);
    expect(r.df).toBeCloseTo(2, 14);
    expect(r.p_value).toBeCloseTo(1 - 3 / Math.sqrt(13), 13);
    const critical = Math.sqrt((2 * 0.95 ** 2) / (1 - 0.95 ** 2));
    expect(r.ci[0]).toBeCloseTo(-3 - critical * Math.SQRT2, 9);
    expect(r.ci[1]).toBeCloseTo(-3 + critical * Math.SQRT2, 9);
  });

  it("gets df = 1 when one side does not vary (closed form)", () => {
    // a = [0, 2]: s² = 2, s²/n = 1. b = [5, 5]: s² = 0. t = (1 − 5)/1 = −4,
    // df = 1² / (1²/1) = 1, p = 1 − (2/π)·atan(4) ≈ 0.15596.
    const r = welchTTest([0, 2], [5, 5]);
    expect(r.t).toBe(-4);
    expect(r.df).toBe(1);
    expect(r.p_value).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(4), 13);
  });

  it("matches scipy on Wikipedia's first Welch example (fractional df)", () => {
    // Data from the "Welch's t-test" Wikipedia article, example 1. Expected values from
    // scipy 1.17 `ttest_ind(a1, a2, equal_var=False)`: statistic −2.455356398286006,
    // df 24.988529290231416, pvalue 0.021378001462866992,
    // confidence_interval() (−3.984096267140929, −0.3492370661924069).
    const a1 = [
      27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4,
    ];
    const a2 = [
      27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4,
    ];
    const r = welchTTest(a1, a2);
    expect(r.t).toBeCloseTo(-2.455356398286006, 12);
    expect(r.df).toBeCloseTo(24.988529290231416, 10);
    expect(r.p_value).toBeCloseTo(0.021378001462866992, 12);
    expect(r.ci[0]).toBeCloseTo(-3.984096267140929, 9);
    expect(r.ci[1]).toBeCloseTo(-0.3492370661924069, 9);
  });

  it("handles sides with no variance at all", () => {
    expect(welchTTest([1, 1], [1, 1]).p_value).toBe(1);
    expect(welchTTest([1, 1], [2, 2]).p_value).toBe(0);
    expect(() => welchTTest([1], [1, 2])).toThrow(RangeError);
  });
});
