import { Readable } from "node:stream";
import fc from "fast-check";
import { expect, it } from "vitest";
import { buildReview } from "../../src/core/build-review.js";
import type { Config, FairnessConfig } from "../../src/core/config/config.js";
import { defaultConfig, parseConfig } from "../../src/core/config/parse-config.js";
import { METRIC_FORMATS, type MetricFormat, RATE_NAMES } from "../../src/core/config/schema.js";
import { isMlgateError } from "../../src/core/errors.js";
import { buildFairnessReport } from "../../src/core/fairness/build-fairness-report.js";
import type { FairnessReport } from "../../src/core/fairness/fairness-report.js";
import { renderFairnessSection } from "../../src/core/fairness/render-fairness-section.js";
import { renderCheck } from "../../src/core/render/render-check.js";
import { MAX_COMMENT_LENGTH, renderComment } from "../../src/core/render/render-comment.js";
import type { Metric, MetricSet } from "../../src/core/types.js";
import { accumulateFairness } from "../../src/evidence/predictions/accumulate-fairness.js";
import { MAX_METRIC_NAME_LENGTH } from "../../src/evidence/readers/metric-name.js";
import { detectFormat, readers } from "../../src/evidence/readers/registry.js";
import { openZipSource } from "../../src/evidence/zip-source.js";
import { makeZip } from "../helpers/make-zip.js";
import {
  crashUnlessAssertion,
  generated,
  MAX_MESSAGE_LENGTH,
  unsafeUnlessCrash,
} from "./harness.js";
import { HOSTILE_UNITS } from "./hostile-names.js";
import { expectSafeMarkdown } from "./safe-markdown.js";

/** fast-check runs per property: enough to find the classics, quick on 2 cores. */
const RUNS = Number(process.env.MLGATE_HOSTILE_RUNS ?? 250);

const PATHS: Record<MetricFormat, string> = {
  json: "eval/metrics.json",
  yaml: "eval/metrics.yaml",
  toml: "eval/metrics.toml",
  mlflow: "mlruns/1/run/metrics/val/loss",
  wandb: "files/wandb-summary.json",
  huggingface: "out/trainer_state.json",
  csv: "logs/metrics.csv",
  sklearn: "eval/classification_report.json",
  tensorboard: "logs/events.out.tfevents.1",
  "lm-eval": "out/results_2024-06-17T12-20-26.826621.json",
  promptfoo: "out/results.json",
  deepeval: "out/test_run_20250101_120000.json",
};

const RESERVED = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Feeds one input to every reader (and to format detection). The only outcomes allowed: clean
 * metrics, or an mlgate error naming the file with a one-line, bounded message.
 */
function intoEveryReader(content: Buffer): void {
  for (const format of METRIC_FORMATS) {
    const path = PATHS[format];
    detectFormat(path, content);
    let metrics: Metric[];
    try {
      metrics = readers[format].read(content, path);
    } catch (error) {
      if (!isMlgateError(error)) throw error;
      expect(error.where).toBe(path);
      expect(error.toUserMessage()).not.toMatch(/[\r\n]/);
      expect(error.toUserMessage().length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      continue;
    } finally {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    for (const m of metrics) {
      expect(m.file).toBe(path);
      expect(m.name.length).toBeGreaterThan(0);
      expect(m.name.length).toBeLessThanOrEqual(MAX_METRIC_NAME_LENGTH);
      for (const segment of m.name.split(/[./]/)) expect(RESERVED.has(segment)).toBe(false);
      const values = typeof m.value === "number" ? [m.value] : m.value;
      // NaN and ±Infinity are values tools write; the review shows them as not a number.
      for (const v of values) expect(typeof v).toBe("number");
    }
  }
}

const hostileKey = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "a.__proto__",
    "x/constructor",
    "",
    "_step",
    "_type",
    "log_history",
    "macro avg",
    "accuracy",
    "precision",
    "f1-score",
    "support",
    "epoch",
    "<!-- mlgate:review -->",
    "@org/team",
  ),
  fc.string({ unit: fc.constantFrom(...HOSTILE_UNITS), maxLength: 12 }),
);

const numberToken = fc.constantFrom(
  "0",
  "-0",
  "0.5",
  "1",
  "-1.25e-3",
  "1e400",
  "-1e400",
  "1e-400",
  "NaN",
  "Infinity",
  "-Infinity",
  "123456789012345678901234567890",
  '"0.9"',
  '"NaN"',
);

/** JSON text (with Python's NaN/Infinity tokens) over hostile keys, nested a few levels. */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    numberToken,
    fc.constantFrom("true", "null", '"text"', "[]", "{}"),
    fc.array(tie("value"), { maxLength: 4 }).map((items) => `[${items.join(",")}]`),
    fc
      .array(fc.tuple(hostileKey, tie("value")), { maxLength: 5 })
      .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
  ),
})).value;

