import { describe, expect, it } from "vitest";
import { mcnemarExact } from "../../src/core/significance/mcnemar-exact.js";

/** 2·P(X ≤ min(b, c)) for X ~ Bin(b + c, 1/2), summed exactly with BigInt binomial coefficients. */
function exactTwoSided(b: number, c: number): number {
  const n = b + c;
  const k = Math.min(b, c);
  let coefficient = 1n;
  let sum = 1n;
  for (let j = 1; j <= k; j++) {
    coefficient = (coefficient * BigInt(n - j + 1)) / BigInt(j);
    sum += coefficient;
  }
  // 2·sum / 2^n as a double: shift so the integer quotient keeps ~63 significant bits, then
  // scale back (exact power of two, fine down to 2^-1074).
  const shift = n - sum.toString(2).length + 63;
  const quotient = ((2n * sum) << BigInt(shift)) / 2n ** BigInt(n);
  return Math.min(1, Number(quotient) * 2 ** -shift);
}

describe("mcnemarExact", () => {
  it("matches the hand-computed tail for b = 3, c = 12", () => {
    // P(X ≤ 3), X ~ Bin(15, 1/2) = (1 + 15 + 105 + 455) / 2^15 = 576 / 32768; doubled: 0.03515625.
    expect(mcnemarExact(3, 12)).toBeCloseTo(0.03515625, 15);
    expect(mcnemarExact(12, 3)).toBeCloseTo(0.03515625, 15);
  });

  it("is 1 without discordant pairs or when they split evenly", () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(7, 7)).toBe(1);
    // n odd, min(b, c) = (n − 1)/2: 2·P(X ≤ 3 | n = 7) = 2·(64/128) = 1.
    expect(mcnemarExact(3, 4)).toBe(1);
  });

  it("gives 2^(1−n) when every discordant pair goes one way", () => {
    expect(mcnemarExact(0, 10)).toBeCloseTo(2 / 1024, 15);
    expect(mcnemarExact(40, 0) / 2 ** -39).toBeCloseTo(1, 12);
  });

  it.each([
    [1, 9],
    [20, 14],
    [45, 71],
    [480, 520],
    [4_900, 5_100],
    [700, 100],
  ])("agrees with an exact BigInt tail sum for b = %i, c = %i", (b, c) => {
    const expected = exactTwoSided(b, c);
    expect(Math.abs(mcnemarExact(b, c) - expected) / expected).toBeLessThan(1e-12);
  });

  it("stays accurate for a million discordant pairs", () => {
    // scipy.stats.binomtest(499000, 1000000).pvalue = 0.0456082998653896 (two-sided exact; for
    // p = 1/2 it is the same doubled tail).
    expect(mcnemarExact(499_000, 501_000)).toBeCloseTo(0.0456082998653896, 12);
    // Far in the tail the p-value underflows to 0 rather than turning into NaN.
    expect(mcnemarExact(400_000, 600_000)).toBe(0);
  });

  it("rejects counts that are not non-negative integers", () => {
    expect(() => mcnemarExact(-1, 3)).toThrow(RangeError);
    expect(() => mcnemarExact(1.5, 3)).toThrow(RangeError);
  });
});
