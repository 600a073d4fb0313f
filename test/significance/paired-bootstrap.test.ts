import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/significance/create-rng.js";
import { pairedBootstrap } from "../../src/core/significance/paired-bootstrap.js";
import type { PairedSample } from "../../src/core/significance/paired-sample.js";
import { percentile } from "../../src/core/significance/percentile.js";
import { sampleBinomial } from "../../src/core/significance/sample-binomial.js";
import { sampleMultinomial } from "../../src/core/significance/sample-multinomial.js";
import { seedFromShas, seedFromString } from "../../src/core/significance/seed-from-shas.js";
import { sampleFromOutcomes } from "./sample.js";

const BASE_SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
const HEAD_SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const options = { draws: 1000, alpha: 0.05, seed: seedFromShas(BASE_SHA, HEAD_SHA) };

describe("pairedBootstrap", () => {
  it("gives [0, 0] and p = 1 when base and head predict the same", () => {
    const r = pairedBootstrap(sampleFromOutcomes({ both: 70, neither: 30 }), "accuracy", options);
    expect(r.estimate).toBe(0);
    expect(r.ci).toEqual([0, 0]);
    expect(r.p_value).toBe(1);
    expect(r.draws).toBe(1000);
  });

  it("gives [1, 1] and the smallest p when head is right wherever base is wrong", () => {
    const r = pairedBootstrap(sampleFromOutcomes({ headOnly: 50 }), "accuracy", options);
    expect(r.base).toBe(0);
    expect(r.head).toBe(1);
    expect(r.ci).toEqual([1, 1]);
    // No draw is ≤ 0: p = 2·(1 + 0)/(1000 + 1).
    expect(r.p_value).toBeCloseTo(2 / 1001, 15);
  });

  it("gives the interval the resampling distribution implies (checked by hand)", () => {
    // Two examples: one right only on base, one only on head. A resample of two holds the
    // base-only one 0, 1 or 2 times with probability 1/4, 1/2, 1/4, so head − base is +1, 0 or
    // −1. Both 2.5% and 97.5% quantiles of 1000 draws fall in the 25% tails: [−1, +1]; half the
    // draws are 0 and count for both sides, so p = 1.
    const two = pairedBootstrap(
      sampleFromOutcomes({ baseOnly: 1, headOnly: 1 }),
      "accuracy",
      options,
    );
    expect(two.ci).toEqual([-1, 1]);
    expect(two.p_value).toBe(1);

    // Four examples: three right only on head, one right on both. head − base = K/4 with
    // K ~ Bin(4, 3/4): P(0) = 1/256 ≈ 0.4%, P(1/4) = 12/256 ≈ 4.7%, P(1) = 81/256 ≈ 32%. The
    // 2.5% quantile lies in the 1/4 atom (cumulative 0.4% → 5.1%), the 97.5% one in the 1 atom.
    // About 4 of 1000 draws are ≤ 0, so p ≈ 2·(1 + 4)/1001 ≈ 0.01.
    const four = pairedBootstrap(sampleFromOutcomes({ headOnly: 3, both: 1 }), "accuracy", options);
    expect(four.estimate).toBe(0.75);
    expect(four.ci).toEqual([0.25, 1]);
    expect(four.p_value).toBeGreaterThan(0.001);
    expect(four.p_value).toBeLessThan(0.03);
  });

  it("is reproducible for the same SHAs and moves with different ones", () => {
    const sample = sampleFromOutcomes({ both: 800, baseOnly: 60, headOnly: 45, neither: 95 });
    const a = pairedBootstrap(sample, "accuracy", options);
    const b = pairedBootstrap(sample, "accuracy", {
      ...options,
      seed: seedFromShas(BASE_SHA, HEAD_SHA),
    });
    const c = pairedBootstrap(sample, "accuracy", {
      ...options,
      seed: seedFromShas(BASE_SHA, BASE_SHA),
    });
    expect(b).toEqual(a);
    expect(c.ci).not.toEqual(a.ci);
    expect(seedFromShas(BASE_SHA.toUpperCase(), ` ${HEAD_SHA}`)).toBe(options.seed);
    expect(seedFromShas(HEAD_SHA, BASE_SHA)).not.toBe(options.seed);
    // A string seed is hashed the same way every time.
    const s1 = pairedBootstrap(sample, "accuracy", { ...options, seed: "base:head" });
    const s2 = pairedBootstrap(sample, "accuracy", {
      ...options,
      seed: seedFromString("base:head"),
    });
    expect(s1).toEqual(s2);
  });

  it("matches the spread of resampling indices (the multinomial shortcut is exact)", () => {
    // Per-example difference d ∈ {−1, 0, +1}: 60 base-only (−1), 45 head-only (+1) of 1000.
    // The bootstrap mean of d has variance Var(d)/n, with Var(d) the population variance.
    const sample = sampleFromOutcomes({ both: 800, baseOnly: 60, headOnly: 45, neither: 95 });
    const n = sample.n;
    const meanD = (45 - 60) / n;
    const varD = (45 + 60) / n - meanD * meanD;
    const r = pairedBootstrap(sample, "accuracy", { ...options, draws: 20000 });
    const expectedHalfWidth = 1.959964 * Math.sqrt(varD / n);
    expect(r.ci![1] - r.ci![0]).toBeCloseTo(2 * expectedHalfWidth, 2);

    // And the same quantiles as the textbook resampler (draw n indices, recompute both sides).
    const rng = createRng(7n);
    const deltas: number[] = [];
    for (let draw = 0; draw < 20000; draw++) {
      let diff = 0;
      for (let i = 0; i < n; i++) {
        // Modulo bias is ~n/2^32: far below what the comparison can see.
        const k = rng.nextUint32() % n;
        diff += (sample.headPred[k] === 1 ? 1 : 0) - (sample.basePred[k] === 1 ? 1 : 0);
      }
      deltas.push(diff / n);
    }
    deltas.sort((x, y) => x - y);
    expect(r.ci![0]).toBeCloseTo(percentile(deltas, 0.025), 2);
    expect(r.ci![1]).toBeCloseTo(percentile(deltas, 0.975), 2);
  });

  it("bootstraps f1 with the same resamples for both sides, and skips undefined draws", () => {
    const n = 400;
    const label = new Uint8Array(n);
    const basePred = new Uint8Array(n);
    const headPred = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      label[i] = i % 4 === 0 ? 1 : 0;
      basePred[i] = i % 4 === 0 || i % 20 === 1 ? 1 : 0;
      headPred[i] = i % 4 === 0 ? 1 : 0;
    }
    const sample: PairedSample = {
      n,
      baseLabel: label,
      basePred,
      headLabel: label,
      headPred,
      onlyBase: 0,
      onlyHead: 0,
    };
    // base: tp 100, fp 20 → f1 = 200/220; head perfect → 1.
    const r = pairedBootstrap(sample, "f1", options);
    expect(r.base).toBeCloseTo(200 / 220, 14);
    expect(r.head).toBe(1);
    expect(r.ci![0]).toBeGreaterThan(0);
    expect(r.p_value).toBeLessThan(0.01);

    // Precision is undefined (no predicted positive) on a sample with no positive prediction.
    const none = pairedBootstrap(
      { ...sample, basePred: new Uint8Array(n), headPred: new Uint8Array(n) },
      "precision",
      options,
    );
    expect(none.estimate).toBeNaN();
    expect(none.ci).toBeNull();
    expect(none.p_value).toBeNull();
  });
});

