import type { Config } from "../core/config/config.js";
import { ArtifactError } from "../core/errors.js";
import type { FileSource } from "../evidence/file-source.js";
import { loadReviewHistory } from "../history/load-review-history.js";
import type { BaselineSubject, Scm, WorkflowRun } from "../scm/scm.js";
import type { HistoryOptions } from "./history-options.js";
import { openArtifactBaseline } from "./open-artifact-baseline.js";
import type { OverrideDecision } from "./resolve-override.js";
import type { ReviewJob } from "./review-job.js";
import type { PlannedCheck, ReviewPlan } from "./review-plan.js";
import { reviewResults } from "./review-results.js";
import { runConclusion } from "./run-conclusion.js";

/** A successful training run to review, and what its results are compared with. */
export interface RunArtifactInput {
  readonly config: Config;
  readonly warnings: readonly string[];
  readonly run: WorkflowRun;
  /** The head and the branch whose `push` runs are its baselines. */
  readonly subject: BaselineSubject;
  readonly existing: PlannedCheck["existing"];
  /** Asked when the review failed, to apply the override label; undefined: no override. */
  readonly decideOverride: (() => Promise<OverrideDecision>) | undefined;
}

/**
 * Reviews the artifact of a successful training run against the baseline of its subject: the
 * check and comment of a verdict, or a failed check when the run's results cannot be read (a run
 * that uploaded nothing never passes).
 */
export async function reviewRunArtifact(
  job: ReviewJob,
  scm: Scm,
  input: RunArtifactInput,
  history: HistoryOptions | undefined,
): Promise<ReviewPlan> {
  const { config, run, subject, existing } = input;
  const workflow = config.workflow;
  let head: FileSource;
  try {
    head = await scm.openArtifact(run.id, config.artifact);
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    return runConclusion(
      job,
      run,
      {
        status: "completed",
        conclusion: "failure",
        title: "No results to review",
        summary: `[${workflow} run #${run.runNumber}](${run.url}) succeeded, but its results cannot be read: ${error.toUserMessage()}. Re-run the training workflow to upload them again.`,
        existing,
      },
      existing,
    );
  }
  const ref = { id: run.id, attempt: run.attempt };
  const result = await reviewResults(
    config,
    input.warnings,
    {
      head: { sha: run.headSha, source: `${workflow} run #${run.runNumber}`, url: run.url },
      openHead: async () => head,
      openBaseline: () =>
        openArtifactBaseline(scm, subject, workflow, config.artifact, history?.now),
      loadHistory: history
        ? (baseline) =>
            loadReviewHistory({
              scm,
              records: history.records,
              config,
              branch: subject.baseRef,
              baselineRunId: baseline.runId,
              now: history.now,
              warn: history.warn,
            })
        : undefined,
    },
    input.decideOverride,
    { run: ref, detailsUrl: run.url },
    existing,
  );
  return {
    job,
    outcome: "reviewed",
    check: result.check,
    comment: result.comment,
    review: result.review,
    note: `${result.review.verdict}: ${result.review.headline}`,
  };
}
