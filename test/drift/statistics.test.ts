import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { categoricalShares, numericShares } from "../../src/core/drift/binned-shares.js";
import { categoryCountsOf } from "../../src/core/drift/category-counts.js";
import { chiSquaredTest } from "../../src/core/drift/chi-squared-test.js";
import { chiSquaredSf, normalCdf } from "../../src/core/drift/incomplete-gamma.js";
import { jensenShannonDistance } from "../../src/core/drift/jensen-shannon.js";
import { kolmogorovSf } from "../../src/core/drift/kolmogorov-sf.js";
import { ksTwoSample } from "../../src/core/drift/ks-two-sample.js";
import { populationStabilityIndex } from "../../src/core/drift/population-stability-index.js";
import { smirnovSf } from "../../src/core/drift/smirnov-sf.js";
import { twoProportionZTest } from "../../src/core/drift/two-proportion-z-test.js";
import { valueCountsOf } from "../../src/core/drift/value-counts.js";
import { populationStd, wassersteinNormed } from "../../src/core/drift/wasserstein-normed.js";
import { referenceCategories, referenceSample, type SampleSpec } from "./reference-sample.js";

interface Reference {
  numeric: {
    name: string;
    base: SampleSpec;
    head: SampleSpec;
    ks_statistic: number;
    ks_pvalue: number;
    wasserstein_normed: number;
    jensenshannon: number;
    psi: number;
    bins: number[] | null;
    base_std: number;
    chi2_statistic?: number;
    chi2_pvalue?: number;
    z_statistic?: number;
    z_pvalue?: number;
  }[];
  categorical: {
    name: string;
    base: SampleSpec;
    head: SampleSpec;
    chi2_statistic: number | null;
    chi2_pvalue: number | null;
    z_statistic: number;
    z_pvalue: number;
    jensenshannon: number;
    psi: number;
  }[];
  kstwo_sf: { n: number; x: number; sf: number }[];
  smirnov: { n: number; x: number; sf: number }[];
  chi2_sf: { x: number; df: number; sf: number }[];
  norm_cdf: { x: number; cdf: number }[];
}

const reference = JSON.parse(
  readFileSync(new URL("../fixtures/drift/drift-reference.json", import.meta.url), "utf8"),
) as Reference;

/** Agreement with scipy to 1e-9, absolute for small values and relative for large ones. */
function expectClose(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  const tolerance = 1e-9 * Math.max(1, Math.abs(expected));
  expect(
    Math.abs((actual as number) - expected),
    `${what}: ${actual} vs scipy ${expected}`,
  ).toBeLessThanOrEqual(tolerance);
}

describe("drift statistics against scipy (Debian python3-scipy)", () => {
  it("the reference covers every branch it was written for", () => {
    expect(reference.numeric.length).toBeGreaterThanOrEqual(15);
    expect(reference.kstwo_sf.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of reference.numeric) {
    it(`numeric: ${c.name}`, () => {
      const base = valueCountsOf(referenceSample(c.base));
      const head = valueCountsOf(referenceSample(c.head));
      const ks = ksTwoSample(base, head);
      expectClose(ks.statistic, c.ks_statistic, "ks statistic");
      expectClose(ks.pValue, c.ks_pvalue, "ks p-value");
      expect(ks.method).toBe(Math.max(c.base.n, c.head.n) <= 10000 ? "exact" : "asymptotic");
      expectClose(populationStd(base), c.base_std, "std");
      expectClose(wassersteinNormed(base, head), c.wasserstein_normed, "wasserstein");
      const shares = numericShares(base, head);
      if (c.bins) expect([...(shares.edges ?? [])]).toEqual(c.bins);
      else expect(shares.edges).toBeUndefined();
      expectClose(
        jensenShannonDistance(shares.base, shares.head),
        c.jensenshannon,
        "jensenshannon",
      );
      expectClose(populationStabilityIndex(shares.base, shares.head), c.psi, "psi");
      if (c.chi2_pvalue !== undefined) {
        const b = categoryCountsOf(referenceSample(c.base));
        const h = categoryCountsOf(referenceSample(c.head));
        const chi = chiSquaredTest(b, h);
        expectClose(
          Number.isFinite(chi.statistic) ? chi.statistic : null,
          c.chi2_statistic ?? null,
          "chi2",
        );
        expectClose(chi.pValue, c.chi2_pvalue, "chi2 p-value");
        const z = twoProportionZTest(b, h);
        expectClose(z.statistic, c.z_statistic ?? Number.NaN, "z");
        expectClose(z.pValue, c.z_pvalue ?? Number.NaN, "z p-value");
      }
    });
  }

  for (const c of reference.categorical) {
    it(`categorical: ${c.name}`, () => {
      const base = categoryCountsOf(referenceCategories(c.base));
      const head = categoryCountsOf(referenceCategories(c.head));
      if (c.chi2_pvalue !== null) {
        const chi = chiSquaredTest(base, head);
        expectClose(
          Number.isFinite(chi.statistic) ? chi.statistic : null,
          c.chi2_statistic,
          "chi2",
        );
        expectClose(chi.pValue, c.chi2_pvalue, "chi2 p-value");
      }
      const z = twoProportionZTest(base, head);
      expectClose(z.statistic, c.z_statistic, "z");
      expectClose(z.pValue, c.z_pvalue, "z p-value");
      const shares = categoricalShares(base, head);
      expectClose(
        jensenShannonDistance(shares.base, shares.head),
        c.jensenshannon,
        "jensenshannon",
      );
      expectClose(populationStabilityIndex(shares.base, shares.head), c.psi, "psi");
    });
  }

  it("kstwo.sf at every branch of scipy's method choice", () => {
    for (const p of reference.kstwo_sf)
      expectClose(kolmogorovSf(p.n, p.x), p.sf, `kstwo.sf(${p.x}, ${p.n})`);
  });

  it("smirnov", () => {
    for (const p of reference.smirnov)
      expectClose(smirnovSf(p.n, p.x), p.sf, `smirnov(${p.n}, ${p.x})`);
  });

  it("chi2.sf and norm.cdf", () => {
    for (const p of reference.chi2_sf)
      expectClose(chiSquaredSf(p.x, p.df), p.sf, `chi2.sf(${p.x}, ${p.df})`);
    for (const p of reference.norm_cdf) expectClose(normalCdf(p.x), p.cdf, `norm.cdf(${p.x})`);
  });
});
