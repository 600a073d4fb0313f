import { describe, expect, it } from "vitest";
import type { DisparityGate, FairnessConfig } from "../../src/core/config/config.js";
import { buildFairnessReport } from "../../src/core/fairness/build-fairness-report.js";
import { chartLabel } from "../../src/core/fairness/chart-label.js";
import { compareFairness } from "../../src/core/fairness/compare-fairness.js";
import type { ConfusionCounts } from "../../src/core/fairness/fairness-report.js";
import { renderFairnessMarkdown } from "../../src/core/fairness/render-fairness-markdown.js";
import { renderFairnessSection } from "../../src/core/fairness/render-fairness-section.js";

const HOSTILE =
  '<img src=x onerror=alert(1)>|@admin #12 `rm -rf` "q" ]] %% ``` \u202Eevil\u200b\nnext\r\tline';

function report(groups: [string, string, ConfusionCounts][]) {
  return buildFairnessReport({
    columns: ["sex", "race"],
    groups: groups.map(([sex, race, counts]) => ({ values: [sex, race], counts })),
    minGroupSize: 5,
  });
}

const HEAD = report([
  ["F", "Black", { tp: 10, fp: 2, fn: 5, tn: 30 }],
  ["F", "White", { tp: 20, fp: 8, fn: 2, tn: 20 }],
  ["M", HOSTILE, { tp: 15, fp: 5, fn: 5, tn: 25 }],
  ["M", "Other", { tp: 1, fp: 0, fn: 1, tn: 1 }],
  ["M", "Ünïcødé 名前", { tp: 6, fp: 3, fn: 3, tn: 8 }],
]);
const BASE = report([
  ["F", "Black", { tp: 12, fp: 3, fn: 3, tn: 29 }],
  ["F", "White", { tp: 20, fp: 6, fn: 2, tn: 22 }],
  ["M", HOSTILE, { tp: 15, fp: 5, fn: 5, tn: 25 }],
  ["M", "Gone", { tp: 15, fp: 5, fn: 5, tn: 25 }],
]);
const GATES: DisparityGate[] = [
  { disparity: "demographic_parity_ratio", min: 0.8 },
  {
    disparity: "equalized_odds_difference",
    max: 0.3,
    maxRegression: { kind: "absolute", value: 0.02 },
  },
];
const CONFIG: FairnessConfig = {
  predictions: "eval/predictions.csv",
  label: "label",
  prediction: "prediction",
  positive: 1,
  sensitive: ["sex", "race"],
  minGroupSize: 5,
  chart: "selection_rate",
  gates: GATES,
};

/** Pipes that would start a new cell (not escaped with a backslash). */
function cellBreaks(line: string): number {
  return line.match(/(?<!\\)\|/g)?.length ?? 0;
}

function mermaidBlock(markdown: string): string[] {
  const start = markdown.indexOf("```mermaid\n");
  const end = markdown.indexOf("\n```", start + 1);
  return markdown.slice(start, end + 4).split("\n");
}

