import { renderDataSection } from "../drift/render-data-section.js";
import { renderFairnessSection } from "../fairness/render-fairness-section.js";
import { GITHUB_LIMITS, REVIEW_MARKER } from "../github-facts.js";
import { describeAge } from "../history/baseline-age-warning.js";
import type { Review, Verdict } from "../review.js";
import {
  changeRow,
  failingRow,
  foldedSection,
  gateCell,
  quietRow,
  table,
} from "./comment-cells.js";
import { escapeMarkdown } from "./escape.js";
import { renderFlippedExamples } from "./render-flipped-examples.js";
import { renderHistorySection } from "./render-history.js";
import { type MetricLine, reviewSections } from "./review-sections.js";

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

/** Extra sections placed after the metric tables (tests and callers may add their own). */
export interface CommentSections {
  readonly extra?: readonly string[];
}

/**
 * Renders the review as the pull request comment (also what `mlgate check` prints). Pure. A
 * reader takes it in ten seconds: one summary line (what failed, against which baseline), the
 * failing gates, then what changed; passing, unchanged, new, removed and bookkeeping metrics are
 * folded into `<details>` whose summaries name them. Each metric appears in one table only.
 * Long tables are cut to stay under GitHub's 65,536-character limit, with a line saying how
 * many rows are not shown.
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
  const digits = review.precision;
  const out: string[] = [`${COMMENT_MARKER}`, `### ${VERDICT_TITLE[review.verdict]}`, ""];
  // One line first: what failed, against which baseline. It names failed gates by metric,
  // which may be artifact text.
  out.push(`**${escapeMarkdown(review.headline, 500)}**`, "");
  out.push(baselineLine(review), "");
  if (review.baselineWarning) out.push(`> ⚠️ ${escapeMarkdown(review.baselineWarning, 500)}`, "");
  if (review.override) {
    out.push(
      `Failed gates were accepted by @${escapeMarkdown(review.override.by)} with the \`${escapeMarkdown(review.override.label)}\` label at ${escapeMarkdown(review.override.at)}.`,
      "",
    );
  }

  const parts = reviewSections(review);
  if (parts.failing.length > 0 || parts.failingFairness.length > 0) {
    out.push("#### Failing gates", "");
    if (parts.failing.length > 0) {
      out.push(
        ...table(
          ["Metric", "Base", "Head", "Δ", "Gate", "Why"],
          parts.failing.map((line) => failingRow(line, digits)),
          Math.max(limit, 50),
        ),
        "",
      );
    }
    for (const g of parts.failingFairness) {
      const section = g.metric.startsWith("data.") ? "data check" : "bias check";
      out.push(`- ${gateCell(g)}: ${escapeMarkdown(g.message, 300)} (see the ${section} below)`);
    }
    out.push("");
  }
  if (parts.changes.length > 0) {
    out.push("#### Changes", "");
    out.push(
      ...table(
        ["Metric", "Base", "Head", "Δ", "Δ%", "", "Gate"],
        parts.changes.map((line) => changeRow(line, digits)),
        limit,
      ),
      "",
    );
  }
  // A noise-aware or history gate explains itself in a sentence the table has no room for
  // (a failing gate's sentence is already in its row).
  const explained = parts.changes
    .flatMap((line) => line.gates)
    .filter((g) => g.significance || g.history);
  for (const g of explained.slice(0, Math.max(limit, 5))) {
    out.push(`- ${escapeMarkdown(g.message, 400)}`);
  }
  if (explained.length > 0) out.push("");
  if (review.history) {
    const small = limit < Number.POSITIVE_INFINITY;
    out.push(renderHistorySection(review.history, small ? { maxLines: Math.max(limit, 10) } : {}));
    out.push("");
  }

  const quiet = (line: MetricLine) => quietRow(line, digits);
  out.push(
    ...foldedSection(
      "Passed",
      parts.passing,
      ["Metric", "Head", "Gate"],
      parts.passing.map((line) => quietRow(line, digits, true)),
      limit,
    ),
    ...foldedSection(
      review.baseline ? "New (not in the baseline)" : "Reported (no baseline to compare with)",
      parts.added,
      ["Metric", "Head"],
      parts.added.map(quiet),
      limit,
    ),
    ...foldedSection(
      "Removed (in the baseline only)",
      parts.removed,
      ["Metric", "Base"],
      parts.removed.map(quiet),
      limit,
    ),
    ...foldedSection(
      "Unchanged",
      parts.unchanged,
      ["Metric", "Value"],
      parts.unchanged.map(quiet),
      limit,
    ),
    ...foldedSection(
      "Run details, not gated",
      parts.bookkeeping,
      ["Metric", "Base", "Head", "Δ", "Δ%", ""],
      parts.bookkeeping.map((line) => changeRow(line, digits).slice(0, 6)),
      limit,
    ),
  );
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
