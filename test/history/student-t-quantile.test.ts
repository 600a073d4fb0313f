import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { predictionLimit } from "../../src/core/history/prediction-limit.js";
import { studentTQuantile } from "../../src/core/history/student-t-quantile.js";

const CONFIDENCES = [0.8, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999];
const DFS = [1, 2, 3, 4, 5, 7, 9, 14, 19, 29, 49, 99];

const HISTORY = [0.901, 0.905, 0.899, 0.907, 0.903, 0.9, 0.906, 0.902, 0.904, 0.898];

interface Reference {
  /** t.ppf(p, df) for each confidence, then each df. */
  readonly quantiles: number[][];
  /** mean ∓ t.ppf(0.99, n − 1)·s·√(1 + 1/n) of HISTORY, and s. */
  readonly lower: number;
  readonly upper: number;
  readonly std: number;
}

let reference: Reference;

// One python3 process (scipy from Debian's python3-scipy) computes every reference value: its
// import alone takes seconds on a busy machine.
beforeAll(() => {
  const script = `
import json, sys, numpy as np
from scipy.stats import t
ps, dfs, x = (json.loads(a) for a in sys.argv[1:4])
x = np.array(x); n = len(x)
h = t.ppf(0.99, n - 1) * x.std(ddof=1) * np.sqrt(1 + 1 / n)
print(json.dumps({
  "quantiles": [[float(t.ppf(p, df)) for df in dfs] for p in ps],
  "lower": float(x.mean() - h), "upper": float(x.mean() + h), "std": float(x.std(ddof=1)),
}))
`;
  const args = [CONFIDENCES, DFS, HISTORY].map((a) => JSON.stringify(a));
  reference = JSON.parse(
    execFileSync("python3", ["-c", script, ...args], { encoding: "utf8" }),
  ) as Reference;
}, 60_000);

describe("studentTQuantile", () => {
  it("matches scipy.stats.t.ppf over confidences 0.8–0.999 and 1–99 degrees of freedom", () => {
    const expected = reference.quantiles;
    CONFIDENCES.forEach((p, i) => {
      DFS.forEach((df, j) => {
        const want = expected[i]?.[j] ?? Number.NaN;
        const got = studentTQuantile(p, df);
        expect(Math.abs(got - want), `t.ppf(${p}, ${df})`).toBeLessThan(1e-9 * Math.max(1, want));
        // Symmetric: the lower quantile is the negative of the upper one.
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-want, 8);
      });
    });
  });

  it("knows table values and its edges", () => {
    // t.ppf(0.99, 7) from scipy 1.17: 2.9979515668685277.
    expect(studentTQuantile(0.99, 7)).toBeCloseTo(2.9979515668685277, 10);
    // df = 1 is the Cauchy distribution: tan(π(p − ½)).
    expect(studentTQuantile(0.9, 1)).toBeCloseTo(Math.tan(Math.PI * 0.4), 9);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTQuantile(1, 3)).toBeNaN();
    expect(studentTQuantile(0.9, 0)).toBeNaN();
  });
});

describe("predictionLimit", () => {
  it("is mean ∓ t(c, n−1)·s·√(1 + 1/n), as computed with numpy and scipy", () => {
    const values = HISTORY;
    const { lower, upper, std } = reference;
    const higher = predictionLimit(values, 0.99, "higher");
    expect(higher.n).toBe(10);
    expect(higher.std).toBeCloseTo(std, 12);
    expect(higher.limit).toBeCloseTo(lower, 12);
    expect(predictionLimit(values, 0.99, "lower").limit).toBeCloseTo(upper, 12);
  });

  it("covers a new value from the same distribution at the stated confidence", () => {
    // Normal draws from a fixed-seed generator (Box–Muller). A prediction interval misses a new
    // value 1 − c of the time whatever n is; Bencher's population-sd threshold, without the
    // √(1 + 1/n) term, misses more often with short histories (about 12% for 10% at n = 8).
    let state = 42;
    const uniform = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return (state + 0.5) / 2 ** 32;
    };
    const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const trials = 20_000;
    let missed = 0;
    let missedNarrow = 0;
    for (let i = 0; i < trials; i++) {
      const history = Array.from({ length: 8 }, () => 0.9 + 0.01 * normal());
      const next = 0.9 + 0.01 * normal();
      const limit = predictionLimit(history, 0.9, "higher");
      if (next < limit.limit) missed++;
      const populationSd = limit.std * Math.sqrt(7 / 8);
      if (next < limit.mean - limit.t * populationSd) missedNarrow++;
    }
    expect(missed / trials).toBeGreaterThan(0.09);
    expect(missed / trials).toBeLessThan(0.11);
    expect(missedNarrow / trials).toBeGreaterThan(0.115);
  });
});
