import { Readable } from "node:stream";
import { expect } from "vitest";
import { buildReview } from "../../../src/core/build-review.js";
import type { Config, FairnessConfig } from "../../../src/core/config/config.js";
import { defaultConfig } from "../../../src/core/config/parse-config.js";
import type { Evidence } from "../../../src/core/evidence.js";
import { renderFairnessSection } from "../../../src/core/fairness/render-fairness-section.js";
import { escapeMarkdown } from "../../../src/core/render/escape.js";
import { renderCheck } from "../../../src/core/render/render-check.js";
import { MAX_COMMENT_LENGTH, renderComment } from "../../../src/core/render/render-comment.js";
import { renderJson } from "../../../src/core/render/render-json.js";
import type { Review } from "../../../src/core/review.js";
import type { Metric, MetricSet } from "../../../src/core/types.js";
import { accumulateFairness } from "../../../src/evidence/predictions/accumulate-fairness.js";
import { type HostileCase, hostileCase } from "../harness.js";
import { HOSTILE_NAMES } from "../hostile-names.js";
import { expectSafeMarkdown } from "../safe-markdown.js";

const set = (entries: readonly (readonly [string, number | number[]])[]): MetricSet =>
  new Map(
    entries.map(([name, value]): [string, Metric] => [name, { name, value, file: "metrics.json" }]),
  );

/** A config gating `name` (failing min), so the name reaches the gate table and messages. */
function configGating(name: string): Config {
  const base = defaultConfig();
  return {
    ...base,
    metrics: {
      ...base.metrics,
      default: { maxRegression: { kind: "relative", value: 0.01 } },
      gates: [
        { metric: name, direction: "higher", min: 0.95, required: true },
        { metric: `${name} (missing)`, required: true },
      ],
    },
  };
}

/**
 * A review where a hostile name is everywhere a metric name can be: a failing gate, a missing
 * required metric, changed, new, removed, unchanged and seeded metrics, and the head and base
 * sources.
 */
function reviewNaming(name: string): Review {
  const evidence: Evidence = {
    head: {
      source: name,
      metrics: set([
        [name, 0.9],
        [`${name} loss`, 0.5],
        [`new ${name}`, 1],
        [`same ${name}`, 2],
        [`seeds ${name}`, [0.1, 0.2, 0.3]],
      ]),
    },
    base: {
      sha: "",
      source: name,
      metrics: set([
        [name, 0.92],
        [`${name} loss`, 0.4],
        [`old ${name}`, 3],
        [`same ${name}`, 2],
        [`seeds ${name}`, [0.3, 0.4]],
      ]),
    },
  };
  return buildReview(evidence, configGating(name));
}

/** Every rendering of a review, checked for escape-proofness, and the name shown (escaped). */
function expectReviewSafe(name: string, review: Review): void {
  const md = renderComment(review);
  expectSafeMarkdown(md, { marker: true });
  expect(md.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
  expect(md).toContain(escapeMarkdown(name));
  const check = renderCheck(review);
  expectSafeMarkdown(check.text, { marker: true });
  expectSafeMarkdown(check.summary, { marker: false });
  expect(check.text.length).toBeLessThanOrEqual(65_535);
  for (const a of check.annotations) {
    expect(a.title.length).toBeLessThanOrEqual(255);
    expect(a.message.length).toBeLessThanOrEqual(64_000);
  }
  // JSON keeps the exact name: it is data, escaped by JSON itself.
  const json = JSON.parse(JSON.stringify(renderJson(review))) as { metrics: { name: string }[] };
  expect(json.metrics.map((m) => m.name)).toContain(name);
}

const FAIRNESS: FairnessConfig = {
  predictions: "predictions.csv",
  label: "label",
  prediction: "prediction",
  positive: 1,
  sensitive: ["group"],
  minGroupSize: 2,
  chart: "selection_rate",
  gates: [{ disparity: "demographic_parity_ratio", min: 0.99 }],
};

/** A CSV cell as Python's csv module writes it. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Three groups (the hostile one, a plain one, and one only in the base), with unequal rates. */
function predictions(groups: readonly (readonly [string, string])[]): Readable {
  const lines = ["label,prediction,group"];
  for (const [group, rows] of groups) {
    for (const row of rows.split(" ")) lines.push(`${row},${csvCell(group)}`);
  }
  return Readable.from([Buffer.from(`${lines.join("\n")}\n`)]);
}

async function fairnessReviewNaming(name: string): Promise<{ review: Review; section: string }> {
  const options = { ...FAIRNESS, file: "predictions.csv" };
  const head = await accumulateFairness(
    predictions([
      [name, "1,1 0,1 1,1 0,0"],
      ["plain", "1,0 0,0 1,1 0,0"],
      [`${name} 2`, "1,1 1,1"],
      [`tiny ${name}`, "1,1"],
    ]),
    "csv",
    options,
  );
  const base = await accumulateFairness(
    predictions([
      [name, "1,1 0,0 1,1 0,0"],
      ["plain", "1,1 0,0 1,1 0,0"],
      [`gone ${name}`, "1,0 0,0"],
    ]),
    "csv",
    options,
  );
  const config: Config = { ...defaultConfig(), fairness: FAIRNESS };
  const review = buildReview(
    {
      head: { source: "head", metrics: set([["accuracy", 0.9]]) },
      base: { sha: "", source: "base", metrics: set([["accuracy", 0.9]]) },
      fairness: { head, base },
    },
    config,
  );
  if (!review.fairness) throw new Error("no bias section was built");
  return { review, section: renderFairnessSection(review.fairness, FAIRNESS) };
}

export const renderCases: readonly HostileCase<unknown>[] = [
  ...HOSTILE_NAMES.map(([label, name]) =>
    hostileCase({
      input: `metric name: ${label}`,
      run: () => reviewNaming(name),
      expect: { safe: (review: Review) => expectReviewSafe(name, review) },
    }),
  ),
];

export const fairnessRenderCases: readonly HostileCase<unknown>[] = [
  ...HOSTILE_NAMES.map(([label, name]) =>
    hostileCase({
      input: `group name: ${label}`,
      run: () => fairnessReviewNaming(name),
      expect: {
        safe: ({ review, section }: { review: Review; section: string }) => {
          expectSafeMarkdown(section, { marker: false });
          const md = renderComment(review);
          expectSafeMarkdown(md, { marker: true });
          expect(md.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
          expect(review.fairness?.head.groups.length).toBe(4);
          expect(md).toContain("```mermaid");
        },
      },
    }),
  ),
];
