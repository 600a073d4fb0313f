import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../../src/core/config/config-json-schema.js";
import { parseConfig } from "../../src/core/config/parse-config.js";
import { inferDirection } from "../../src/core/infer-direction.js";

describe("parseConfig", () => {
  it("normalises the DESIGN.md example", () => {
    const r = parseConfig(`workflow: train.yml
artifact: eval-results
metrics:
  files: ["metrics.json", "eval/*.json"]
  default: { max_regression: 1% }
  gates:
    accuracy:       { min: 0.90, max_regression: 0.005 }
    eval_loss:      { direction: lower, max_regression: 2% }
    latency_p95_ms: { direction: lower, max: 120 }
fairness:
  predictions: predictions.csv
  label: label
  prediction: prediction
  positive: 1
  sensitive: [sex, race]
  min_group_size: 30
  gates:
    demographic_parity_ratio:  { min: 0.8 }
    equalized_odds_difference: { max: 0.1, max_regression: 0.02 }
override:
  label: mlgate/accept-regression
`);
    expect(r.errors).toBeUndefined();
    const c = r.config!;
    expect(c.metrics.default.maxRegression).toEqual({ kind: "relative", value: 0.01 });
    expect(c.metrics.gates).toEqual([
      {
        metric: "accuracy",
        direction: undefined,
        min: 0.9,
        max: undefined,
        maxRegression: { kind: "absolute", value: 0.005 },
        alpha: undefined,
        required: true,
      },
      {
        metric: "eval_loss",
        direction: "lower",
        min: undefined,
        max: undefined,
        maxRegression: { kind: "relative", value: 0.02 },
        alpha: undefined,
        required: true,
      },
      {
        metric: "latency_p95_ms",
        direction: "lower",
        min: undefined,
        max: 120,
        maxRegression: undefined,
        alpha: undefined,
        required: true,
      },
    ]);
    expect(c.fairness?.sensitive).toEqual(["sex", "race"]);
    expect(c.fairness?.gates.map((g) => g.disparity)).toEqual([
      "demographic_parity_ratio",
      "equalized_odds_difference",
    ]);
    expect(c.override).toEqual({ label: "mlgate/accept-regression", allowAuthor: true });
  });

  it("fills defaults for an empty file", () => {
    const c = parseConfig("").config!;
    expect(c.workflow).toBe("train.yml");
    expect(c.artifact).toBe("eval-results");
    expect(c.metrics.files).toContain("**/metrics.json");
    expect(c.fairness).toBeUndefined();
  });

  it("names the key path and line of an unknown key", () => {
    expect(parseConfig("metrics:\n  gates:\n    accuracy: { min: 0.9, maxx: 1 }\n").errors).toEqual(
      ['metrics.gates.accuracy.maxx: unknown key (did you mean "max"?) (line 3)'],
    );
  });

  it("suggests the key meant for a typo, a longer or a cut-short word", () => {
    const errors = (yaml: string) => parseConfig(yaml).errors;
    expect(errors("metrics:\n  gates:\n    accuracy: { minimum: 0.9 }\n")).toEqual([
      'metrics.gates.accuracy.minimum: unknown key (did you mean "min"?) (line 3)',
    ]);
    expect(errors("metrics:\n  gates:\n    accuracy: { max_regresion: 1% }\n")).toEqual([
      'metrics.gates.accuracy.max_regresion: unknown key (did you mean "max_regression"?) (line 3)',
    ]);
    expect(errors("metric:\n  gates: {}\n")).toEqual([
      'metric: unknown key (did you mean "metrics"?) (line 1)',
    ]);
    expect(
      errors(
        "fairness:\n  predictions: p.csv\n  sensitive: [sex]\n  gates:\n    demographic_parity_ration: { min: 0.8 }\n",
      ),
    ).toEqual([
      'fairness.gates.demographic_parity_ration: unknown key (did you mean "demographic_parity_ratio"?) (line 5)',
    ]);
    // Nothing close: no guess.
    expect(errors("metrics:\n  colour: red\n")).toEqual(["metrics.colour: unknown key (line 2)"]);
  });

  it("names the key path and line of a wrong type", () => {
    const errors = parseConfig(
      "workflow: train.yml\nmetrics:\n  gates:\n    accuracy:\n      min: high\n",
    ).errors;
    expect(errors).toEqual([
      "metrics.gates.accuracy.min: expected number, received string (line 5)",
    ]);
  });

  it("rejects a malformed tolerance and a min above max", () => {
    expect(
      parseConfig("metrics:\n  default: { max_regression: two percent }\n").errors?.[0],
    ).toMatch(/^metrics\.default\.max_regression: .*\(line 2\)$/);
    expect(parseConfig("metrics:\n  gates:\n    acc: { min: 2, max: 1 }\n").errors).toEqual([
      "metrics.gates.acc: min (2) is larger than max (1) (line 3)",
    ]);
  });

  it("reads significance as a level or a confidence", () => {
    const c = parseConfig(
      "metrics:\n  gates:\n    a_acc: { max_regression: 0.01, significance: 0.95 }\n    b_acc: { max_regression: 0.01, significance: 0.05 }\n",
    ).config!;
    expect(c.metrics.gates.map((g) => g.alpha)).toEqual([0.05, 0.05]);
  });

  it("reports YAML syntax errors with a line, unknown tags and alias bombs", () => {
    expect(parseConfig("metrics: [\n").errors?.[0]).toMatch(/line \d/);
    expect(parseConfig("workflow: !!python/object:os.system x\n").errors?.[0]).toContain(
      "Unresolved tag",
    );
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 9; i++)
      bomb.push(
        `${"bcdefghij"[i]}: &${"bcdefghij"[i]} [*${"abcdefghi"[i]}, *${"abcdefghi"[i]}, *${"abcdefghi"[i]}, *${"abcdefghi"[i]}, *${"abcdefghi"[i]}, *${"abcdefghi"[i]}, *${"abcdefghi"[i]}, *${"abcdefghi"[i]}, *${"abcdefghi"[i]}]`,
      );
    const errors = parseConfig(bomb.join("\n")).errors;
    expect(errors?.length).toBeGreaterThan(0);
  });

  it("refuses a top level that is not a mapping", () => {
    expect(parseConfig("- a\n- b\n").errors?.[0]).toContain("top level must be a mapping");
  });
});

describe("the JSON Schema file", () => {
  it("is the zod schema, generated (run `npm run schema` after changing the schema)", () => {
    const onDisk = JSON.parse(
      readFileSync(new URL("../../schema/mlgate.schema.json", import.meta.url), "utf8"),
    );
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
    expect(onDisk.properties.metrics.properties.gates.description).toContain("Gates per metric");
  });
});

describe("inferDirection", () => {
  it.each([
    ["eval_loss", "lower"],
    ["val/loss", "lower"],
    ["latency_p95_ms", "lower"],
    ["test.rmse", "lower"],
    ["wer", "lower"],
    ["eval_runtime", "neutral"],
    ["eval_samples_per_second", "neutral"],
    ["accuracy", "higher"],
    ["eval_accuracy", "higher"],
    ["macro avg.f1-score", "higher"],
    ["valF1Score", "higher"],
    ["rouge1", "higher"],
    ["roc_auc", "higher"],
    ["epoch", "neutral"],
    ["batch_size", "neutral"],
    ["accuracy_error", "lower"],
  ])("%s is %s", (name, direction) => {
    expect(inferDirection(name)).toBe(direction);
  });
});
