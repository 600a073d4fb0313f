import { chartLabel } from "../fairness/chart-label.js";
import { formatValue } from "../format-number.js";
import type { ReviewHistory, TrendSeries } from "../history/review-history.js";
import { escapeMarkdown } from "./escape.js";
import { sparkline } from "./sparkline.js";

export interface HistorySectionOptions {
  /** Trend lines shown open; the others fold into `<details>`. */
  readonly openLines?: number;
  /** Most trend lines at all (the comment's size budget). */
  readonly maxLines?: number;
  /** Most charts (one per failing metric). */
  readonly charts?: number;
}

const OUTCOME_MARK: Partial<Record<NonNullable<TrendSeries["outcome"]>, string>> = {
  failed: "❌ ",
  within_noise: "🟡 ",
  accepted: "⚠️ ",
};

/**
 * The review's trend section: one compact line per gated metric (a sparkline of its last base
 * values, then the head on the same scale) and a Mermaid line chart for each failing metric with
 * the limit its history gate used. Pure; artifact text is escaped (metric names) or reduced to
 * inert characters (chart labels).
 */
export function renderHistorySection(
  history: ReviewHistory,
  options: HistorySectionOptions = {},
): string {
  const { openLines = 10, maxLines = 200, charts = 3 } = options;
  const out: string[] = [
    `#### Trend (last ${history.runs} ${escapeMarkdown(history.source, 200)})`,
    "",
  ];
  const lines = history.series.slice(0, maxLines).map(trendLine);
  if (lines.length === 0) {
    out.push(`_No gated metric has a value in the ${history.available} ${history.unit} read._`, "");
  }
  out.push(...lines.slice(0, openLines), "");
  if (lines.length > openLines) {
    out.push(
      `<details><summary>${lines.length - openLines} more trend${lines.length - openLines === 1 ? "" : "s"}</summary>`,
      "",
      ...lines.slice(openLines),
      "",
      "</details>",
      "",
    );
  }
  if (history.series.length > lines.length) {
    out.push(`_…and ${history.series.length - lines.length} more metrics not shown here._`, "");
  }
  const failing = history.series.filter((s) => s.outcome === "failed" && s.points.length >= 2);
  for (const series of failing.slice(0, charts)) out.push(...chart(series, history.unit));
  if (failing.length > charts) {
    out.push(`_Charts for ${failing.length - charts} more failing metrics are not shown._`, "");
  }
  if (history.skipped.length > 0) {
    const shown = history.skipped.slice(0, 5).map((s) => escapeMarkdown(s, 200));
    const more = history.skipped.length - shown.length;
    out.push(
      `_Left out of the history: ${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}._`,
      "",
    );
  }
  return out.join("\n").trimEnd();
}

/** `- ❌ **accuracy** `▅▆▅▇▆▅ → ▁` head 0.861 · 20 base runs 0.895 – 0.912 (last 0.905)` */
export function trendLine(series: TrendSeries): string {
  const values = series.points.map((p) => p.value);
  const all =
    series.head === null || !Number.isFinite(series.head) ? values : [...values, series.head];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const head =
    series.head === null || !Number.isFinite(series.head)
      ? ""
      : ` → ${sparkline([series.head], lo, hi)}`;
  const bars = `\`${sparkline(values, lo, hi)}${head}\``;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const range =
    values.length === 1
      ? `1 base value ${formatValue(values[0])}`
      : `${values.length} base values ${formatValue(min)} – ${formatValue(max)} (last ${formatValue(values.at(-1))})`;
  const limit = series.limit === undefined ? "" : ` · limit ${formatValue(series.limit)}`;
  return `- ${OUTCOME_MARK[series.outcome ?? "passed"] ?? ""}**${escapeMarkdown(series.metric)}** ${bars} head ${formatValue(series.head)} · ${range}${limit}`;
}

function chart(series: TrendSeries, unit: ReviewHistory["unit"]): string[] {
  const values = series.points.map((p) => p.value);
  const head = series.head !== null && Number.isFinite(series.head) ? series.head : undefined;
  const drawn = [...values, ...(head === undefined ? [] : [head])];
  const all = [...drawn, ...(series.limit === undefined ? [] : [series.limit])];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.01 || 1;
  const categories = series.points.map((p) => chartLabel(p.sha.slice(0, 7)));
  if (head !== undefined) categories.push("head");
  const name = chartLabel(series.metric);
  const lines = [
    "```mermaid",
    "xychart-beta",
    `  title "${name}: last ${values.length} base ${unit === "runs" ? "runs" : "commits"} and the head"`,
    `  x-axis [${categories.map((c) => `"${c}"`).join(", ")}]`,
    `  y-axis "${name}" ${chartNumber(lo - pad)} --> ${chartNumber(hi + pad)}`,
    `  line [${drawn.map(chartNumber).join(", ")}]`,
  ];
  if (series.limit !== undefined) {
    lines.push(`  line [${drawn.map(() => chartNumber(series.limit ?? 0)).join(", ")}]`);
  }
  lines.push("```", "");
  if (series.limit !== undefined) {
    lines.push(
      `_The flat line is the limit ${formatValue(series.limit)} the history predicts for ${escapeMarkdown(series.metric)}._`,
      "",
    );
  }
  return lines;
}

/** Six significant digits in plain notation: Mermaid's number token has no exponent. */
function chartNumber(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return "0";
  const digits = Math.min(20, Math.max(0, 5 - Math.floor(Math.log10(Math.abs(value)))));
  const text = value.toFixed(digits);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
