import { markdownTable } from "markdown-table";
import type { DisparityName, RateName } from "../config/schema.js";
import { formatValue } from "../format-number.js";
import { escapeMarkdown } from "../render/escape.js";
import type { Rates } from "./fairness-report.js";

/** Short column titles for the rates. */
export const RATE_TITLES: Readonly<Record<RateName, string>> = {
  selection_rate: "Selection rate",
  true_positive_rate: "TPR",
  false_positive_rate: "FPR",
  false_negative_rate: "FNR",
  true_negative_rate: "TNR",
  precision: "Precision",
  accuracy: "Accuracy",
};

/** `demographic parity ratio` — the name as words, for tables. */
export function disparityTitle(name: DisparityName): string {
  return name.replaceAll("_", " ");
}

/** A group's values as a table cell: `F · Black`, every value escaped, `(empty)` for "". */
export function groupCell(values: readonly string[]): string {
  return values.map((v) => (v === "" ? "_(empty)_" : escapeMarkdown(v, 60))).join(" · ");
}

/** The title of the group column: `Group (sex · race)`, column names escaped. */
export function groupTitle(columns: readonly string[]): string {
  return `Group (${columns.map((c) => escapeMarkdown(c, 40)).join(" · ")})`;
}

/** A rate as a cell: up to 4 decimals, `n/a` when undefined (0/0). */
export function rateCell(value: number | null): string {
  return value === null ? "n/a" : formatValue(value);
}

/** A count with thousands separators, the same on every machine. */
export function countCell(value: number): string {
  return value.toLocaleString("en-US");
}

/** The first three columns every group table has. */
export function countCells(rates: Rates): string[] {
  return [countCell(rates.count), countCell(rates.positives), countCell(rates.negatives)];
}

/** A GFM table, compact (no padding: it counts against the comment's length limit). */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align?: string[],
): string {
  return markdownTable([header, ...rows], { alignDelimiters: false, align });
}

/** The positive value as a reader would write it in the config. */
export function positiveText(positive: string | number | boolean): string {
  return typeof positive === "string" ? `"${escapeMarkdown(positive, 40)}"` : String(positive);
}
