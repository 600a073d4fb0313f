import { describe, expect, it } from "vitest";
import { buildReview } from "../../src/core/build-review.js";
import type { Config } from "../../src/core/config/config.js";
import { parseConfig } from "../../src/core/config/parse-config.js";
import type { Evidence } from "../../src/core/evidence.js";
import type { BaseHistory } from "../../src/core/history/base-history.js";
import type { Metric, MetricSet } from "../../src/core/types.js";

function set(values: Record<string, number>): MetricSet {
  return new Map(
    Object.entries(values).map(([name, value]): [string, Metric] => [
      name,
      { name, value, file: "metrics.json" },
    ]),
  );
}

function config(yaml: string): Config {
  const r = parseConfig(yaml);
  if (!r.config) throw new Error(r.errors.join("\n"));
  return r.config;
}

/** Twenty base runs whose accuracy wobbles by ±0.004 around 0.903. */
const WOBBLE = [
  0.903, 0.899, 0.906, 0.901, 0.904, 0.9, 0.907, 0.902, 0.905, 0.898, 0.903, 0.906, 0.9, 0.904,
  0.901, 0.907, 0.899, 0.905, 0.902, 0.906,
];

function history(values: readonly number[], metric = "accuracy"): BaseHistory {
  return {
    points: values.map((value, i) => ({
      sha: i.toString(16).padStart(40, "0"),
      time: new Date(Date.UTC(2026, 10, 1 + i)).toISOString(),
      label: `run #${100 + i}`,
      values: { [metric]: value },
    })),
    unit: "runs",
    source: "runs of train.yml on main",
    skipped: [],
  };
}

const GATE = "metrics:\n  gates:\n    accuracy: { max_regression: 0.002, significance: history }\n";

function review(head: number, base: BaseHistory | undefined, yaml = GATE) {
  const last = base?.points.at(-1);
  const evidence: Evidence = {
    head: { sha: "b".repeat(40), source: "head", metrics: set({ accuracy: head }) },
    base: {
      sha: last?.sha ?? "a".repeat(40),
      source: "run #119",
      metrics: set({ accuracy: last?.values.accuracy ?? 0.906 }),
    },
    history: base,
  };
  return buildReview(evidence, config(yaml));
}

const changeGate = (r: ReturnType<typeof review>) =>
  r.gates.find((g) => g.metric === "accuracy" && g.rule === "max_regression");

