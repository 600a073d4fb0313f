import type { Config } from "../core/config/config.js";
import { ArtifactError, isMlgateError } from "../core/errors.js";
import { renderCheck } from "../core/render/render-check.js";
import { renderComment } from "../core/render/render-comment.js";
import type { FileSource } from "../evidence/file-source.js";
import { openArtifactBaseline } from "../review/open-artifact-baseline.js";
import { resolveOverride } from "../review/resolve-override.js";
import { reviewWithOverride } from "../review/review-with-override.js";
import type {
  CheckInput,
  LabelEvent,
  PullRequest,
  PullRequestRef,
  WorkflowRun,
} from "../scm/scm.js";
import { formatExternalId } from "./check-external-id.js";
import type { FlowContext } from "./flow-context.js";
import { setCheck } from "./set-check.js";
import { touchesPaths } from "./touches-paths.js";

/** A pull request head whose training run has completed. */
export interface ReviewHeadInput {
  readonly config: Config;
  readonly configWarnings: readonly string[];
  readonly pr: PullRequestRef;
  /** The whole pull request when the event carried it; fetched only if an override may matter. */
  readonly fullPr?: PullRequest | undefined;
  readonly run: WorkflowRun;
  /** The override label event being handled, when it is one (its sender, now). */
  readonly labelEvent?: LabelEvent | undefined;
}

/**
 * Reviews a pull request head from its completed training run and publishes: the check run is
 * concluded first (it is what gates the merge), then the sticky comment. A failed or cancelled
 * run, a superseded commit, a change outside `paths:` and a missing head artifact each conclude
 * the check with a reason instead of a review.
 */
export async function reviewHead(ctx: FlowContext, input: ReviewHeadInput): Promise<void> {
  const { config, pr, run } = input;
  const workflow = config.workflow;
  const conclude = (check: Omit<CheckInput, "headSha" | "status" | "externalId">) =>
    setCheck(
      ctx,
      {
        ...check,
        headSha: run.headSha,
        status: "completed",
        detailsUrl: check.detailsUrl ?? run.url,
        externalId: formatExternalId({
          pullNumber: pr.number,
          runId: run.id,
          attempt: run.attempt,
        }),
      },
      { runKey: `${run.id}/${run.attempt}`, lookup: false },
    );
  const runLink = `[${workflow} run #${run.runNumber}](${run.url})`;

  if (run.conclusion !== "success") {
    const skipped = run.conclusion === "skipped" || run.conclusion === "neutral";
    await conclude({
      conclusion: skipped ? "neutral" : "failure",
      title: skipped
        ? "Training run skipped"
        : `Training run ${run.conclusion ?? "did not finish"}`,
      summary: skipped
        ? `${runLink} was skipped, so there are no results to review.`
        : `${runLink} ended with **${run.conclusion ?? "no conclusion"}**, so there are no results to review. Fix the run and re-run it; mlgate reviews it when it succeeds.`,
    });
    return;
  }
  if (pr.headSha !== run.headSha) {
    await conclude({
      conclusion: "neutral",
      title: "Superseded by a newer commit",
      summary: `Pull request #${pr.number} has moved on to ${pr.headSha.slice(0, 7)}; the results of ${run.headSha.slice(0, 7)} are not reviewed.`,
    });
    return;
  }
  if (config.paths && !touchesPaths(await ctx.scm.changedFiles(pr.number), config.paths)) {
    await conclude(notCovered(config.paths));
    return;
  }

  const sources: FileSource[] = [];
  try {
    let head: FileSource;
    try {
      head = await ctx.scm.openArtifact(run.id, config.artifact);
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      await conclude({
        conclusion: "failure",
        title: "No results to review",
        summary: `${runLink} succeeded, but its results cannot be read: ${error.toUserMessage()}. Re-run the training workflow to upload them again.`,
      });
      return;
    }
    sources.push(head);

    const opened = await openArtifactBaseline(ctx.scm, pr, workflow, config.artifact);
    if (opened.base) sources.push(opened.base.source);

    const review = await reviewWithOverride(
      {
        config,
        head: {
          source: head,
          info: { sha: run.headSha, source: `${workflow} run #${run.runNumber}`, url: run.url },
        },
        base: opened.base,
        baselineMissing: opened.missing,
      },
      input.configWarnings,
      async () => {
        const full = input.fullPr ?? (await ctx.scm.getPullRequest(pr.number));
        return resolveOverride(ctx.scm, config, full, run, input.labelEvent);
      },
    );

    const check = renderCheck(review);
    const output = {
      conclusion: check.conclusion,
      title: check.title,
      summary: check.summary,
      text: check.text,
      annotations: check.annotations,
    };
    await conclude(output);
    let outcome: string;
    try {
      const body = renderComment(review);
      outcome = (await ctx.scm.upsertReviewComment(pr.number, body, run.headSha)).outcome;
    } catch (error) {
      if (!isMlgateError(error)) throw error;
      // The check already carries the verdict and the whole review: a comment that cannot be
      // published must not turn a pass into a failure. The check says what went wrong instead.
      await conclude({
        ...output,
        annotations: [],
        summary: `${check.summary}\n\n> ⚠️ The review comment could not be published: ${error.toUserMessage()}`,
      });
      outcome = `not published (${error.message})`;
    }
    ctx.log.info(
      `mlgate: ${ctx.scm.repository}#${pr.number} ${run.headSha.slice(0, 7)} ${review.verdict}; comment ${outcome}`,
    );
  } finally {
    for (const source of sources) await source.close();
  }
}

/** The neutral conclusion for a pull request that touches none of the `paths:` globs. */
export function notCovered(
  paths: readonly string[],
): Omit<CheckInput, "headSha" | "status" | "externalId"> {
  return {
    conclusion: "neutral",
    title: "Not configured for this change",
    summary: `This pull request changes none of the paths mlgate is configured for (${paths.map((p) => `\`${p}\``).join(", ")}), so there is nothing to gate.`,
  };
}
