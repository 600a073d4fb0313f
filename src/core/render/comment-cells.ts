import { markdownTable } from "markdown-table";
import { formatDelta, formatPair, formatPercent, formatValue } from "../format-number.js";
import type { GateOutcome, GateResult, MetricRow } from "../review.js";
import { escapeMarkdown } from "./escape.js";
import type { MetricLine } from "./review-sections.js";

export const OUTCOME_MARK: Record<GateOutcome, string> = {
  passed: "✅",
  failed: "❌",
  not_evaluated: "⚪",
  within_noise: "🟡",
  accepted: "⚠️",
};

const STATUS_MARK: Record<MetricRow["status"], string> = {
  improved: "🟢 better",
  regressed: "🔴 worse",
  changed: "changed",
  unchanged: "=",
  added: "new",
  removed: "removed",
};

/** `max regression 2%`, `min 0.9`, `required`: a rule as a reader says it. */
export function ruleText(g: GateResult): string {
  if (g.rule === "max_regression") return `max regression ${g.threshold}`;
  if (g.rule === "required") return "required";
  return `${g.rule} ${g.threshold}`;
}

function formatP(p: number): string {
  return p < 0.001 ? "< 0.001" : String(Number(p.toPrecision(2)));
}

/** One gate's verdict in a cell: `❌ min 0.9`, `🟡 max regression 1% (p = 0.31)`. */
export function gateCell(g: GateResult): string {
  const p = g.significance?.p_value;
  const suffix = p !== null && p !== undefined ? ` (p = ${formatP(p)})` : "";
  const outcome =
    g.outcome === "not_evaluated"
      ? " not evaluated"
      : g.outcome === "within_noise"
        ? " within noise"
        : g.outcome === "accepted"
          ? " accepted"
          : "";
  return `${OUTCOME_MARK[g.outcome]} ${ruleText(g)}${outcome}${suffix}`;
}

/** Base and head of a row as shown: not-a-number, ± spread, enough digits to differ. */
export function sideCells(row: MetricRow | undefined, digits?: number): [string, string] {
  if (!row) return ["—", "—"];
  const [base, head] = formatPair(row.base, row.head, digits);
  return [withSpread(row, "base", base, digits), withSpread(row, "head", head, digits)];
}

function withSpread(
  row: MetricRow,
  side: "base" | "head",
  text: string,
  digits: number | undefined,
): string {
  const nan = side === "base" ? row.baseNotANumber : row.headNotANumber;
  if (nan !== undefined) return `${nan} (not a number)`;
  // Seeds give a standard deviation; a single run may come with its standard error.
  const spread =
    side === "base" ? (row.baseStd ?? row.baseStderr) : (row.headStd ?? row.headStderr);
  return spread === undefined ? text : `${text} ± ${formatValue(spread, digits)}`;
}

/** Δ with the significance interval when a gate has one. */
export function deltaCell(line: MetricLine, digits?: number): string {
  const delta = formatDelta(line.row?.delta ?? null, digits);
  const ci = line.gates.find((g) => g.significance?.ci)?.significance?.ci;
  return ci ? `${delta} [${formatDelta(ci[0], digits)}, ${formatDelta(ci[1], digits)}]` : delta;
}

/** A failing metric: its values, the gates that failed, and why, in one row. */
export function failingRow(line: MetricLine, digits?: number): string[] {
  const failed = line.gates.filter((g) => g.outcome === "failed" || g.outcome === "accepted");
  return [
    escapeMarkdown(line.name),
    ...sideCells(line.row, digits),
    deltaCell(line, digits),
    // Failed rules first; the ones that held on this metric after them.
    [...failed, ...line.gates.filter((g) => !failed.includes(g))].map(gateCell).join("<br>"),
    failed.map((g) => escapeMarkdown(g.message, 300)).join("<br>"),
  ];
}

/** A metric that changed or needs a look: values, change, and its gates' verdicts. */
export function changeRow(line: MetricLine, digits?: number): string[] {
  const row = line.row;
  return [
    escapeMarkdown(line.name),
    ...sideCells(row, digits),
    deltaCell(line, digits),
    formatPercent(row?.relative ?? null),
    row ? STATUS_MARK[row.status] : "",
    line.gates.length > 0 ? line.gates.map(gateCell).join("<br>") : "not gated",
  ];
}

/** A quiet metric in a folded table: name, the value it has, and its gates when `gated`. */
export function quietRow(line: MetricLine, digits?: number, gated = false): string[] {
  const row = line.row;
  const [base, head] = sideCells(row, digits);
  const cells = [escapeMarkdown(line.name), row?.status === "removed" ? base : head];
  return gated ? [...cells, line.gates.map(gateCell).join("<br>")] : cells;
}

/** A markdown table of at most `limit` rows, with a line saying how many are not shown. */
export function table(header: string[], rows: string[][], limit: number): string[] {
  const shown = rows.slice(0, limit);
  const lines = [markdownTable([header, ...shown], { alignDelimiters: false })];
  if (rows.length > shown.length) {
    lines.push(
      "",
      `_…and ${rows.length - shown.length} more rows not shown here (see \`mlgate check --format json\`)._`,
    );
  }
  return lines;
}

/** `accuracy, f1 and 12 more`: the names a folded section holds, escaped, in its summary. */
export function namesList(lines: readonly MetricLine[], shown = 8): string {
  const names = lines.slice(0, shown).map((l) => escapeMarkdown(l.name, 60));
  const more = lines.length - names.length;
  return more > 0 ? `${names.join(", ")} and ${more} more` : names.join(", ");
}

/** A `<details>` block titled with the names it holds. */
export function foldedSection(
  title: string,
  lines: readonly MetricLine[],
  header: string[],
  rows: string[][],
  limit: number,
): string[] {
  if (lines.length === 0) return [];
  return [
    `<details><summary>${title}: ${namesList(lines)}</summary>`,
    "",
    ...table(header, rows, limit),
    "",
    "</details>",
    "",
  ];
}