describe("significance: history", () => {
  it("passes a drop beyond the tolerance that the history calls noise", () => {
    // 0.906 → 0.9: 0.006 worse (tolerance 0.002), but the last 20 runs went as low as 0.898.
    const r = review(0.9, history(WOBBLE));
    const gate = changeGate(r);
    expect(gate?.outcome).toBe("within_noise");
    expect(gate?.passed).toBe(true);
    expect(gate?.message).toContain("accuracy regressed 0.006 (more than 0.002) but is within");
    expect(gate?.message).toContain("the range the last 20 base runs predict (≥ 0.8");
    expect(gate?.message).toContain("at 99% confidence");
    expect(gate?.history).toMatchObject({ kind: "judged", n: 20, outside: false });
    expect(r.verdict).toBe("passed");
    expect(r.headline).toBe("The only gate passed (1 within noise)");
  });

  it("fails an outlier the history does not predict", () => {
    const r = review(0.885, history(WOBBLE));
    const gate = changeGate(r);
    expect(gate?.outcome).toBe("failed");
    expect(gate?.message).toBe(
      "accuracy regressed 0.021 (0.906 → 0.885), more than the allowed 0.002; outside the range the last 20 base runs predict (≥ 0.8955 at 99% confidence; mean 0.9029, sd 0.0028)",
    );
    expect(r.verdict).toBe("failed");
  });

  it("does not ask the history about a change within the tolerance", () => {
    const gate = changeGate(review(0.905, history(WOBBLE)));
    expect(gate?.outcome).toBe("passed");
    expect(gate?.history).toBeUndefined();
  });

  it("falls back to the plain tolerance with fewer than min_runs values, and says so", () => {
    const gate = changeGate(review(0.9, history(WOBBLE.slice(0, 7))));
    expect(gate?.outcome).toBe("failed");
    expect(gate?.message).toContain(
      "only 7 base runs have accuracy (significance: history needs 8), so the plain tolerance applies",
    );
    expect(gate?.history).toMatchObject({ kind: "short", n: 7, minRuns: 8 });
    // min_runs is configurable.
    const five = `${GATE}history: { min_runs: 5 }\n`;
    expect(changeGate(review(0.9, history(WOBBLE.slice(0, 7)), five))?.outcome).toBe(
      "within_noise",
    );
  });

  it("says when there is no history at all", () => {
    const gate = changeGate(review(0.9, undefined));
    expect(gate?.outcome).toBe("failed");
    expect(gate?.message).toContain(
      "no history of the base branch, so the plain tolerance applies",
    );
  });

  it("uses only the last history.runs values", () => {
    // Forty old runs far lower, then twenty recent ones: with runs = 20 the old ones do not
    // widen the range, so 0.885 is an outlier; with runs = 60 it is noise.
    const old = Array.from({ length: 40 }, (_, i) => 0.86 + (i % 5) * 0.01);
    const long = history([...old, ...WOBBLE]);
    expect(changeGate(review(0.885, long))?.outcome).toBe("failed");
    const wide = `${GATE}history: { runs: 60 }\n`;
    expect(changeGate(review(0.885, long, wide))?.outcome).toBe("within_noise");
  });

  it("fails any worse value when the history never varied", () => {
    const gate = changeGate(review(0.9, history(Array(10).fill(0.906))));
    expect(gate?.outcome).toBe("failed");
    expect(gate?.message).toContain("the last 10 values never varied");
  });

  it("judges lower-is-better metrics against the upper limit", () => {
    const losses = WOBBLE.map((v) => 1 - v);
    const yaml =
      "metrics:\n  gates:\n    eval_loss: { max_regression: 1%, significance: history }\n";
    const evidence = (head: number): Evidence => ({
      head: { source: "head", metrics: set({ eval_loss: head }) },
      base: { sha: "a".repeat(40), source: "base", metrics: set({ eval_loss: 0.094 }) },
      history: history(losses, "eval_loss"),
    });
    const noise = buildReview(evidence(0.1), config(yaml)).gates[0];
    expect(noise?.outcome).toBe("within_noise");
    expect(noise?.message).toContain("(≤ 0.10");
    expect(buildReview(evidence(0.115), config(yaml)).gates[0]?.outcome).toBe("failed");
  });

  it("works as the default change gate", () => {
    const yaml = "metrics:\n  default: { max_regression: 0.002, significance: history }\n";
    expect(changeGate(review(0.9, history(WOBBLE), yaml))?.outcome).toBe("within_noise");
    expect(changeGate(review(0.885, history(WOBBLE), yaml))?.outcome).toBe("failed");
  });

  it("takes its confidence from history.confidence", () => {
    // 0.895 is inside the 99.9% range and outside the 90% one.
    const at = (confidence: number) =>
      changeGate(review(0.895, history(WOBBLE), `${GATE}history: { confidence: ${confidence} }\n`));
    expect(at(0.999)?.outcome).toBe("within_noise");
    expect(at(0.9)?.outcome).toBe("failed");
    expect(at(0.9)?.message).toContain("at 90% confidence");
  });
});

describe("history config", () => {
  it("has defaults: 20 runs, min_runs 8, confidence 0.99, no maximum age", () => {
    const c = config("{}");
    expect(c.history).toEqual({ runs: 20, minRuns: 8, confidence: 0.99 });
    expect(c.baseline.maxAge).toEqual([]);
    expect(config(GATE).metrics.gates[0]).toMatchObject({ history: true, alpha: undefined });
  });

  it("refuses a history gate without a tolerance, on fairness, or with min_runs > runs", () => {
    const errors = (yaml: string) => parseConfig(yaml).errors ?? [];
    expect(errors("metrics:\n  gates:\n    accuracy: { significance: history }\n")).toEqual([
      "metrics.gates.accuracy.significance: significance: history needs max_regression, the tolerance used while the history is short (0 to judge by the history alone) (line 3)",
    ]);
    expect(
      errors(
        "fairness:\n  predictions: p.csv\n  sensitive: [sex]\n  gates:\n    demographic_parity_ratio: { max_regression: 0.1, significance: history }\n",
      )[0],
    ).toContain("significance: history applies to metrics");
    expect(errors("history: { runs: 5 }\n")[0]).toBe(
      "history.min_runs: is larger than history.runs (5), so no history gate could ever be judged (line 1)",
    );
    expect(errors("history: { confidence: 0.4 }\n")[0]).toContain("history.confidence");
    expect(
      errors(
        "metrics:\n  gates:\n    accuracy: { max_regression: 0.1, significance: histry }\n",
      )[0],
    ).toContain("metrics.gates.accuracy.significance");
  });
});
