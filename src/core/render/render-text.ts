import { formatDelta, formatPair, formatPercent, formatValue } from "../format-number.js";
import { describeAge } from "../history/baseline-age-warning.js";
import type { GateOutcome, GateResult, MetricRow, Review, Verdict } from "../review.js";
import { alignedColumns } from "./aligned-columns.js";
import { ruleText } from "./comment-cells.js";
import { sanitizeText } from "./escape.js";
import { type MetricLine, reviewSections } from "./review-sections.js";
import { textSections } from "./text-sections.js";

const VERDICT_WORD: Record<Verdict, string> = {
  passed: "PASSED",
  failed: "FAILED",
  accepted: "ACCEPTED (override)",
  neutral: "NEUTRAL",
};

const OUTCOME_WORD: Record<GateOutcome, string> = {
  passed: "ok",
  failed: "FAIL",
  not_evaluated: "not evaluated",
  within_noise: "within noise",
  accepted: "accepted",
};

const STATUS_WORD: Record<MetricRow["status"], string> = {
  improved: "better",
  regressed: "worse",
  changed: "changed",
  unchanged: "=",
  added: "new",
  removed: "removed",
};

/**
 * The review for a terminal: the same sections as the comment, as aligned plain-text tables —
 * no markdown escapes, no HTML, no chart. Artifact strings are stripped of control and bidi
 * characters (a name cannot move the cursor or reorder a line). Pure.
 */
export function renderText(review: Review): string {
  const digits = review.precision;
  const out: string[] = [
    `mlgate: ${VERDICT_WORD[review.verdict]} — ${clean(review.headline, 500)}`,
    baselineLine(review),
  ];
  if (review.override) {
    out.push(
      `Failed gates accepted by ${clean(review.override.by)} (label ${clean(review.override.label)}) at ${clean(review.override.at)}.`,
    );
  }
  const parts = reviewSections(review);
  if (parts.failing.length > 0 || parts.failingFairness.length > 0) {
    out.push("", "Failing gates");
    out.push(
      ...alignedColumns(
        ["Metric", "Base", "Head", "Δ", "Gate"],
        parts.failing.map((line) => [...values(line, digits), gatesText(line.gates)]),
      ),
    );
    const failed = [...parts.failing.flatMap((l) => l.gates), ...parts.failingFairness].filter(
      (g) => g.outcome === "failed" || g.outcome === "accepted",
    );
    for (const g of failed) out.push(`  - ${clean(g.message, 300)}`);
  }
  if (parts.changes.length > 0) {
    out.push("", "Changes");
    out.push(
      ...alignedColumns(
        ["Metric", "Base", "Head", "Δ", "Δ%", "", "Gate"],
        parts.changes.map((line) => [
          ...values(line, digits),
          formatPercent(line.row?.relative ?? null),
          line.row ? STATUS_WORD[line.row.status] : "",
          line.gates.length > 0 ? gatesText(line.gates) : "not gated",
        ]),
      ),
    );
  }
  const named: [string, readonly MetricLine[]][] = [
    ["Passed", parts.passing],
    [review.baseline ? "New" : "Reported (no baseline)", parts.added],
    ["Removed", parts.removed],
    ["Unchanged", parts.unchanged],
    ["Run details, not gated", parts.bookkeeping],
  ];
  const quiet = named.filter(([, lines]) => lines.length > 0);
  if (quiet.length > 0) out.push("");
  for (const [title, lines] of quiet) {
    const names = lines.slice(0, 20).map((l) => clean(l.name, 60));
    const more = lines.length > 20 ? ` and ${lines.length - 20} more` : "";
    out.push(`${title}: ${names.join(", ")}${more}`);
  }
  if (review.fairness) {
    out.push("", "Bias check disparities");
    out.push(
      ...alignedColumns(
        ["Disparity", "Base", "Head", "Gate"],
        review.fairness.disparities.map((d) => {
          const [base, head] = formatPair(d.base, d.head, digits);
          return [d.name, base, head, d.gates.length > 0 ? gatesText(d.gates) : ""];
        }),
      ),
    );
  }
  out.push(...textSections(review));
  for (const note of review.notes) out.push("", `Note: ${clean(note, 500)}`);
  return `${out.join("\n")}\n`;
}

function clean(text: string, max = 120): string {
  return sanitizeText(text, max);
}

function baselineLine(review: Review): string {
  const head = review.head.sha ? review.head.sha.slice(0, 7) : clean(review.head.source);
  if (!review.baseline) {
    return `Head ${head}. No baseline: ${clean(review.baselineMissing ?? "none given", 300)}.`;
  }
  const b = review.baseline;
  const age = b.age ? `; ${describeAge(b.age)}` : "";
  const at = b.sha ? ` ${b.sha.slice(0, 7)} (${clean(b.source)}${age})` : ` ${clean(b.source)}`;
  const warning = review.baselineWarning ? `\nWarning: ${clean(review.baselineWarning, 300)}` : "";
  return `Head ${head} compared with baseline${at}.${warning}`;
}

function values(line: MetricLine, digits: number | undefined): string[] {
  const row = line.row;
  if (!row) return [clean(line.name), "—", "—", "—"];
  const [base, head] = formatPair(row.base, row.head, digits);
  return [
    clean(line.name),
    row.baseNotANumber ?? withSpread(base, row.baseStd ?? row.baseStderr, digits),
    row.headNotANumber ?? withSpread(head, row.headStd ?? row.headStderr, digits),
    formatDelta(row.delta, digits),
  ];
}

function withSpread(text: string, spread: number | undefined, digits: number | undefined) {
  return spread === undefined ? text : `${text} ± ${formatValue(spread, digits)}`;
}

function gatesText(gates: readonly GateResult[]): string {
  return gates.map((g) => `${OUTCOME_WORD[g.outcome]}: ${ruleText(g)}`).join("; ");
}
