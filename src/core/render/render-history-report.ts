import { markdownTable } from "markdown-table";
import { formatValue } from "../format-number.js";
import type { HistoryPoint } from "../history/base-history.js";
import { escapeMarkdown } from "./escape.js";
import { sparkline } from "./sparkline.js";

/** What `mlgate history` prints: the points of one file or folder's history. */
export interface HistoryReport {
  /** The file or folder, as the user named it. */
  readonly path: string;
  readonly revRange: string;
  /** Oldest first. */
  readonly points: readonly HistoryPoint[];
  readonly subjects: ReadonlyMap<string, string>;
  /** The metrics to show, in order. */
  readonly metrics: readonly string[];
  readonly skipped: readonly string[];
  readonly truncated: boolean;
}

/** Most metric columns in the table; every metric still gets its trend line. */
const MAX_COLUMNS = 6;

/**
 * The history as markdown: a sparkline per metric over the commits that changed the metric
 * files, then a table of those commits (newest first) with the first few metrics. Pure;
 * commit subjects and metric names are escaped.
 */
export function renderHistoryReport(report: HistoryReport): string {
  const n = report.points.length;
  const out = [
    `### History of ${escapeMarkdown(report.path)} along ${escapeMarkdown(report.revRange)} (first parent)`,
    "",
    n === 0
      ? "No commit in the range changed the metric files."
      : `${n} commit${n === 1 ? "" : "s"} changed the metric files${report.truncated ? " (older ones not read: raise --max-count)" : ""}.`,
    "",
  ];
  for (const metric of report.metrics) {
    const values = report.points
      .map((p) => p.values[metric])
      .filter((v): v is number => v !== undefined);
    if (values.length === 0) continue;
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const first = values[0];
    const last = values.at(-1);
    out.push(
      `- **${escapeMarkdown(metric)}** \`${sparkline(values, lo, hi)}\` ${formatValue(first)} → ${formatValue(last)} · ${values.length} value${values.length === 1 ? "" : "s"}, ${formatValue(lo)} – ${formatValue(hi)}`,
    );
  }
  if (n > 0) {
    const columns = report.metrics.slice(0, MAX_COLUMNS);
    const rows = [...report.points]
      .reverse()
      .map((p) => [
        `\`${p.sha.slice(0, 7)}\``,
        (p.time ?? "").slice(0, 10),
        ...columns.map((m) => formatValue(p.values[m])),
        escapeMarkdown(report.subjects.get(p.sha) ?? "", 72),
      ]);
    out.push(
      "",
      markdownTable(
        [["Commit", "Date", ...columns.map((m) => escapeMarkdown(m)), "Subject"], ...rows],
        {
          alignDelimiters: false,
        },
      ),
    );
    if (report.metrics.length > columns.length) {
      out.push(
        "",
        `_${report.metrics.length - columns.length} more metrics are in \`--format json\`, or choose them with --metrics._`,
      );
    }
  }
  if (report.skipped.length > 0) {
    out.push("", "Left out:", ...report.skipped.map((s) => `- ${escapeMarkdown(s, 300)}`));
  }
  return `${out.join("\n")}\n`;
}
