import { describe, expect, it } from "vitest";
import { buildReview } from "../../src/core/build-review.js";
import type { Config } from "../../src/core/config/config.js";
import { parseConfig } from "../../src/core/config/parse-config.js";
import type { Evidence } from "../../src/core/evidence.js";
import { escapeMarkdown } from "../../src/core/render/escape.js";
import { renderCheck } from "../../src/core/render/render-check.js";
import { MAX_COMMENT_LENGTH, renderComment } from "../../src/core/render/render-comment.js";
import { renderJson } from "../../src/core/render/render-json.js";
import type { Metric, MetricSet } from "../../src/core/types.js";

const set = (values: Record<string, number | number[]>): MetricSet =>
  new Map(
    Object.entries(values).map(([name, value]): [string, Metric] => [
      name,
      { name, value, file: "eval/metrics.json" },
    ]),
  );

const cfg = (yaml: string): Config => {
  const r = parseConfig(yaml);
  if (!r.config) throw new Error(r.errors.join("\n"));
  return r.config;
};

const CONFIG = cfg(`metrics:
  default: { max_regression: 1% }
  gates:
    accuracy: { min: 0.9, max_regression: 0.005 }
    eval_loss: { direction: lower, max_regression: 2% }
    latency_p95_ms: { direction: lower, max: 120 }
`);

const evidence = (
  base: Record<string, number | number[]> | undefined,
  head: Record<string, number | number[]>,
): Evidence => ({
  head: {
    sha: "1234567890abcdef1234567890abcdef12345678",
    source: "run #42 of train.yml",
    metrics: set(head),
  },
  base: base
    ? {
        sha: "abcdef0123456789abcdef0123456789abcdef01",
        source: "run #40 of train.yml",
        url: "https://github.com/acme/model/actions/runs/40",
        distance: 2,
        mergeBase: "fedcba9876543210fedcba9876543210fedcba98",
        metrics: set(base),
      }
    : undefined,
  baselineMissing: base
    ? undefined
    : "no successful push run of train.yml on main has the artifact eval-results",
});

describe("renderComment", () => {
  const review = buildReview(
    evidence(
      {
        accuracy: 0.912,
        eval_loss: 0.31,
        latency_p95_ms: 98,
        f1: 0.88,
        epoch: 3,
        throughput: 1000,
        old_metric: 1,
      },
      {
        accuracy: 0.901,
        eval_loss: 0.33,
        latency_p95_ms: 101,
        f1: 0.88,
        epoch: 3,
        throughput: 1010,
        new_metric: 2,
      },
    ),
    CONFIG,
  );
  const md = renderComment(review);

  it("matches the snapshot", () => {
    expect(md).toMatchSnapshot();
  });
  it("starts with the verdict and names the head, the baseline and its distance", () => {
    expect(md).toContain("<!-- mlgate:review -->");
    expect(md).toContain("### ❌ mlgate: failed");
    expect(md).toContain(
      "**2 gates failed: accuracy \\(max regression 0.005\\), eval\\_loss \\(max regression 2%\\)**",
    );
    expect(md).toContain("Head `1234567` compared with baseline `abcdef0`");
    expect(md).toContain(
      "[run #&#8203;40 of train.yml](https://github.com/acme/model/actions/runs/40), 2 commits before the merge base `fedcba9`",
    );
  });
  it("lists failing gates first, each with its values, rules and why", () => {
    expect(md).toContain(
      "| accuracy | 0.912 | 0.901 | −0.011 | ❌ max regression 0.005<br>✅ min 0.9 | accuracy regressed 0.011 \\(0.912 → 0.901\\), more than the allowed 0.005 |",
    );
    expect(md).toContain(
      "| eval\\_loss | 0.31 | 0.33 | +0.02 | ❌ max regression 2% | eval\\_loss regressed 6.45% \\(0.31 → 0.33\\), more than the allowed 2% |",
    );
    expect(md.indexOf("#### Failing gates")).toBeLessThan(md.indexOf("#### Changes"));
  });
  it("shows each metric in one table only", () => {
    for (const name of ["accuracy", "eval\\_loss", "latency\\_p95\\_ms", "throughput", "f1"]) {
      expect(md.split(`| ${name} |`).length, name).toBe(2);
    }
    expect(md).not.toContain("#### Gates");
  });
  it("folds passing, new, removed and bookkeeping metrics under summaries that name them", () => {
    expect(md).toContain(
      "| throughput | 1000 | 1010 | +10 | +1.00% | 🟢 better | ✅ max regression 1% |",
    );
    expect(md).toContain("<details><summary>Passed: f1</summary>");
    expect(md).toContain("<details><summary>New (not in the baseline): new\\_metric</summary>");
    expect(md).toContain(
      "<details><summary>Removed (in the baseline only): old\\_metric</summary>",
    );
    expect(md).toContain("<details><summary>Run details, not gated: epoch</summary>");
    expect(md).not.toMatch(/\d+ other metrics/);
  });
  it("says plainly when there is no baseline", () => {
    const noBase = renderComment(buildReview(evidence(undefined, { accuracy: 0.95 }), CONFIG));
    expect(noBase).toContain(
      "**No baseline:** no successful push run of train.yml on main has the artifact eval-results",
    );
    expect(noBase).toContain("⚪ max regression 0.005 not evaluated");
  });
});

