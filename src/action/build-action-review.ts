import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "../core/errors.js";
import type { FileSource } from "../evidence/file-source.js";
import { openInput } from "../evidence/open-input.js";
import { planReview } from "../review/plan-review.js";
import type { ReviewJob } from "../review/review-job.js";
import type { ReviewPlan } from "../review/review-plan.js";
import type { Scm } from "../scm/scm.js";
import type { ActionContext } from "./action-context.js";
import type { ActionInputs } from "./action-inputs.js";
import { openActionBaseline } from "./open-action-baseline.js";
import type { ActionConfig } from "./read-action-config.js";
import type { ReviewTarget } from "./resolve-target.js";

/**
 * Plans this run's review through the one review pipeline: the head is the `results` folder (or
 * the training run's artifact on `workflow_run`), the baseline what the `baseline` input asks
 * for. Opens, reads only the files the config names, builds the review and applies the override
 * label to a failed one; nothing is published here.
 */
export async function buildActionReview(
  ctx: ActionContext,
  inputs: ActionInputs,
  scm: Scm,
  configured: ActionConfig,
  target: ReviewTarget,
  log: (line: string) => void,
): Promise<ReviewPlan & { readonly review: NonNullable<ReviewPlan["review"]> }> {
  const { config } = configured;
  let openHead: () => Promise<FileSource>;
  let resultsDir: string | undefined;
  if (inputs.results) {
    const path = resolve(ctx.workspace, inputs.results);
    openHead = () => openInput(path);
    const found = await stat(path).catch(() => undefined);
    if (found?.isDirectory()) resultsDir = path;
  } else if (target.run) {
    // The publishing run of the fork pattern: the training run's artifact, as the app reads it.
    const runId = target.run.id;
    openHead = () => scm.openArtifact(runId, config.artifact);
  } else {
    throw new UsageError("input results: the folder with this run's results is required");
  }
  const job: ReviewJob = {
    repository: ctx.repository,
    pullNumber: target.pullRequests[0]?.number,
    mergeGroup: target.mergeGroup,
    headSha: target.headSha,
    run: target.run ? { id: target.run.id, attempt: target.run.attempt } : undefined,
    trigger: { kind: "action", event: ctx.eventName },
  };
  const plan = await planReview(job, scm, {
    config: { kind: "ready", config, warnings: configured.warnings },
    known: { run: target.run },
    workflow: target.workflow,
    override: !inputs.dryRun,
    sources: {
      head: target.head,
      openHead,
      openBaseline: () => openActionBaseline(ctx, inputs, scm, config, target, resultsDir, log),
    },
  });
  const { review } = plan;
  if (!review) throw new Error(`the action's review plan has no review (${plan.outcome})`);
  return { ...plan, review };
}
