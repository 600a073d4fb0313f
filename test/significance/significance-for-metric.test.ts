import { describe, expect, it } from "vitest";
import { decideChangeGate } from "../../src/core/significance/decide-change-gate.js";
import { mcnemarExact } from "../../src/core/significance/mcnemar-exact.js";
import { seedFromShas } from "../../src/core/significance/seed-from-shas.js";
import { significanceForMetric } from "../../src/core/significance/significance-for-metric.js";
import { welchTTest } from "../../src/core/significance/welch-t-test.js";
import { sampleFromOutcomes } from "./sample.js";

const seed = seedFromShas(
  "1111111111111111111111111111111111111111",
  "2222222222222222222222222222222222222222",
);

describe("significanceForMetric", () => {
  it("uses Welch's t-test for per-seed arrays, head − base", () => {
    const head = [0.91, 0.92, 0.915];
    const base = [0.93, 0.925, 0.94, 0.935];
    const r = significanceForMetric({ name: "accuracy", base, head }, 0.05, { seed });
    const w = welchTTest(head, base);
    expect(r).toMatchObject({ test: "welch", p_value: w.p_value, ci: w.ci, draws: null });
    // The same through the row shape that carries seeds apart from the mean.
    const row = { name: "accuracy", base: 0.9325, head: 0.915, baseSeeds: base, headSeeds: head };
    expect(significanceForMetric(row, 0.05, { seed })?.p_value).toBe(w.p_value);
  });

  it("uses McNemar for accuracy with the bootstrap interval", () => {
    const paired = sampleFromOutcomes({ both: 1700, baseOnly: 20, headOnly: 14, neither: 266 });
    const r = significanceForMetric({ name: "eval_accuracy", base: 0.86, head: 0.857 }, 0.05, {
      paired,
      seed,
    });
    expect(r?.test).toBe("mcnemar");
    expect(r?.p_value).toBe(mcnemarExact(20, 14));
    expect(r?.draws).toBe(1000);
    expect(r?.ci?.[0]).toBeLessThan(-0.003);
    expect(r?.ci?.[1]).toBeGreaterThan(0);
    expect(r?.note).toBe(
      "2,000 paired examples; discordant pairs: 20 only base correct, 14 only head correct",
    );
  });

  it("uses the paired bootstrap for other confusion-matrix metrics", () => {
    const paired = { ...sampleFromOutcomes({ both: 50, baseOnly: 10, headOnly: 5 }), onlyBase: 2 };
    const r = significanceForMetric({ name: "test/recall", base: 0.92, head: 0.846 }, 0.05, {
      paired,
      seed,
      draws: 2000,
    });
    expect(r?.test).toBe("bootstrap");
    expect(r?.draws).toBe(2000);
    expect(r?.note).toBe("65 paired examples (2 only in base, 0 only in head, left out)");
  });

  it("has nothing to say without seeds or a mappable metric with predictions", () => {
    const paired = sampleFromOutcomes({ both: 5 });
    expect(
      significanceForMetric({ name: "eval_loss", base: 1, head: 2 }, 0.05, { paired, seed }),
    ).toBeUndefined();
    expect(
      significanceForMetric({ name: "accuracy", base: 0.9, head: 0.8 }, 0.05, { seed }),
    ).toBeUndefined();
    expect(
      significanceForMetric({ name: "accuracy", base: [0.9], head: [0.8, 0.7] }, 0.05, { seed }),
    ).toBeUndefined();
  });

  it("passes a 0.3 pp drop on 2,000 examples and fails a 3 pp drop on 20,000", () => {
    // 2,000 examples, base 90.0%, head 89.7%: 20 pairs only base gets right, 14 only head.
    const small = sampleFromOutcomes({ both: 1780, baseOnly: 20, headOnly: 14, neither: 186 });
    const s = significanceForMetric({ name: "accuracy", base: 0.9, head: 0.897 }, 0.05, {
      paired: small,
      seed,
    })!;
    const smallDecision = decideChangeGate({
      significance: s,
      alpha: 0.05,
      delta: -0.003,
      metric: "accuracy",
    });
    expect(smallDecision.outcome).toBe("within_noise");
    expect(smallDecision.explanation).toMatch(
      /^\u22120\.3 pp \[\u22120\.\d, \+0\.\d\], p = 0\.\d+ \(McNemar\): within noise at \u03b1 = 0\.05$/,
    );

    // 20,000 examples, base 90%, head 87%: 800 only base right, 200 only head right.
    const large = sampleFromOutcomes({ both: 17200, baseOnly: 800, headOnly: 200, neither: 1800 });
    const l = significanceForMetric({ name: "accuracy", base: 0.9, head: 0.87 }, 0.05, {
      paired: large,
      seed,
    })!;
    const largeDecision = decideChangeGate({
      significance: l,
      alpha: 0.05,
      delta: -0.03,
      metric: "accuracy",
    });
    expect(largeDecision.outcome).toBe("failed");
    expect(largeDecision.explanation).toMatch(
      /^\u22123\.0 pp \[\u22123\.\d, \u22122\.\d\], p < 0\.001 \(McNemar\): significant/,
    );
  });
});
