import { formatValue } from "../format-number.js";
import { escapeMarkdown } from "../render/escape.js";
import { driftHistogram } from "./drift-histogram.js";
import { DRIFT_METHOD_SPECS } from "./drift-methods.js";
import type { ColumnDrift, DriftResult } from "./drift-report.js";

/** Columns listed before the rest fold into `<details>`. */
const OPEN_ROWS = 15;
/** Histograms drawn, for the most drifted columns. */
const MAX_HISTOGRAMS = 3;

/** What the data check compared, for the heading. */
export interface DriftSources {
  readonly base: string;
  readonly head: string;
  /** The heading's level (`####` in the comment, `##` alone). */
  readonly heading?: string;
  /** Most table rows shown (the rest are counted); all by default. */
  readonly maxRows?: number;
  /** Histograms drawn (default 3). */
  readonly histograms?: number;
}

/**
 * The data check as markdown: a one-line verdict, the schema changes, a table of tested
 * columns with drifted ones first (test, statistic, p-value, threshold, missing values on each
 * side), the columns that could not be tested and why, and base-vs-head histograms of the
 * most drifted columns. Everything from the files is escaped.
 */
export function renderDriftMarkdown(result: DriftResult, sources: DriftSources): string {
  const { report } = result;
  const heading = sources.heading ?? "##";
  const drifted = report.columns.filter((c) => c.drifted);
  const lines: string[] = [
    `${heading} Data check: ${drifted.length} of ${report.columns.length} column${report.columns.length === 1 ? "" : "s"} drifted (${percent(report.drift_share)})`,
    "",
    report.columns.length === 0
      ? "No column could be tested, so the data set's drift is not judged."
      : `The data set ${report.dataset_drifted ? "**drifted**" : "did not drift"}: the share of drifted columns is ${percent(report.drift_share)}, against ${percent(report.drift_share_threshold)}.`,
    "",
    `Base ${code(sources.base)} (${count(report.rows.base)} rows) → head ${code(sources.head)} (${count(report.rows.head)} rows). Tests follow Evidently's default rules.`,
    "",
  ];
  const schema = schemaLine(result);
  if (schema) lines.push(schema, "");
  if (report.columns.length > 0) {
    const shown = report.columns.slice(0, sources.maxRows ?? report.columns.length);
    const rows = shown.map(row);
    const header = [
      "| column | kind | test | statistic | p-value | threshold | drift | missing base → head |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ];
    lines.push(...header, ...rows.slice(0, OPEN_ROWS), "");
    if (rows.length > OPEN_ROWS) {
      lines.push(
        `<details><summary>${rows.length - OPEN_ROWS} more columns</summary>`,
        "",
        ...header,
        ...rows.slice(OPEN_ROWS),
        "",
        "</details>",
        "",
      );
    }
    if (shown.length < report.columns.length) {
      lines.push(
        `_${report.columns.length - shown.length} more columns are not shown (none of them drifted more)._`,
        "",
      );
    }
  }
  if (report.untested.length > 0) {
    lines.push(
      `Not tested: ${report.untested.map((u) => `${code(u.name)} (${escapeMarkdown(u.reason)})`).join("; ")}.`,
      "",
    );
  }
  for (const column of drifted.slice(0, sources.histograms ?? MAX_HISTOGRAMS)) {
    const shares = result.shares.get(column.name);
    if (shares) lines.push(...driftHistogram(column.name, shares), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function row(c: ColumnDrift): string {
  const name = c.drifted ? `**${escapeMarkdown(c.name)}**` : escapeMarkdown(c.name);
  return `| ${name} | ${c.type} | ${DRIFT_METHOD_SPECS[c.method].label} | ${c.statistic === null ? "∞" : formatValue(c.statistic)} | ${c.p_value === null ? "—" : formatValue(c.p_value)} | ${formatValue(c.threshold)} | ${c.drifted ? "❌ drifted" : "✅ no"} | ${percent(c.missing.base)} → ${percent(c.missing.head)} |`;
}

function schemaLine({ report }: DriftResult): string | undefined {
  const parts: string[] = [];
  const { added, removed, changed } = report.schema;
  if (added.length > 0) parts.push(`added ${added.map(code).join(", ")}`);
  if (removed.length > 0) parts.push(`removed ${removed.map(code).join(", ")}`);
  if (changed.length > 0) {
    parts.push(
      `type changed ${changed.map((c) => `${code(c.name)} (${c.base} → ${c.head})`).join(", ")}`,
    );
  }
  return parts.length === 0 ? undefined : `**Schema:** ${parts.join("; ")}.`;
}

/** A name from the data or a path, escaped (not in a code span, where escapes would show). */
function code(text: string): string {
  return escapeMarkdown(text);
}

function count(n: number): string {
  return n.toLocaleString("en");
}

function percent(share: number): string {
  if (share === 0) return "0%";
  const pct = share * 100;
  return `${pct < 0.1 ? "<0.1" : Number(pct.toFixed(pct < 10 ? 1 : 0))}%`;
}
