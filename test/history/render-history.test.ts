import { describe, expect, it } from "vitest";
import { buildReview } from "../../src/core/build-review.js";
import { parseConfig } from "../../src/core/config/parse-config.js";
import type { BaseHistory } from "../../src/core/history/base-history.js";
import { renderComment } from "../../src/core/render/render-comment.js";
import { renderJson } from "../../src/core/render/render-json.js";
import { sparkline } from "../../src/core/render/sparkline.js";
import type { Metric, MetricSet } from "../../src/core/types.js";

const HOSTILE = "f1|<img src=x>@org/team";

function set(values: Record<string, number>): MetricSet {
  return new Map(
    Object.entries(values).map(([name, value]): [string, Metric] => [
      name,
      { name, value, file: "metrics.json" },
    ]),
  );
}

const ACCURACY = [0.903, 0.899, 0.906, 0.901, 0.904, 0.9, 0.907, 0.902, 0.905, 0.898];
const history: BaseHistory = {
  points: ACCURACY.map((accuracy, i) => ({
    sha: `${i}`.repeat(40).slice(0, 40),
    time: `2026-11-${String(10 + i).padStart(2, "0")}T12:00:00Z`,
    label: `run #${40 + i}`,
    values: { accuracy, [HOSTILE]: 0.8 + i * 0.001, eval_loss: 0.3 - i * 0.002 },
  })),
  unit: "runs",
  source: "runs of train.yml on main",
  skipped: ["run #38: the artifact has expired", "run #39: the artifact has expired"],
};

const yaml = `metrics:
  gates:
    accuracy: { max_regression: 0.002, significance: history }
    "${HOSTILE}": { min: 0.5 }
    eval_loss: { max_regression: 5% }
`;

function review(accuracy: number) {
  const config = parseConfig(yaml).config;
  if (!config) throw new Error("config");
  return buildReview(
    {
      head: {
        sha: "b".repeat(40),
        source: "head",
        metrics: set({ accuracy, [HOSTILE]: 0.81, eval_loss: 0.28 }),
      },
      base: {
        sha: "9".repeat(40),
        source: "run #49",
        metrics: set({ accuracy: 0.898, [HOSTILE]: 0.809, eval_loss: 0.282 }),
      },
      history,
    },
    config,
  );
}

describe("sparkline", () => {
  it("scales values onto eight bars, flat series to the middle one", () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 0, 7)).toBe("▁▂▃▄▅▆▇█");
    expect(sparkline([5, 5, 5], 5, 5)).toBe("▄▄▄");
    expect(sparkline([0, 0.5, 1], 0, 1)).toBe("▁▅█");
  });
});

describe("the trend section", () => {
  it("draws a line per gated metric and a chart for the failing one", () => {
    const r = review(0.88);
    expect(r.verdict).toBe("failed");
    const comment = renderComment(r);
    expect(comment).toMatchSnapshot();
    expect(comment).toContain("#### Trend (last 20 runs of train.yml on main)");
    // Failing first, the head on the same scale after the arrow, the limit it was judged by.
    const lines = comment
      .split("\n")
      .filter((l) => l.startsWith("- ") && l.includes("base values"));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^- ❌ \*\*accuracy\*\* `[▁-█]{10} → ▁` head 0\.88 · 10 base values 0\.898 – 0\.907 \(last 0\.898\) · limit 0\.89\d+$/,
    );
    // Exactly one Mermaid chart: the failing metric's values and its limit.
    expect(comment.match(/```mermaid/g)).toHaveLength(1);
    expect(comment).toContain('title "accuracy: last 10 base runs and the head"');
    expect(comment).toContain('"0000000", "1111111"');
    expect(comment).toContain('"head"]');
    expect(comment).toContain(
      "line [0.903, 0.899, 0.906, 0.901, 0.904, 0.9, 0.907, 0.902, 0.905, 0.898, 0.88]",
    );
    expect(comment).toContain(
      "_Left out of the history: run #&#8203;38: the artifact has expired;",
    );
  });

  it("escapes metric names in lines and reduces them to inert text in charts", () => {
    const comment = renderComment(review(0.88));
    expect(comment).not.toContain("<img");
    expect(comment).not.toContain("@org");
    expect(comment).toContain("**f1\\|&lt;img src=x&gt;@&#8203;org/team**");
  });

  it("has no chart when nothing fails, and the JSON report carries the series", () => {
    const r = review(0.895);
    expect(r.verdict).toBe("passed");
    const comment = renderComment(r);
    expect(comment).toContain("- 🟡 **accuracy**");
    expect(comment).not.toContain("```mermaid");
    const json = renderJson(r);
    const history = json.history as {
      runs: number;
      skipped: string[];
      series: {
        metric: string;
        head: number;
        values: { sha: string; value: number; label: string }[];
      }[];
    };
    expect(history.runs).toBe(20);
    expect(history.skipped).toHaveLength(2);
    const accuracy = history.series.find((s) => s.metric === "accuracy");
    expect(accuracy?.values.map((v) => v.value)).toEqual(ACCURACY);
    expect(accuracy?.values[0]).toEqual({
      sha: "0".repeat(40),
      time: "2026-11-10T12:00:00Z",
      label: "run #40",
      value: 0.903,
    });
    expect(accuracy?.head).toBe(0.895);
    const gate = json.gates.find((g) => g.metric === "accuracy") as { history?: unknown };
    expect(gate.history).toMatchObject({ judged: true, n: 10, outside: false, confidence: 0.99 });
  });
});
