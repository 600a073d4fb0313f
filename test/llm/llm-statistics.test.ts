import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mcnemarExact } from "../../src/core/significance/mcnemar-exact.js";
import {
  erfc,
  normalCritical,
  normalTwoSidedP,
} from "../../src/core/significance/normal-distribution.js";
import { pairedMeanBootstrap } from "../../src/core/significance/paired-mean-bootstrap.js";
import { stderrZTest } from "../../src/core/significance/stderr-z-test.js";
import { llmFixturePath } from "./fixtures.js";

const reference = (name: string) =>
  JSON.parse(readFileSync(llmFixturePath("reference", name), "utf8")) as Record<string, unknown>;

const close = (actual: number, expected: number, rel = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    rel * Math.max(Math.abs(expected), 1e-300),
  );

describe("statistics of LLM evaluations against scipy", () => {
  it("McNemar's exact test equals scipy's binomtest", () => {
    const { tests } = reference("mcnemar.json") as {
      tests: { b: number; c: number; p_value: number }[];
    };
    for (const { b, c, p_value } of tests) close(mcnemarExact(b, c), p_value, 1e-10);
  });

  it("erfc, two-sided normal p and critical values equal scipy's", () => {
    const ref = reference("normal.json") as {
      erfc: [number, number][];
      two_sided: [number, number][];
      critical: [number, number][];
    };
    for (const [x, v] of ref.erfc) close(erfc(x), v, 1e-13);
    for (const [z, p] of ref.two_sided) close(normalTwoSidedP(z), p, 1e-13);
    for (const [alpha, z] of ref.critical) close(normalCritical(alpha), z, 1e-12);
  });

  it("the z-test on standard errors: difference, p and interval", () => {
    const t = stderrZTest(0.7566, 0.74, 0.0118, 0.0121, 0.05);
    const se = Math.sqrt(0.0118 ** 2 + 0.0121 ** 2);
    close(t.z, (0.74 - 0.7566) / se);
    close(t.p_value, normalTwoSidedP((0.74 - 0.7566) / se));
    close(t.ci[1] - t.ci[0], 2 * 1.959963984540054 * se, 1e-11);
    expect(stderrZTest(0.5, 0.5, 0, 0, 0.05).p_value).toBe(1);
    expect(stderrZTest(0.5, 0.4, 0, 0, 0.05).p_value).toBe(0);
  });

  it("the paired bootstrap of a mean difference is centred on it and reproducible", () => {
    const n = 500;
    const base = Float64Array.from({ length: n }, (_, i) => (i % 10) / 10);
    const head = Float64Array.from(base, (v, i) => Math.min(1, v + (i % 3 === 0 ? 0.1 : 0)));
    const options = { draws: 2000, alpha: 0.05, seed: "abc:def" };
    const a = pairedMeanBootstrap(base, head, n, options);
    const b = pairedMeanBootstrap(base, head, n, options);
    expect(a).toEqual(b);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += head[i]! - base[i]!;
    close(a.estimate, sum / n);
    expect(a.ci![0]).toBeLessThan(a.estimate);
    expect(a.ci![1]).toBeGreaterThan(a.estimate);
    expect(a.p_value).toBeLessThan(0.01);
    // No change at all: p = 1 and a zero-width interval.
    const same = pairedMeanBootstrap(base, base, n, options);
    expect(same.p_value).toBe(1);
    expect(same.ci).toEqual([0, 0]);
  });

  it("resamples examples one by one when differences take many values", () => {
    const n = 400;
    const base = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 0.5 + 0.5);
    const head = Float64Array.from(base, (v, i) => v - 0.02 + Math.cos(i * 7) * 0.01);
    const r = pairedMeanBootstrap(base, head, n, { draws: 1000, alpha: 0.05, seed: "s" });
    expect(r.ci![1]).toBeLessThan(0);
    expect(r.p_value).toBeLessThan(0.01);
  });
});