const csvCell = fc.oneof(
  numberToken,
  hostileKey,
  fc.constantFrom(
    "NA",
    "nan",
    "inf",
    "=1+1",
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
    "+1",
    '"',
    '""',
    "",
  ),
);
const csvText = fc
  .tuple(
    fc.array(fc.array(csvCell, { minLength: 1, maxLength: 5 }), { maxLength: 6 }),
    fc.constantFrom("\n", "\r\n", "\r"),
    fc.boolean(),
  )
  .map(([rows, eol, quote]) =>
    rows
      .map((cells) =>
        cells
          .map((c) => (quote && /[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c))
          .join(","),
      )
      .join(eol),
  );

const yamlText = fc
  .array(
    fc.tuple(
      fc.nat({ max: 6 }),
      hostileKey,
      fc.constantFrom(
        "1",
        ".nan",
        ".inf",
        "&a 1",
        "*a",
        "&b [1, 2]",
        "*b",
        "!!python/object:os.system x",
        "!foo 1",
        "!!binary aGk=",
        "{<<: *b}",
        "[*a, *a, *a]",
        "'0.5'",
        "~",
        "",
        "|\n  text",
        "2001-12-14",
        "1e400",
      ),
    ),
    { maxLength: 10 },
  )
  .map((lines) =>
    lines
      .map(([indent, key, value]) => `${" ".repeat(indent)}${JSON.stringify(key)}: ${value}`)
      .join("\n"),
  );

export function registerReaderProperties(): void {
  it("random bytes into every reader: metrics or an mlgate error", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        generated("random bytes", crashUnlessAssertion, (bytes: Uint8Array) => {
          intoEveryReader(Buffer.from(bytes));
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it("structured JSON (hostile keys, NaN/1e400 tokens) into every reader", () => {
    fc.assert(
      fc.property(
        fc.tuple(jsonText, fc.constantFrom("", "\ufeff", " ")),
        generated("structured JSON", crashUnlessAssertion, ([text, prefix]: [string, string]) => {
          intoEveryReader(Buffer.from(prefix + text));
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it("structured CSV (formulas, NA, quotes, mixed line ends) into every reader", () => {
    fc.assert(
      fc.property(
        csvText,
        generated("structured CSV", crashUnlessAssertion, (text: string) => {
          intoEveryReader(Buffer.from(text));
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it("structured YAML (anchors, aliases, tags, merge keys) into every reader", () => {
    fc.assert(
      fc.property(
        yamlText,
        generated("structured YAML", crashUnlessAssertion, (text: string) => {
          intoEveryReader(Buffer.from(text));
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it("structured YAML into the config parser: never throws, problems are one line each", () => {
    fc.assert(
      fc.property(
        fc.oneof(yamlText, jsonText),
        generated("config text", crashUnlessAssertion, (text: string) => {
          const result = parseConfig(text, "mlgate.yml");
          for (const problem of result.errors ?? []) {
            expect(problem).not.toMatch(/[\r\n\u202a-\u202e\u2066-\u2069]/);
            expect(problem.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
          }
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it("mutated zips (bytes flipped, cut) open and read to files or an ArtifactError", async () => {
    const zip = makeZip([
      { name: "metrics.json", data: '{"accuracy": 0.91}' },
      { name: "eval/", data: "" },
      { name: "eval/metrics.csv", data: "epoch,acc\n0,0.5\n", method: 0 },
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: zip.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          maxLength: 4,
        }),
        fc.option(fc.nat({ max: zip.length }), { nil: undefined }),
        generated(
          "mutated zip",
          crashUnlessAssertion,
          async (flips: [number, number][], cut: number | undefined) => {
            const mutated = Buffer.from(zip);
            for (const [at, xor] of flips) mutated.writeUInt8((mutated[at] ?? 0) ^ xor, at);
            const bytes = cut === undefined ? mutated : mutated.subarray(0, cut);
            try {
              const source = await openZipSource(bytes, { label: "artifact.zip", maxRatio: 1e9 });
              try {
                for (const file of await source.list()) await source.read(file, 1024 * 1024);
              } finally {
                await source.close();
              }
            } catch (error) {
              if (!isMlgateError(error)) throw error;
              expect(error.where).toBe("artifact.zip");
              expect(error.toUserMessage()).not.toMatch(/[\r\n]/);
            }
          },
        ),
      ),
      { numRuns: RUNS },
    );
  });

  it("structured predictions CSV into the bias check: a report or an InputError", async () => {
    await fc.assert(
      fc.asyncProperty(
        csvText,
        fc.constantFrom<[string, string, string]>(
          ["label", "prediction", "group"],
          ["a", "b", "c"],
        ),
        generated(
          "predictions CSV",
          crashUnlessAssertion,
          async (body: string, [label, prediction, group]: [string, string, string]) => {
            const text = `${label},${prediction},${group}\n${body}`;
            try {
              const report = await accumulateFairness(Readable.from([Buffer.from(text)]), "csv", {
                label,
                prediction,
                sensitive: [group],
                positive: 1,
                minGroupSize: 1,
                file: "predictions.csv",
              });
              expect(report.rows).toBe(report.groups.reduce((n, g) => n + g.count, 0));
            } catch (error) {
              if (!isMlgateError(error)) throw error;
              expect(error.where).toBe("predictions.csv");
              expect(error.toUserMessage()).not.toMatch(/\n/);
            }
          },
        ),
      ),
      { numRuns: RUNS },
    );
  });
}

const hostileName = fc.string({
  unit: fc.constantFrom(...HOSTILE_UNITS),
  minLength: 1,
  maxLength: 24,
});

const set = (entries: readonly (readonly [string, number])[]): MetricSet =>
  new Map(
    entries.map(([name, value]): [string, Metric] => [name, { name, value, file: "m.json" }]),
  );

function gated(names: readonly string[]): Config {
  const base = defaultConfig();
  return {
    ...base,
    metrics: {
      ...base.metrics,
      default: { maxRegression: { kind: "absolute", value: 0.01 } },
      gates: names.map((metric, i) => ({
        metric,
        direction: i % 2 === 0 ? ("higher" as const) : ("lower" as const),
        min: 0.5,
        maxRegression: { kind: "relative" as const, value: 0.02 },
        required: true,
      })),
    },
  };
}

function report(
  columns: readonly string[],
  groups: readonly (readonly [string[], number[]])[],
): FairnessReport {
  return buildFairnessReport({
    columns,
    minGroupSize: 3,
    groups: groups.map(([values, [tp = 0, fp = 0, fn = 0, tn = 0]]) => ({
      values,
      counts: { tp, fp, fn, tn },
    })),
  });
}

export function registerRenderProperties(): void {
  it("random metric names: the comment and the check stay intact", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.tuple(
            hostileName,
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 8,
            selector: ([name]) => name,
          },
        ),
        fc.nat({ max: 3 }),
        generated(
          "metric names",
          unsafeUnlessCrash,
          (rows: [string, number, number][], gatedCount: number) => {
            const names = rows.map(([n]) => n);
            const review = buildReview(
              {
                head: {
                  source: names[0] ?? "head",
                  metrics: set(rows.slice(1).map(([n, , h]) => [n, h])),
                },
                base: {
                  sha: "",
                  source: names.at(-1) ?? "base",
                  metrics: set(rows.map(([n, b]) => [n, b])),
                },
              },
              gated(names.slice(0, gatedCount)),
            );
            const md = renderComment(review);
            expectSafeMarkdown(md, { marker: true });
            expect(md.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
            const check = renderCheck(review);
            expectSafeMarkdown(check.summary, { marker: false });
            expectSafeMarkdown(check.text, { marker: true });
          },
        ),
      ),
      { numRuns: RUNS },
    );
  });

  it("random group and column names: the bias section, its tables and chart stay intact", () => {
    const counts = fc.array(fc.nat({ max: 20 }), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(
        fc.uniqueArray(hostileName, { minLength: 1, maxLength: 2 }),
        fc.uniqueArray(fc.tuple(hostileName, hostileName, counts), {
          minLength: 1,
          maxLength: 6,
          selector: ([a, b]) => `${a}\u0000${b}`,
        }),
        fc.constantFrom(...RATE_NAMES),
        generated(
          "group names",
          unsafeUnlessCrash,
          (
            columns: string[],
            groups: [string, string, number[]][],
            chart: (typeof RATE_NAMES)[number],
          ) => {
            const values = (a: string, b: string) => (columns.length === 1 ? [a] : [a, b]);
            const head = report(
              columns,
              groups.map(([a, b, c]) => [values(a, b), c]),
            );
            const base = report(
              columns,
              groups.slice(1).map(([a, b, c]) => [values(a, b), [...c].reverse()]),
            );
            const fairness: FairnessConfig = {
              predictions: columns[0] ?? "p.csv",
              label: "label",
              prediction: "prediction",
              positive: columns.at(-1) ?? 1,
              sensitive: columns,
              minGroupSize: 3,
              chart,
              gates: [
                { disparity: "demographic_parity_ratio", min: 0.8 },
                {
                  disparity: "equalized_odds_difference",
                  max: 0.1,
                  maxRegression: { kind: "absolute", value: 0.01 },
                },
              ],
            };
            const review = buildReview(
              {
                head: { source: "head", metrics: set([["accuracy", 0.9]]) },
                base: { sha: "", source: "base", metrics: set([["accuracy", 0.9]]) },
                fairness: { head, base },
              },
              { ...defaultConfig(), fairness },
            );
            if (!review.fairness) throw new Error("no bias section was built");
            expectSafeMarkdown(renderFairnessSection(review.fairness, fairness), { marker: false });
            const md = renderComment(review);
            expectSafeMarkdown(md, { marker: true });
            expect(md.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
          },
        ),
      ),
      { numRuns: RUNS },
    );
  });
}
