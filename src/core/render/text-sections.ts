import { formatPair, formatPercent, formatValue } from "../format-number.js";
import type { Review } from "../review.js";
import { alignedColumns } from "./aligned-columns.js";
import { sanitizeText } from "./escape.js";
import { sparkline } from "./sparkline.js";

const clean = (text: string, max = 120) => sanitizeText(text, max);
const rate = (value: number | null | undefined, digits: number | undefined) =>
  value === null || value === undefined ? "—" : formatValue(value, digits);

/**
 * The sections of the comment after its metric tables, for a terminal: the bias check's groups,
 * the data check, the base branch's trend and the LLM examples that flipped. Plain text; artifact
 * strings sanitised. Pure.
 */
export function textSections(review: Review): string[] {
  return [...groupsText(review), ...dataText(review), ...trendText(review), ...flipsText(review)];
}

/** Each group's rates on the head (base → head when there is a base), flagged groups first. */
function groupsText(review: Review): string[] {
  const fairness = review.fairness;
  if (!fairness || fairness.groups.length === 0) return [];
  const digits = review.precision;
  const pair = (base: number | null | undefined, head: number | null | undefined) => {
    if (!fairness.base) return rate(head, digits);
    if (base === null || base === undefined || head === null || head === undefined) {
      return `${rate(base, digits)} → ${rate(head, digits)}`;
    }
    const [b, h] = formatPair(base, head, digits);
    return `${b} → ${h}`;
  };
  const rows = fairness.groups
    .slice(0, 30)
    .map((g) => [
      clean(g.values.join(" / "), 60),
      String(g.head?.count ?? 0),
      pair(g.base?.selection_rate, g.head?.selection_rate),
      pair(g.base?.true_positive_rate, g.head?.true_positive_rate),
      pair(g.base?.false_positive_rate, g.head?.false_positive_rate),
      g.head?.insufficient
        ? "too few rows"
        : g.flags.length > 0
          ? `flagged: ${g.flags.join(", ")}`
          : "",
    ]);
  const more =
    fairness.groups.length > 30 ? [`  …and ${fairness.groups.length - 30} more groups`] : [];
  return [
    "",
    `Bias check groups (${fairness.base ? "base → head" : "head"})`,
    ...alignedColumns(["Group", "Rows", "Selection", "TPR", "FPR", ""], rows),
    ...more,
  ];
}

/** The data check: drifted columns first, schema changes, or why nothing was compared. */
function dataText(review: Review): string[] {
  const data = review.data;
  if (!data) return [];
  const title = `Data check (${clean(data.file, 80)})`;
  if (!data.result) {
    return [
      "",
      `${title}: not compared: ${clean(data.baseMissing ?? "no baseline data", 200)} (head: ${data.headRows} rows, ${data.headColumns} columns)`,
    ];
  }
  const report = data.result.report;
  const drifted = report.columns.filter((c) => c.drifted).length;
  const out = [
    "",
    `${title}: ${drifted} of ${report.columns.length} columns drifted (${formatPercent(report.drift_share)}); rows ${report.rows.base} → ${report.rows.head}`,
  ];
  const { added, removed, changed } = report.schema;
  if (added.length > 0) out.push(`  Added columns: ${added.map((c) => clean(c, 60)).join(", ")}`);
  if (removed.length > 0)
    out.push(`  Removed columns: ${removed.map((c) => clean(c, 60)).join(", ")}`);
  for (const c of changed) out.push(`  Type changed: ${clean(c.name, 60)} ${c.base} → ${c.head}`);
  if (report.columns.length > 0) {
    out.push(
      ...alignedColumns(
        ["Column", "Test", "Statistic", "p-value", "Threshold", "Drift", "Missing"],
        report.columns
          .slice(0, 30)
          .map((c) => [
            clean(c.name, 60),
            c.method,
            c.statistic === null ? "∞" : formatValue(c.statistic),
            c.p_value === null ? "—" : formatValue(c.p_value),
            formatValue(c.threshold),
            c.drifted ? "DRIFT" : "no",
            `${formatPercent(c.missing.base)} → ${formatPercent(c.missing.head)}`,
          ]),
      ),
    );
    if (report.columns.length > 30) out.push(`  …and ${report.columns.length - 30} more columns`);
  }
  return out;
}

/** One line per gated metric: its last base values as a sparkline, then the head. */
function trendText(review: Review): string[] {
  const history = review.history;
  if (!history) return [];
  const out = ["", `Trend (last ${history.runs} ${clean(history.source, 100)})`];
  const rows = history.series.slice(0, 30).map((s) => {
    const values = s.points.map((p) => p.value);
    const head = s.head !== null && Number.isFinite(s.head) ? s.head : undefined;
    const all = head === undefined ? values : [...values, head];
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    const bars = `${sparkline(values, lo, hi)}${head === undefined ? "" : ` → ${sparkline([head], lo, hi)}`}`;
    const range =
      values.length === 0
        ? "no base values"
        : `${values.length} base values ${formatValue(Math.min(...values))} – ${formatValue(Math.max(...values))}`;
    return [
      clean(s.metric, 60),
      bars,
      `head ${formatValue(s.head)}`,
      range,
      s.limit === undefined ? "" : `limit ${formatValue(s.limit)}`,
      s.outcome === "failed" ? "FAIL" : s.outcome === "within_noise" ? "within noise" : "",
    ];
  });
  if (rows.length === 0)
    out.push(`  No gated metric has a value in the ${history.available} ${history.unit} read.`);
  else out.push(...alignedColumns(["Metric", "Trend", "Head", "Base", "", ""], rows));
  for (const s of history.skipped.slice(0, 5)) out.push(`  Left out: ${clean(s, 200)}`);
  if (history.skipped.length > 5) out.push(`  …and ${history.skipped.length - 5} more left out`);
  return out;
}

/** How many LLM examples went from pass to fail and back, with the first few ids. */
function flipsText(review: Review): string[] {
  const flips = review.flips?.filter((f) => f.passToFail.length + f.failToPass.length > 0);
  if (!flips || flips.length === 0) return [];
  const ids = (list: readonly { id: string; task?: string | undefined }[]) =>
    list
      .slice(0, 5)
      .map((e) => {
        // Content hashes (lm-eval's doc_hash) are told apart by their first 12 digits.
        const id = /^[0-9a-f]{32,}$/i.test(e.id) ? e.id.slice(0, 12) : e.id;
        return clean(e.task ? `${e.task}:${id}` : id, 60);
      })
      .join(", ") + (list.length > 5 ? ", …" : "");
  const out = ["", "Examples that changed outcome (paired by id)"];
  for (const f of flips.slice(0, 20)) {
    out.push(
      `  ${clean(f.metric, 60)}: ${f.passToFail.length} pass → fail, ${f.failToPass.length} fail → pass of ${f.paired} paired`,
    );
    if (f.passToFail.length > 0) out.push(`    pass → fail: ${ids(f.passToFail)}`);
    if (f.failToPass.length > 0) out.push(`    fail → pass: ${ids(f.failToPass)}`);
  }
  return out;
}
