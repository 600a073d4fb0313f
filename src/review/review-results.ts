import type { Config } from "../core/config/config.js";
import type { BaseHistory } from "../core/history/base-history.js";
import { renderCheck } from "../core/render/render-check.js";
import { renderComment } from "../core/render/render-comment.js";
import type { HeadInfo } from "../core/types.js";
import type { FileSource } from "../evidence/file-source.js";
import type { OpenedBaseline } from "../evidence/opened-baseline.js";
import type { OverrideDecision } from "./resolve-override.js";
import type { RunRef } from "./review-job.js";
import type { PlannedCheck } from "./review-plan.js";
import { reviewWithOverride } from "./review-with-override.js";

/** Where a review's results come from: opened here, closed here. */
export interface ResultSources {
  readonly head: HeadInfo;
  openHead(): Promise<FileSource>;
  openBaseline(): Promise<OpenedBaseline>;
  /** The base branch's history up to the opened baseline, when the caller keeps one. */
  loadHistory?: ((baseline: OpenedBaseline) => Promise<BaseHistory | undefined>) | undefined;
}

/** A built review with its check and comment, ready to publish. */
export interface ReviewedResults {
  readonly review: Awaited<ReturnType<typeof reviewWithOverride>>;
  readonly check: PlannedCheck;
  readonly comment: string;
}

/**
 * Opens the head's results and the baseline, builds the review (pure) and renders its check and
 * comment; closes what it opened. Nothing is published.
 */
export async function reviewResults(
  config: Config,
  configWarnings: readonly string[],
  sources: ResultSources,
  decideOverride: (() => Promise<OverrideDecision>) | undefined,
  check: { readonly run?: RunRef | undefined; readonly detailsUrl?: string | undefined },
  existing: PlannedCheck["existing"],
): Promise<ReviewedResults> {
  const opened: FileSource[] = [];
  try {
    const head = await sources.openHead();
    opened.push(head);
    const baseline = await sources.openBaseline();
    if (baseline.base) opened.push(baseline.base.source);
    const history = await sources.loadHistory?.(baseline);
    const review = await reviewWithOverride(
      {
        config,
        head: { source: head, info: sources.head },
        base: baseline.base,
        baselineMissing: baseline.missing,
        history,
      },
      configWarnings,
      decideOverride,
    );
    const output = renderCheck(review);
    return {
      review,
      comment: renderComment(review),
      check: {
        status: "completed",
        conclusion: output.conclusion,
        title: output.title,
        summary: output.summary,
        text: output.text,
        annotations: output.annotations,
        detailsUrl: check.detailsUrl,
        run: check.run,
        existing,
      },
    };
  } finally {
    for (const source of opened) await source.close();
  }
}
