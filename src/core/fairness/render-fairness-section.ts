import type { FairnessConfig } from "../config/config.js";
import type { RateName } from "../config/schema.js";
import { formatDelta, formatValue } from "../format-number.js";
import type { GateOutcome, GateResult } from "../gate-result.js";
import { escapeMarkdown } from "../render/escape.js";
import { chartLabel } from "./chart-label.js";
import type {
  DisparityComparison,
  FairnessComparison,
  GroupComparison,
} from "./compare-fairness.js";
import {
  countCell,
  countCells,
  disparityTitle,
  groupCell,
  groupTitle,
  positiveText,
  RATE_TITLES,
  rateCell,
  table,
} from "./fairness-markdown-parts.js";

/** How much of a long bias check to show. */
export interface FairnessSectionLimits {
  /** Group rows shown open; the rest fold into `<details>` (default 20). */
  readonly openGroups?: number;
  /** Group rows shown at all; beyond, a line says how many are left out (default 200). */
  readonly maxGroups?: number;
  /** Groups drawn in the chart, flagged first (default 12). */
  readonly chartGroups?: number;
}

const OUTCOME_MARK: Record<GateOutcome, string> = {
  passed: "✅",
  failed: "❌",
  not_evaluated: "⚪",
  within_noise: "🟡",
  accepted: "⚠️",
};

const RULE_TEXT: Record<GateResult["rule"], string> = {
  min: "min",
  max: "max",
  max_regression: "max regression",
  required: "required",
};

/** The rates every group table shows; the chart's rate is added when it is another one. */
const TABLE_RATES: readonly RateName[] = [
  "selection_rate",
  "true_positive_rate",
  "false_positive_rate",
];

/**
 * The bias section of the review comment: disparities base → head with each gate's verdict, a
 * group table (count, positives, negatives, the rates that matter, the change against the base;
 * flagged groups first), the groups with insufficient data, and a Mermaid bar chart of the
 * configured rate per group with base beside head. Every string from the predictions file is
 * escaped for markdown in the tables and reduced to inert characters in the chart; the table is
 * always there for readers where Mermaid does not render. Pure.
 */
export function renderFairnessSection(
  comparison: FairnessComparison,
  config: FairnessConfig,
  limits: FairnessSectionLimits = {},
): string {
  const openGroups = limits.openGroups ?? 20;
  const maxGroups = limits.maxGroups ?? 200;
  const chartGroups = limits.chartGroups ?? 12;
  const { head, base } = comparison;
  const out: string[] = ["#### Bias check", ""];

  const sides = base
    ? `${countCell(head.rows)} rows in the head, ${countCell(base.rows)} in the base`
    : `${countCell(head.rows)} rows in the head, no baseline to compare with`;
  out.push(
    `${escapeMarkdown(config.predictions)}: ${sides}. Groups are ${config.sensitive.map((c) => escapeMarkdown(c, 40)).join(" × ")}; the positive label is ${positiveText(config.positive)}; groups under ${config.minGroupSize} rows are shown as *insufficient data* and left out of the disparities.`,
    "",
  );

  out.push(...disparityLines(comparison), "");

  const rates = TABLE_RATES.includes(config.chart) ? TABLE_RATES : [...TABLE_RATES, config.chart];
  const header = [
    groupTitle(config.sensitive),
    "Count",
    "Positives",
    "Negatives",
    ...rates.map((r) => RATE_TITLES[r]),
    ...(base ? ["vs base"] : []),
  ];
  const align = ["l", "r", "r", "r", ...rates.map(() => "r"), ...(base ? ["l"] : [])];
  const rows = comparison.groups.map((g) => groupRow(g, rates, base !== undefined));
  const shown = rows.slice(0, maxGroups);
  const open = shown.slice(0, openGroups);
  const folded = shown.slice(openGroups);
  out.push(table(header, open, align), "");
  if (folded.length > 0) {
    out.push(
      `<details><summary>${folded.length} more group${folded.length === 1 ? "" : "s"}</summary>`,
      "",
      table(header, folded, align),
      "",
      "</details>",
      "",
    );
  }
  if (rows.length > shown.length) {
    out.push(
      `_…and ${rows.length - shown.length} more groups not shown here (see \`mlgate fairness --format json\`)._`,
      "",
    );
  }

  const flagged = comparison.groups.filter((g) => g.flags.length > 0);
  if (flagged.length > 0) {
    out.push("**Flagged groups**", "");
    for (const g of flagged.slice(0, 20)) {
      out.push(
        `- ⚠️ ${groupCell(g.values)}: ${g.flags.map((f) => escapeMarkdown(f, 200)).join("; ")}`,
      );
    }
    out.push("");
  }

  const insufficient = comparison.groups.filter((g) => g.head?.insufficient);
  if (insufficient.length > 0) {
    const list = insufficient
      .slice(0, 30)
      .map((g) => `${groupCell(g.values)} (${countCell(g.head?.count ?? 0)} rows)`)
      .join(", ");
    const more = insufficient.length > 30 ? `, and ${insufficient.length - 30} more` : "";
    out.push(
      `**Insufficient data** (fewer than ${config.minGroupSize} rows; shown, left out of the disparities): ${list}${more}.`,
      "",
    );
  }

  out.push(...chartLines(comparison, config.chart, chartGroups));
  return `${out.join("\n").trimEnd()}\n`;
}