describe("escaping artifact strings", () => {
  it.each([
    ["a|b", "a\\|b"],
    ["<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert\\(1\\)&gt;"],
    ["@acme/ml-team", "@&#8203;acme/ml-team"],
    ["fixes #123", "fixes #&#8203;123"],
    ["[click](https://evil.example)", "\\[click\\]\\(https&#58;//evil.example\\)"],
    ["<!-- mlgate:review -->", "&lt;\\!-- mlgate:review --&gt;"],
    ["acc\u202euracy", "accuracy"],
    ["line\nbreak\r", "line break "],
    ["`code`", "\\`code\\`"],
  ])("%j → %j", (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });
  it("cuts very long names", () => {
    expect(escapeMarkdown("x".repeat(1_000_000)).length).toBeLessThanOrEqual(200);
  });
  it("keeps a hostile metric name inside its table cell and out of mentions", () => {
    const hostile = "evil|name <!-- mlgate:review --> @org/team #1 \u202e";
    const md = renderComment(buildReview(evidence({ [hostile]: 1 }, { [hostile]: 2 }), cfg("{}")));
    const row = md.split("\n").find((l) => l.includes("evil"));
    expect(row?.split(/(?<!\\)\|/).length).toBe(9); // 7 cells: 8 pipes
    expect(md.match(/<!-- mlgate:review -->/g)?.length).toBe(1);
    expect(md).not.toMatch(/@org/);
    expect(md).not.toContain("\u202e");
  });
});

describe("size", () => {
  it("10,000 metrics render under 65,536 characters and say what was folded", () => {
    const base: Record<string, number> = {};
    const head: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      base[`layer_${i}.accuracy`] = 0.5;
      head[`layer_${i}.accuracy`] = i % 3 === 0 ? 0.4 : i % 3 === 1 ? 0.6 : 0.5;
    }
    const review = buildReview(
      evidence(base, head),
      cfg("metrics:\n  default: { max_regression: 1% }\n"),
    );
    const md = renderComment(review);
    expect(md.length).toBeLessThan(MAX_COMMENT_LENGTH);
    expect(md).toContain("3334 gates failed");
    expect(md).toMatch(/…and \d+ more rows not shown here/);
    const check = renderCheck(review);
    expect(check.summary.length).toBeLessThanOrEqual(65_535);
    expect(check.text.length).toBeLessThanOrEqual(65_535);
  });
});

describe("renderJson", () => {
  it("has the contract's fields", () => {
    const json = renderJson(
      buildReview(evidence({ accuracy: 0.95 }, { accuracy: 0.94, f1: 0.5 }), CONFIG),
    );
    expect(json.passed).toBe(false);
    expect(json.metrics[0]).toEqual({
      name: "accuracy",
      base: 0.95,
      head: 0.94,
      delta: expect.closeTo(-0.01, 12),
      relative: expect.closeTo(-0.01 / 0.95, 12),
      direction: "higher",
      status: "regressed",
    });
    expect(json.gates[0]).toMatchObject({ metric: "accuracy", rule: "min", passed: true });
    expect(json.gates[1]).toMatchObject({
      metric: "accuracy",
      rule: "max_regression",
      passed: false,
    });
  });
});

describe("renderCheck", () => {
  it("concludes from the verdict and annotates failed gates at their file", () => {
    const check = renderCheck(buildReview(evidence({ accuracy: 0.95 }, { accuracy: 0.5 }), CONFIG));
    expect(check.conclusion).toBe("failure");
    expect(check.annotations[0]).toMatchObject({ path: "eval/metrics.json", level: "failure" });
    expect(check.summary).toContain("accuracy 0.5 is below the minimum 0.9");
  });
});
