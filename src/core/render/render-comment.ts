import { markdownTable } from "markdown-table";
import { dataGateValues } from "../drift/data-gate-values.js";
import { renderDataSection } from "../drift/render-data-section.js";
import { renderFairnessSection } from "../fairness/render-fairness-section.js";
import { formatDelta, formatPercent, formatValue } from "../format-number.js";
import { GITHUB_LIMITS, REVIEW_MARKER } from "../github-facts.js";
import { describeAge } from "../history/baseline-age-warning.js";
import type { GateOutcome, GateResult, MetricRow, Review, Verdict } from "../review.js";
import { escapeMarkdown } from "./escape.js";
import { renderFlippedExamples } from "./render-flipped-examples.js";
import { renderHistorySection } from "./render-history.js";

/** GitHub refuses comment bodies longer than this. */
export const MAX_COMMENT_LENGTH = GITHUB_LIMITS.commentChars;
/** Room kept for the markers and footer the publisher adds around the body. */
const BUDGET = GITHUB_LIMITS.commentChars - 2_000;

/** Hidden marker that identifies mlgate's sticky comment (with the app as author). */
export const COMMENT_MARKER = REVIEW_MARKER;

const VERDICT_TITLE: Record<Verdict, string> = {
  passed: "✅ mlgate: passed",
  failed: "❌ mlgate: failed",
  accepted: "⚠️ mlgate: accepted (override)",
  neutral: "⚪ mlgate: neutral",
};

const OUTCOME_LABEL: Record<GateOutcome, string> = {
  passed: "✅ passed",
  failed: "❌ failed",
  not_evaluated: "⚪ not evaluated",
  within_noise: "🟡 within noise",
  accepted: "⚠️ accepted",
};

const OUTCOME_ORDER: Record<GateOutcome, number> = {
  failed: 0,
  accepted: 1,
  within_noise: 2,
  not_evaluated: 3,
  passed: 4,
};

/** Extra sections placed after the metric tables (tests and callers may add their own). */
export interface CommentSections {
  readonly extra?: readonly string[];
}

/**
 * Renders the review as the pull request comment (also what `mlgate check` prints). Pure. Long
 * tables are folded into `<details>` and cut to stay under GitHub's 65,536-character limit, with
 * a line saying how many rows are not shown.
 */
export function renderComment(review: Review, sections: CommentSections = {}): string {
  // Every metric shown is a table row of at least 8 characters ("|  | 1 |"): a limit that would
  // show more rows than can fit is not worth rendering (100,000 rows take seconds).
  const rows = review.metrics.length;
  for (const limit of [Number.POSITIVE_INFINITY, 2000, 500, 200, 50, 10, 0]) {
    if (Math.min(limit, rows) * 8 > BUDGET) continue;
    const body = renderWithLimit(review, sections, limit);
    if (body.length <= BUDGET) return body;
  }
  // Even with every table cut the bias section is too long: drop it, say so.
  return renderWithLimit(
    { ...review, fairness: undefined },
    { extra: ["_The bias section was too long to show here; see the check run's details._"] },
    0,
  );
}