function disparityLines(comparison: FairnessComparison): string[] {
  const hasBase = comparison.base !== undefined;
  const header = [
    "Disparity",
    ...(hasBase ? ["Base"] : []),
    "Head",
    ...(hasBase ? ["Δ"] : []),
    "Gates",
  ];
  const align = ["l", ...(hasBase ? ["r"] : []), "r", ...(hasBase ? ["r"] : []), "l"];
  const rows = comparison.disparities.map((d) => [
    disparityTitle(d.name),
    ...(hasBase ? [formatValue(d.base)] : []),
    d.head === null ? "undefined" : formatValue(d.head),
    ...(hasBase ? [formatDelta(d.delta)] : []),
    gateCell(d),
  ]);
  const lines = [table(header, rows, align)];
  const undefinedOnes = comparison.disparities.filter((d) => d.head === null && d.undefinedBecause);
  if (undefinedOnes.length > 0) {
    lines.push("");
    // The equal-opportunity and equalized-odds pairs usually share one reason: say it once.
    const byReason = new Map<string, string[]>();
    for (const d of undefinedOnes) {
      const reason = d.undefinedBecause as string;
      byReason.set(reason, [...(byReason.get(reason) ?? []), disparityTitle(d.name)]);
    }
    for (const [reason, names] of byReason) {
      lines.push(`- Undefined ${names.join(", ")}: ${escapeMarkdown(reason, 300)}.`);
    }
  }
  const explained = comparison.gates.filter((g) => g.outcome !== "passed");
  if (explained.length > 0) {
    lines.push("");
    for (const g of explained) {
      lines.push(`- ${OUTCOME_MARK[g.outcome]} ${escapeMarkdown(g.message, 400)}`);
    }
  }
  return lines;
}

function gateCell(d: DisparityComparison): string {
  if (d.gates.length === 0) return "—";
  return d.gates
    .map(
      (g) => `${OUTCOME_MARK[g.outcome]} ${RULE_TEXT[g.rule]} ${escapeMarkdown(g.threshold, 20)}`,
    )
    .join("<br>");
}

function groupRow(g: GroupComparison, rates: readonly RateName[], hasBase: boolean): string[] {
  const side = g.head ?? g.base;
  const name = `${g.flags.length > 0 ? "⚠️ " : ""}${groupCell(g.values)}${g.head?.insufficient ? " _(insufficient data)_" : ""}`;
  const cells =
    g.head === null
      ? ["0", "0", "0", ...rates.map(() => "—")]
      : [
          ...countCells(g.head),
          ...rates.map((r) => rateCell((g.head as NonNullable<typeof side>)[r])),
        ];
  if (!hasBase) return [name, ...cells];
  return [name, ...cells, changeCell(g, rates)];
}

function changeCell(g: GroupComparison, rates: readonly RateName[]): string {
  if (g.head === null) return `only in the base (${countCell(g.base?.count ?? 0)} rows)`;
  if (g.base === null) return "new in the head";
  const head = g.head;
  const base = g.base;
  const parts = rates.map((r) => {
    const h = head[r];
    const b = base[r];
    const delta = h !== null && b !== null ? formatDelta(h - b) : "n/a";
    return `${RATE_TITLES[r]} ${delta}`;
  });
  return parts.join(" · ");
}

function chartLines(comparison: FairnessComparison, rate: RateName, maxGroups: number): string[] {
  // Insufficient groups are left out of the chart as they are of the disparities: too noisy.
  const candidates = comparison.groups.filter(
    (g) =>
      (g.head !== null && !g.head.insufficient) ||
      (g.head === null && g.base !== null && !g.base.insufficient),
  );
  const groups = candidates.slice(0, maxGroups);
  if (groups.length === 0) return [];
  const hasBase = comparison.base !== undefined;
  const categories: string[] = [];
  const baseBars: number[] = [];
  const headBars: number[] = [];
  for (const g of groups) {
    const label = chartLabel(g.values.map((v) => (v === "" ? "(empty)" : v)).join(" · "));
    const h = g.head ? g.head[rate] : null;
    if (hasBase) {
      const b = g.base ? g.base[rate] : null;
      // Two series on interleaved categories, each zero where the other is drawn, put base
      // and head side by side in their own colours (xychart-beta has no grouped bars).
      categories.push(`${label} base${b === null ? " n/a" : ""}`);
      baseBars.push(b ?? 0);
      headBars.push(0);
    }
    categories.push(`${label}${hasBase ? " head" : ""}${h === null ? " n/a" : ""}`);
    if (hasBase) baseBars.push(0);
    headBars.push(h ?? 0);
  }
  const words = rate.replaceAll("_", " ");
  const title = `${words[0]?.toUpperCase()}${words.slice(1)} by group${hasBase ? " (base, head)" : ""}`;
  const lines = [
    "```mermaid",
    "xychart-beta",
    `  title "${title}"`,
    `  x-axis [${categories.map((c) => `"${c}"`).join(", ")}]`,
    `  y-axis "${words}" 0 --> 1`,
  ];
  if (hasBase) lines.push(`  bar [${baseBars.map(chartNumber).join(", ")}]`);
  lines.push(`  bar [${headBars.map(chartNumber).join(", ")}]`, "```", "");
  if (candidates.length > groups.length) {
    lines.push(
      `_The chart shows ${groups.length} of ${candidates.length} groups, flagged ones first._`,
      "",
    );
  }
  return lines;
}

/** A bar height Mermaid's number token accepts: plain decimal, no exponent. */
function chartNumber(value: number): string {
  return String(Number(value.toFixed(4)));
}
