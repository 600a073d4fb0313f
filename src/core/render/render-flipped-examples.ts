import { markdownTable } from "markdown-table";
import type { FlippedExample, MetricFlips } from "../examples/example-comparison.js";
import { escapeMarkdown } from "./escape.js";

/** How much of the flipped examples to show (the JSON report has them all). */
export interface FlipLimits {
  /** Examples shown per metric and direction. */
  readonly perDirection?: number;
  /** Metrics given a section; the rest are counted. */
  readonly metrics?: number;
}

const count = (n: number) => n.toLocaleString("en-US");
const HEX_ID = /^[0-9a-f]{16,}$/i;
/** Shortest hash prefix shown, as git shows commits. */
const MIN_HASH_DIGITS = 7;

/**
 * The examples of pass/fail metrics that changed outcome between base and head: per metric, a
 * folded table with the regressions (pass → fail) first, then the fixes, each with its id
 * (a `doc_hash` shortened like a commit, to as many digits as keep the shown ones apart), task and
 * an excerpt of its input, all escaped; capped with a count of the rest. Empty when nothing
 * flipped.
 */
export function renderFlippedExamples(
  flips: readonly MetricFlips[],
  limits: FlipLimits = {},
): string {
  if (flips.length === 0) return "";
  const perDirection = limits.perDirection ?? 10;
  const maxMetrics = limits.metrics ?? 20;
  // Metrics that lost the most examples first: that is where a reviewer looks.
  const ordered = [...flips].sort((a, b) => b.passToFail.length - a.passToFail.length);
  const out = ["#### Flipped examples", ""];
  for (const metric of ordered.slice(0, maxMetrics)) out.push(...section(metric, perDirection));
  if (ordered.length > maxMetrics) {
    out.push(
      `_…and ${count(ordered.length - maxMetrics)} more metrics with flipped examples (see \`mlgate check --format json\`)._`,
      "",
    );
  }
  return out.join("\n").trimEnd();
}

function section(metric: MetricFlips, perDirection: number): string[] {
  const lost = metric.passToFail.length;
  const won = metric.failToPass.length;
  const unpaired =
    metric.onlyBase + metric.onlyHead === 0
      ? ""
      : `; ${count(metric.onlyBase)} only in base, ${count(metric.onlyHead)} only in head`;
  const summary = `${escapeMarkdown(metric.metric)}: ${count(lost)} pass → fail, ${count(won)} fail → pass (of ${count(metric.paired)} paired${unpaired})`;
  const shownLost = metric.passToFail.slice(0, perDirection);
  const shownWon = metric.failToPass.slice(0, perDirection);
  const short = shortIds([...shownLost, ...shownWon]);
  const withTask = [...shownLost, ...shownWon].some((e) => e.task !== undefined);
  const header = ["", "Example", ...(withTask ? ["Task"] : []), "Input"];
  const row = (label: string) => (e: FlippedExample) => [
    label,
    short.get(e.id) ?? "",
    ...(withTask ? [e.task === undefined ? "" : escapeMarkdown(e.task, 60)] : []),
    e.excerpt === undefined ? "" : escapeMarkdown(e.excerpt, 100),
  ];
  const rows = [...shownLost.map(row("pass → fail")), ...shownWon.map(row("fail → pass"))];
  const rest = [
    lost > shownLost.length ? `${count(lost - shownLost.length)} more pass → fail` : "",
    won > shownWon.length ? `${count(won - shownWon.length)} more fail → pass` : "",
  ].filter(Boolean);
  return [
    `<details${lost > 0 ? " open" : ""}><summary>${summary}</summary>`,
    "",
    markdownTable([header, ...rows], { alignDelimiters: false }),
    ...(rest.length > 0
      ? ["", `_…and ${rest.join(", ")} (see \`mlgate check --format json\`)._`]
      : []),
    "",
    "</details>",
    "",
  ];
}

/**
 * Ids as shown: a long hex hash in a code span, cut to the fewest digits (at least 7) that keep
 * the shown hashes apart; other ids (a test's description or vars) escaped.
 */
function shortIds(examples: readonly FlippedExample[]): Map<string, string> {
  const shown = new Map<string, string>();
  const hashes = [...new Set(examples.map((e) => e.id).filter((id) => HEX_ID.test(id)))];
  let digits = MIN_HASH_DIGITS;
  while (
    digits < 64 &&
    new Set(hashes.map((h) => h.slice(0, digits).toLowerCase())).size < hashes.length
  ) {
    digits++;
  }
  for (const e of examples) {
    if (shown.has(e.id)) continue;
    shown.set(e.id, HEX_ID.test(e.id) ? `\`${e.id.slice(0, digits)}\`` : escapeMarkdown(e.id, 80));
  }
  return shown;
}