function renderWithLimit(review: Review, sections: CommentSections, limit: number): string {
  const out: string[] = [`${COMMENT_MARKER}`, `### ${VERDICT_TITLE[review.verdict]}`, ""];
  // The headline names failed gates by metric, which may be artifact text.
  out.push(`**${escapeMarkdown(review.headline, 500)}**`, "");
  out.push(baselineLine(review), "");
  if (review.baselineWarning) out.push(`> ⚠️ ${escapeMarkdown(review.baselineWarning, 500)}`, "");
  if (review.override) {
    out.push(
      `Failed gates were accepted by @${escapeMarkdown(review.override.by)} with the \`${escapeMarkdown(review.override.label)}\` label at ${escapeMarkdown(review.override.at)}.`,
      "",
    );
  }

  const rowsByName = new Map(review.metrics.map((r) => [r.name, r]));
  const valuesByName = new Map<string, GateValues>(review.metrics.map((r) => [r.name, r]));
  for (const d of review.fairness?.disparities ?? []) {
    valuesByName.set(`fairness.${d.name}`, { base: d.base, head: d.head, delta: d.delta });
  }
  for (const [name, head] of dataGateValues(review.data)) {
    valuesByName.set(name, { base: null, head, delta: null });
  }
  const shownGates = review.gates
    .filter((g) => g.outcome !== "passed" || rowsByName.get(g.metric)?.gated !== false)
    .sort((a, b) => OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome]);
  const hiddenPasses = review.gates.length - shownGates.length;
  if (shownGates.length > 0) {
    out.push("#### Gates", "");
    out.push(
      ...table(
        gateHeader(),
        shownGates.map((g) => gateRow(g, valuesByName.get(g.metric))),
        Math.max(limit, 50),
      ),
    );
    if (hiddenPasses > 0) {
      out.push("", `${hiddenPasses} other metrics are within the default tolerance.`);
    }
    const explained = shownGates.filter((g) => g.significance || g.history);
    for (const g of explained.slice(0, Math.max(limit, 5))) {
      out.push("", `- ${escapeMarkdown(g.message, 400)}`);
    }
    out.push("");
  }
  if (review.history) {
    const small = limit < Number.POSITIVE_INFINITY;
    out.push(renderHistorySection(review.history, small ? { maxLines: Math.max(limit, 10) } : {}));
    out.push("");
  }

  const changed = review.metrics.filter(
    (r) => r.gated || r.status === "improved" || r.status === "regressed" || r.status === "changed",
  );
  const added = review.metrics.filter((r) => r.status === "added" && !r.gated);
  const removed = review.metrics.filter((r) => r.status === "removed" && !r.gated);
  const unchanged = review.metrics.filter((r) => r.status === "unchanged" && !r.gated);

  if (changed.length > 0) {
    out.push("#### Metrics", "");
    const sorted = [...changed].sort(
      (a, b) => Number(b.gated) - Number(a.gated) || statusRank(a) - statusRank(b),
    );
    out.push(...table(metricHeader(), sorted.map(metricRow), limit), "");
  }
  if (added.length > 0) {
    const title = review.baseline
      ? `${added.length} new metric${added.length === 1 ? "" : "s"} (not in the baseline)`
      : `${added.length} metric${added.length === 1 ? "" : "s"} (no baseline to compare with)`;
    out.push(
      ...folded(
        title,
        ["Metric", "Head"],
        added.map((r) => [name(r), value(r, "head")]),
        limit,
        added.length <= 10,
      ),
    );
  }
  if (removed.length > 0) {
    out.push(
      ...folded(
        `${removed.length} removed metric${removed.length === 1 ? "" : "s"} (in the baseline, not in the head)`,
        ["Metric", "Base"],
        removed.map((r) => [name(r), value(r, "base")]),
        limit,
        removed.length <= 10,
      ),
    );
  }
  if (unchanged.length > 0) {
    out.push(
      ...folded(
        `${unchanged.length} unchanged metric${unchanged.length === 1 ? "" : "s"}`,
        ["Metric", "Value"],
        unchanged.map((r) => [name(r), value(r, "head")]),
        limit,
        false,
      ),
    );
  }
  if (review.fairness && review.fairnessConfig) {
    const small = limit < Number.POSITIVE_INFINITY;
    out.push(
      renderFairnessSection(
        review.fairness,
        review.fairnessConfig,
        small ? { maxGroups: Math.min(200, Math.max(limit, 10)), openGroups: 20 } : {},
      ),
      "",
    );
  }
  if (review.data) {
    const gates = review.gates.filter((g) => g.metric.startsWith("data."));
    out.push(renderDataSection(review.data, gates, limit < Number.POSITIVE_INFINITY), "");
  }
  if (review.flips) {
    const small = limit < Number.POSITIVE_INFINITY;
    out.push(
      renderFlippedExamples(
        review.flips,
        small
          ? { perDirection: Math.min(10, Math.max(2, limit)), metrics: Math.max(limit, 5) }
          : {},
      ),
      "",
    );
  }
  for (const section of sections.extra ?? []) out.push(section, "");
  for (const note of review.notes) out.push(`> ${escapeMarkdown(note, 500)}`, "");
  out.push(footer(review));
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

