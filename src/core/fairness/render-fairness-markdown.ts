import { DISPARITY_NAMES, RATE_NAMES } from "../config/schema.js";
import { formatValue } from "../format-number.js";
import { escapeMarkdown } from "../render/escape.js";
import { whyUndefined } from "./compare-fairness.js";
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
import type { FairnessReport } from "./fairness-report.js";

/** What the standalone report says about how it was computed. */
export interface FairnessMarkdownContext {
  readonly file?: string | undefined;
  readonly positive?: string | number | boolean | undefined;
  readonly minGroupSize?: number | undefined;
}

/**
 * `mlgate fairness` as markdown: the disparities (with the reason when one is undefined), then
 * every rate of every group after the overall row, and the groups with insufficient data. Pure;
 * every string from the file is escaped.
 */
export function renderFairnessMarkdown(
  report: FairnessReport,
  context: FairnessMarkdownContext = {},
): string {
  const columns = Object.keys(report.groups[0]?.group ?? {});
  const out: string[] = [
    `### Bias check${context.file ? `: ${escapeMarkdown(context.file)}` : ""}`,
    "",
  ];
  const facts = [`${countCell(report.rows)} rows`, `${report.groups.length} groups`];
  if (context.positive !== undefined)
    facts.push(`positive label ${positiveText(context.positive)}`);
  if (context.minGroupSize !== undefined) facts.push(`minimum group size ${context.minGroupSize}`);
  out.push(`${facts.join(" · ")}.`, "");

  out.push(
    table(
      ["Disparity", "Value"],
      DISPARITY_NAMES.map((name) => [
        disparityTitle(name),
        report.disparities[name] === null ? "undefined" : formatValue(report.disparities[name]),
      ]),
      ["l", "r"],
    ),
    "",
  );
  const reasons = new Map<string, string[]>();
  for (const name of DISPARITY_NAMES) {
    if (report.disparities[name] !== null) continue;
    const reason = whyUndefined(report, name);
    reasons.set(reason, [...(reasons.get(reason) ?? []), disparityTitle(name)]);
  }
  for (const [reason, names] of reasons) {
    out.push(`- Undefined ${names.join(", ")}: ${escapeMarkdown(reason, 300)}.`);
  }
  if (reasons.size > 0) out.push("");

  const header = [
    columns.length > 0 ? groupTitle(columns) : "Group",
    "Count",
    "Positives",
    "Negatives",
    ...RATE_NAMES.map((r) => RATE_TITLES[r]),
  ];
  const align = ["l", ...header.slice(1).map(() => "r")];
  const rows = [
    [
      "**All rows**",
      ...countCells(report.overall),
      ...RATE_NAMES.map((r) => rateCell(report.overall[r])),
    ],
    ...report.groups.map((g) => [
      `${groupCell(Object.values(g.group))}${g.insufficient ? " _(insufficient data)_" : ""}`,
      ...countCells(g),
      ...RATE_NAMES.map((r) => rateCell(g[r])),
    ]),
  ];
  out.push(table(header, rows, align), "");

  const insufficient = report.groups.filter((g) => g.insufficient);
  if (insufficient.length > 0) {
    const size =
      context.minGroupSize === undefined ? "" : ` (fewer than ${context.minGroupSize} rows)`;
    out.push(
      `**Insufficient data**${size}, left out of the disparities: ${insufficient
        .map((g) => `${groupCell(Object.values(g.group))} (${countCell(g.count)} rows)`)
        .join(", ")}.`,
      "",
    );
  }
  return `${out.join("\n").trimEnd()}\n`;
}
