import { describe, expect, it } from "vitest";
import { decideChangeGate } from "../../src/core/significance/decide-change-gate.js";
import { formatInterval, formatPValue } from "../../src/core/significance/format-interval.js";

describe("formatInterval", () => {
  it("shows rates in percentage points with typeset signs", () => {
    expect(formatInterval(-0.008, [-0.019, 0.003], { rate: true })).toBe(
      "\u22120.8 pp [\u22121.9, +0.3]",
    );
    expect(formatInterval(0, [0, 0], { rate: true })).toBe("0.0 pp [0.0, 0.0]");
    expect(formatInterval(-0.03, null, { rate: true })).toBe("\u22123.0 pp");
    expect(formatInterval(undefined, [-0.019, 0.003], { rate: true })).toBe("[\u22121.9, +0.3] pp");
  });

  it("adds decimals for a tight interval instead of rounding it away", () => {
    expect(formatInterval(-0.0002, [-0.0004, -0.0001], { rate: true })).toBe(
      "\u22120.02 pp [\u22120.04, \u22120.01]",
    );
  });

  it("shows other metrics in their own unit", () => {
    expect(formatInterval(0.0123, [0.0046, 0.02], { rate: false })).toBe("+0.012 [+0.005, +0.020]");
    expect(formatInterval(-1.5, [-2.75, -0.25], { rate: false })).toBe(
      "\u22121.5 [\u22122.8, \u22120.3]",
    );
  });

  it("formats p-values with two significant digits, floored at 0.001", () => {
    expect(formatPValue(0.2134)).toBe("p = 0.21");
    expect(formatPValue(0.03515625)).toBe("p = 0.035");
    expect(formatPValue(0.0004)).toBe("p < 0.001");
    expect(formatPValue(1)).toBe("p = 1");
  });
});

describe("decideChangeGate", () => {
  it("passes a regression that is not significant as within noise", () => {
    const d = decideChangeGate({
      significance: { test: "mcnemar", p_value: 0.21, ci: [-0.019, 0.003], draws: 1000 },
      alpha: 0.05,
      delta: -0.008,
      metric: "eval_accuracy",
    });
    expect(d).toEqual({
      outcome: "within_noise",
      significant: false,
      explanation:
        "\u22120.8 pp [\u22121.9, +0.3], p = 0.21 (McNemar): within noise at \u03b1 = 0.05",
    });
  });

  it("fails a significant regression, including p exactly at alpha", () => {
    const d = decideChangeGate({
      significance: { test: "bootstrap", p_value: 0.05, ci: [-0.04, -0.001], draws: 1000 },
      alpha: 0.05,
      delta: -0.02,
      metric: "test.f1",
    });
    expect(d.outcome).toBe("failed");
    expect(d.explanation).toBe(
      "\u22122.0 pp [\u22124.0, \u22120.1], p = 0.05 (paired bootstrap): significant at \u03b1 = 0.05",
    );
  });

  it("shows non-rate metrics in their unit and omits a missing delta", () => {
    const d = decideChangeGate({
      significance: { test: "welch", p_value: 0.0004, ci: [0.01, 0.05], draws: null },
      alpha: 0.01,
      metric: "eval_loss",
    });
    expect(d.explanation).toBe(
      "[+0.01, +0.05], p < 0.001 (Welch t-test): significant at \u03b1 = 0.01",
    );
  });

  it("fails on the plain tolerance when the test gave no p-value", () => {
    const d = decideChangeGate({
      significance: {
        test: "bootstrap",
        p_value: null,
        ci: null,
        draws: null,
        note: "precision is undefined",
      },
      alpha: 0.05,
    });
    expect(d.outcome).toBe("failed");
    expect(d.explanation).toBe(
      "paired bootstrap gave no p-value: precision is undefined, so the plain tolerance applies",
    );
  });
});