function baselineLine(review: Review): string {
  const head = review.head.sha
    ? `\`${review.head.sha.slice(0, 7)}\``
    : escapeMarkdown(review.head.source);
  if (!review.baseline) {
    return `Head ${head}. **No baseline:** ${escapeMarkdown(review.baselineMissing ?? "none given", 300)}. Change gates are not evaluated.`;
  }
  const b = review.baseline;
  const source = b.url ? `[${escapeMarkdown(b.source)}](${b.url})` : escapeMarkdown(b.source);
  if (!b.sha) return `Head ${head} compared with baseline ${source}.`;
  const distance =
    b.distance === undefined || !b.mergeBase
      ? ""
      : b.distance === 0
        ? ", at the merge base"
        : `, ${b.distance} commit${b.distance === 1 ? "" : "s"} before the merge base \`${b.mergeBase.slice(0, 7)}\``;
  const age = b.age ? describeAge(b.age) : undefined;
  return `Head ${head} compared with baseline \`${b.sha.slice(0, 7)}\` (${source}${distance}${age ? `; ${escapeMarkdown(age)}` : ""}).`;
}

function footer(review: Review): string {
  const sha = review.head.sha ? ` for \`${review.head.sha.slice(0, 7)}\`` : "";
  return `<sub>Reviewed by mlgate${sha}. Run \`mlgate check\` locally to reproduce.</sub>`;
}

function statusRank(r: MetricRow): number {
  return { regressed: 0, changed: 1, improved: 2, added: 3, removed: 4, unchanged: 5 }[r.status];
}

function gateHeader(): string[] {
  return ["Gate", "Rule", "Base", "Head", "Δ", "Verdict"];
}

/** What a gate row shows: a metric row, or a disparity's base, head and change. */
type GateValues = Pick<MetricRow, "base" | "head" | "delta"> &
  Partial<
    Pick<
      MetricRow,
      "baseStd" | "headStd" | "baseStderr" | "headStderr" | "baseNotANumber" | "headNotANumber"
    >
  >;

function gateRow(g: GateResult, row: GateValues | undefined): string[] {
  const rule =
    g.rule === "max_regression"
      ? `max regression ${g.threshold}`
      : g.rule === "required"
        ? "required"
        : `${g.rule} ${g.threshold}`;
  const ci = g.significance?.ci;
  const delta = ci
    ? `${formatDelta(row?.delta ?? null)} [${formatDelta(ci[0])}, ${formatDelta(ci[1])}]`
    : formatDelta(row?.delta ?? null);
  const p = g.significance?.p_value;
  const verdict = `${OUTCOME_LABEL[g.outcome]}${p !== null && p !== undefined ? ` (p = ${formatP(p)})` : ""}`;
  return [
    escapeMarkdown(g.metric),
    rule,
    row ? value(row, "base") : "—",
    row ? value(row, "head") : "—",
    delta,
    verdict,
  ];
}

function formatP(p: number): string {
  return p < 0.001 ? "< 0.001" : String(Number(p.toPrecision(2)));
}

function metricHeader(): string[] {
  return ["Metric", "Base", "Head", "Δ", "Δ%", ""];
}

const STATUS_MARK: Record<MetricRow["status"], string> = {
  improved: "🟢 better",
  regressed: "🔴 worse",
  changed: "changed",
  unchanged: "=",
  added: "new",
  removed: "removed",
};

function metricRow(r: MetricRow): string[] {
  return [
    name(r),
    value(r, "base"),
    value(r, "head"),
    formatDelta(r.delta),
    formatPercent(r.relative),
    STATUS_MARK[r.status],
  ];
}

function name(r: MetricRow): string {
  return escapeMarkdown(r.name);
}

function value(r: GateValues, side: "base" | "head"): string {
  const nan = side === "base" ? r.baseNotANumber : r.headNotANumber;
  if (nan !== undefined) return `${nan} (not a number)`;
  const v = side === "base" ? r.base : r.head;
  // Seeds give a standard deviation; a single run may come with its standard error.
  const std = side === "base" ? (r.baseStd ?? r.baseStderr) : (r.headStd ?? r.headStderr);
  return std === undefined ? formatValue(v) : `${formatValue(v)} ± ${formatValue(std)}`;
}

function table(header: string[], rows: string[][], limit: number): string[] {
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

function folded(
  title: string,
  header: string[],
  rows: string[][],
  limit: number,
  open: boolean,
): string[] {
  return [
    `<details${open ? " open" : ""}><summary>${title}</summary>`,
    "",
    ...table(header, rows, limit),
    "",
    "</details>",
    "",
  ];
}