describe("renderFairnessSection", () => {
  const markdown = renderFairnessSection(compareFairness(HEAD, BASE, GATES), CONFIG);

  it("matches the snapshot", () => {
    expect(markdown).toMatchSnapshot();
  });

  it("shows disparities with verdicts, groups with counts, flags first, and insufficient data", () => {
    expect(markdown).toContain(
      "| demographic parity ratio | 0.6137 | 0.4559 | −0.1578 | ❌ min 0.8 |",
    );
    expect(markdown).toContain("✅ max 0.3<br>❌ max regression 0.02");
    expect(markdown).toContain(
      "| Group (sex · race) | Count | Positives | Negatives | Selection rate | TPR | FPR | vs base |",
    );
    const rows = markdown.split("\n").filter((l) => l.startsWith("| "));
    const groupRows = rows.slice(rows.findIndex((l) => l.startsWith("| Group")) + 2);
    expect(groupRows[0]).toMatch(
      /^\| ⚠️ F · Black \| 47 \| 15 \| 32 \| 0\.2553 \| 0\.6667 \| 0\.0625 \|/,
    );
    expect(groupRows.at(-1)).toContain("M · Other _(insufficient data)_ | 3 | 2 | 1 |");
    expect(markdown).toContain("| M · Gone | 0 | 0 | 0 | — | — | — | only in the base (50 rows) |");
    expect(markdown).toContain("new in the head");
    expect(markdown).toContain(
      "**Insufficient data** (fewer than 5 rows; shown, left out of the disparities): M · Other (3 rows).",
    );
    expect(markdown).toContain("Ünïcødé 名前");
  });

  it("keeps a hostile group name inside its table cell", () => {
    for (const line of markdown.split("\n").filter((l) => l.startsWith("|"))) {
      const header = markdown.split("\n").find((l) => l.startsWith("| Group"));
      if (line.includes("alert")) expect(cellBreaks(line)).toBe(cellBreaks(header ?? ""));
    }
    expect(markdown).not.toContain("<img");
    expect(markdown).not.toMatch(/@admin/);
    expect(markdown).not.toMatch(/#12/);
    expect(markdown).not.toMatch(/[\u202e\u200b\r\t]/);
    expect(markdown).not.toMatch(/(?<!\\)`rm/);
    expect(markdown.split("\n").some((l) => l.startsWith("next"))).toBe(false);
  });

  it("draws base beside head, with names that cannot leave the chart", () => {
    const block = mermaidBlock(markdown);
    expect(block[0]).toBe("```mermaid");
    expect(block[1]).toBe("xychart-beta");
    expect(block.at(-1)).toBe("```");
    // Only the chart's own lines, each on one line, nothing else inside the fence.
    expect(block.slice(2, -1).map((l) => l.trim().split(" ")[0])).toEqual([
      "title",
      "x-axis",
      "y-axis",
      "bar",
      "bar",
    ]);
    const axis = block.find((l) => l.includes("x-axis")) ?? "";
    const labels = [...axis.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    expect(axis).toBe(`  x-axis [${labels.map((l) => `"${l}"`).join(", ")}]`);
    expect(labels).toContain("F · Black base");
    expect(labels).toContain("F · Black head");
    for (const label of labels) expect(label).toMatch(/^[\p{L}\p{N}\p{M} .,_\-+/=:()·'…]+$/u);
    const bars = block.filter((l) => l.trim().startsWith("bar"));
    const values = bars.map((l) => (l.match(/\[(.*)\]/)?.[1] ?? "").split(", ").map(Number));
    expect(values[0]).toHaveLength(labels.length);
    // F · Black: base 15/47 beside head 12/47.
    expect(values[0]?.slice(0, 2)).toEqual([0.3191, 0]);
    expect(values[1]?.slice(0, 2)).toEqual([0, 0.2553]);
  });

  it("shows no change column and one bar series without a baseline", () => {
    const alone = renderFairnessSection(compareFairness(HEAD, undefined, GATES), CONFIG);
    expect(alone).toContain("no baseline to compare with");
    expect(alone).not.toContain("vs base");
    expect(mermaidBlock(alone).filter((l) => l.trim().startsWith("bar"))).toHaveLength(1);
    expect(alone).toContain(
      "⚪ fairness.equalized\\_odds\\_difference: change not evaluated \\(no baseline\\)",
    );
  });

  it("folds long group tables and caps the chart", () => {
    const many = buildFairnessReport({
      columns: ["g"],
      groups: Array.from({ length: 30 }, (_, i) => ({
        values: [`g${String(i).padStart(2, "0")}`],
        counts: { tp: i + 1, fp: 1, fn: 1, tn: 10 },
      })),
      minGroupSize: 0,
    });
    const text = renderFairnessSection(compareFairness(many, undefined, []), {
      ...CONFIG,
      sensitive: ["g"],
    });
    expect(text).toContain("<details><summary>10 more groups</summary>");
    expect(text).toContain("_The chart shows 12 of 30 groups, flagged ones first._");
  });
});

describe("chartLabel", () => {
  it("leaves nothing that ends a Mermaid string, statement, comment or fence", () => {
    expect(chartLabel('a"b`c\nd%%e#f;g[h]i<j>k{l}')).toBe("a_b_c d__e_f_g_h_i_j_k_l_");
    expect(chartLabel("")).toBe("(empty)");
    expect(chartLabel("x".repeat(40))).toBe(`${"x".repeat(27)}…`);
  });
});

describe("renderFairnessMarkdown", () => {
  it("renders the standalone report", () => {
    const text = renderFairnessMarkdown(HEAD, {
      file: "predictions.csv",
      positive: 1,
      minGroupSize: 5,
    });
    expect(text).toMatchSnapshot();
    expect(text).toContain("170 rows · 5 groups · positive label 1 · minimum group size 5.");
    expect(text).toContain("| **All rows** | 170 | 68 | 102 |");
    expect(text).not.toContain("<img");
  });

  it("says why a disparity is undefined", () => {
    const oneClass = report([
      ["F", "A", { tp: 0, fp: 2, fn: 0, tn: 4 }],
      ["M", "A", { tp: 3, fp: 1, fn: 1, tn: 4 }],
    ]);
    expect(renderFairnessMarkdown(oneClass)).toContain(
      "- Undefined equal opportunity difference, equal opportunity ratio, equalized odds difference, equalized odds ratio: group sex=F, race=A has no positive labels, so its true positive rate is undefined.",
    );
  });
});
