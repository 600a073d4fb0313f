import { escapeMarkdown } from "../core/render/escape.js";
import type { Review } from "../core/review.js";
import type { MergeGroup } from "../scm/scm.js";

/** What a merge group's job summary opens with, and the warning the run's page shows. */
export interface MergeGroupSummary {
  /** Markdown, placed above the review. */
  readonly markdown: string;
  /** Plain text for a warning annotation; undefined when every gate could be judged. */
  readonly warning: string | undefined;
}

/**
 * Says which merge group was reviewed and that this step's result is the queue's verdict, and,
 * when there was no baseline, that the change gates were not evaluated — in those words, since a
 * step that passes is all the queue reads, and a neutral verdict passes.
 */
export function mergeGroupSummary(group: MergeGroup, review: Review): MergeGroupSummary {
  const base = escapeMarkdown(group.baseRef);
  const made = group.pullNumber === undefined ? "" : `, made for pull request #${group.pullNumber}`;
  const lines = [
    `> **Merge queue:** group ${escapeMarkdown(group.headRef)} into ${base}${made}. Reviewed against the baseline of ${base}, as a pull request into ${base} is. This step's result is the queue's verdict: it fails when a gate fails.`,
  ];
  const skipped = review.gates.filter((g) => g.outcome === "not_evaluated").length;
  let warning: string | undefined;
  if (review.baseline === undefined && skipped > 0) {
    const why = review.baselineMissing ?? "no baseline was found";
    const judged =
      review.verdict === "neutral"
        ? "No gate could judge this group: the verdict is neutral, not passed, and this step does not fail, so the queue may merge the group without its change being judged."
        : "Only the gates on this run's own values (`min`, `max`, required metrics) judged this group.";
    lines.push(
      "",
      `> ⚠️ **Change gates were not evaluated** (${skipped}): there is no baseline for ${base} (${escapeMarkdown(why)}). ${judged}`,
    );
    warning = `mlgate: change gates were not evaluated for this merge group: no baseline for ${group.baseRef} (${why})`;
  }
  return { markdown: lines.join("\n"), warning };
}
