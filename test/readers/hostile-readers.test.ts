import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { METRIC_FORMATS, type MetricFormat } from "../../src/core/config/schema.js";
import { isMlgateError } from "../../src/core/errors.js";
import type { Metric } from "../../src/core/types.js";
import { readers } from "../../src/evidence/readers/registry.js";
import { record } from "../fixtures/metrics/tensorboard/make-tfevents.js";

const PATHS: Record<MetricFormat, string> = {
  json: "metrics.json",
  yaml: "metrics.yaml",
  toml: "metrics.toml",
  mlflow: "mlruns/0/run/metrics/acc",
  wandb: "files/wandb-summary.json",
  huggingface: "trainer_state.json",
  csv: "metrics.csv",
  sklearn: "classification_report.json",
  tensorboard: "events.out.tfevents.1",
  "lm-eval": "results_2024-06-17T12-20-26.826621.json",
  promptfoo: "results.json",
  deepeval: ".latest_run_full.json",
};

/** Reads, and checks the only outcomes allowed: clean metrics, or one of mlgate's own errors. */
function readSafely(format: MetricFormat, content: Buffer): Metric[] | "rejected" {
  let metrics: Metric[];
  try {
    metrics = readers[format].read(content, PATHS[format]);
  } catch (error) {
    if (!isMlgateError(error)) throw error;
    expect(error.where).toBe(PATHS[format]);
    expect(error.message).not.toMatch(/\n\s+at /);
    return "rejected";
  }
  for (const metric of metrics) {
    expect(metric.file).toBe(PATHS[format]);
    expect(metric.name.length).toBeGreaterThan(0);
    expect(metric.name.split(/[./]/)).not.toContain("__proto__");
    const values = typeof metric.value === "number" ? [metric.value] : metric.value;
    // NaN and ±Infinity are values tools write; the review shows them as not a number.
    for (const v of values) expect(typeof v).toBe("number");
  }
  return metrics;
}

const jsonish = fc.oneof(
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify({ m: v })),
  fc.string({
    unit: fc.constantFrom(
      "{",
      "}",
      "[",
      "]",
      '"',
      ":",
      ",",
      "1",
      "e",
      "-",
      "NaN",
      "Infinity",
      "a",
      " ",
      "\\",
    ),
  }),
);

describe("readers under hostile input (property-based)", () => {
  it.each(METRIC_FORMATS)(
    "%s: random bytes give metrics or an mlgate error, nothing else",
    (format) => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
          readSafely(format, Buffer.from(bytes));
        }),
        { numRuns: 300 },
      );
    },
  );

  it.each(["json", "wandb", "huggingface", "sklearn"] as const)(
    "%s: JSON-like text never escapes as another error",
    (format) => {
      fc.assert(
        fc.property(jsonish, (text) => {
          readSafely(format, Buffer.from(text));
        }),
        { numRuns: 300 },
      );
    },
  );

  it("yaml and toml: structured junk never escapes as another error", () => {
    const text = fc.string({
      unit: fc.constantFrom(
        "a",
        ":",
        " ",
        "\n",
        "-",
        "[",
        "]",
        "{",
        "}",
        "=",
        "&x",
        "*x",
        "!!",
        ".nan",
        "1",
        '"',
        "#",
      ),
    });
    fc.assert(
      fc.property(text, (t) => {
        readSafely("yaml", Buffer.from(t));
        readSafely("toml", Buffer.from(t));
      }),
      { numRuns: 500 },
    );
  });

  it("csv and mlflow: junk lines never escape as another error", () => {
    const text = fc.string({
      unit: fc.constantFrom("a", ",", '"', "\n", "\r", "1", ".", "e", "-", "nan", "NA", " ", "inf"),
    });
    fc.assert(
      fc.property(text, (t) => {
        readSafely("csv", Buffer.from(t));
        readSafely("mlflow", Buffer.from(t));
      }),
      { numRuns: 500 },
    );
  });

  it("tensorboard: random protobuf inside valid records never escapes as another error", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (datas) => {
        readSafely("tensorboard", Buffer.concat(datas.map((d) => record(Buffer.from(d)))));
      }),
      { numRuns: 1000 },
    );
  });

  it("never pollutes Object.prototype whatever the input", () => {
    for (const format of METRIC_FORMATS) {
      readSafely(
        format,
        Buffer.from(
          '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}',
        ),
      );
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