describe("samplers", () => {
  it("draws binomials with the right mean and variance in both algorithms", () => {
    const rng = createRng(1n);
    for (const [n, p] of [
      [40, 0.1],
      [1_000_000, 0.3],
      [2_000, 0.97],
    ] as const) {
      let sum = 0;
      let sq = 0;
      let outside = 0;
      const draws = 40_000;
      for (let i = 0; i < draws; i++) {
        const x = sampleBinomial(rng, n, p);
        if (!Number.isInteger(x) || x < 0 || x > n) outside++;
        sum += x;
        sq += x * x;
      }
      const mean = sum / draws;
      const variance = sq / draws - mean * mean;
      const sd = Math.sqrt(n * p * (1 - p));
      expect(outside).toBe(0);
      // Five standard errors of the mean; 5% on the variance (40k draws: se ≈ 0.7%).
      expect(Math.abs(mean - n * p)).toBeLessThan((5 * sd) / Math.sqrt(draws));
      expect(variance / (sd * sd)).toBeGreaterThan(0.95);
      expect(variance / (sd * sd)).toBeLessThan(1.05);
    }
  });

  it("places every item in a multinomial draw", () => {
    const rng = createRng(3n);
    const counts = [0, 5, 0, 100, 2, 0];
    const out = new Array<number>(6).fill(-1);
    for (let i = 0; i < 100; i++) {
      sampleMultinomial(rng, 107, counts, out);
      expect(out.reduce((s, x) => s + x, 0)).toBe(107);
      expect(out[0]).toBe(0);
      expect(out[2]).toBe(0);
      expect(out[5]).toBe(0);
    }
  });

  it("gives the same stream for the same seed", () => {
    const a = createRng(99n);
    const b = createRng(99n);
    const c = createRng(100n);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
    const d = a.nextDouble();
    expect(d >= 0 && d < 1).toBe(true);
  });
});
