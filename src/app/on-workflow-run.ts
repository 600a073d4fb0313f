import type { Config } from "../core/config/config.js";
import { isMlgateError, StoreError } from "../core/errors.js";
import { recordPushRun } from "../history/record-push-run.js";
import { type RepoConfig, readRepoConfig } from "../review/read-repo-config.js";
import { mergeGroupOfRun } from "../scm/merge-group-from.js";
import type { MergeGroup, PullRequestRef, WorkflowRun } from "../scm/scm.js";
import { concludeOpenCheck } from "./conclude-open-check.js";
import type { FlowContext } from "./flow-context.js";
import { matchesWorkflow } from "./matches-workflow.js";
import { retryLater } from "./retry-later.js";
import { runJob } from "./run-job.js";

/**
 * `workflow_run`: requested or in progress → the check is in progress; completed → review and
 * conclude, on each of the run's pull requests, or on the merge group a merge queue ran it for.
 * Runs of other workflows are ignored; with a broken config a finished run concludes its checks
 * with the config errors, so no required check waits forever.
 */
export async function onWorkflowRun(
  ctx: FlowContext,
  run: WorkflowRun,
  installationId?: number,
  defaultBranch?: string,
): Promise<void> {
  let repoConfig: RepoConfig;
  let prs: readonly PullRequestRef[];
  let group: MergeGroup | undefined;
  try {
    repoConfig = await readRepoConfig(ctx.scm);
    if (repoConfig.kind === "absent") return;
    if (repoConfig.kind === "invalid" && run.status !== "completed") return;
    if (repoConfig.kind === "ready" && !matchesWorkflow(run, repoConfig.config.workflow)) return;
    if (repoConfig.kind === "ready")
      await recordHistory(ctx, repoConfig.config, run, defaultBranch);
    group = mergeGroupOfRun(run, ctx.scm.repository, defaultBranch);
    // A merge group's run lists no pull request, and none is looked for: its check is its own.
    prs = group ? [] : await ctx.scm.findPullRequestsForRun(run);
  } catch (error) {
    // GitHub failed before the review could start: a finished run must not leave the check open.
    // The delivery fails only when no check could say so.
    if (!isMlgateError(error) || run.status !== "completed" || retryLater(ctx, error)) throw error;
    ctx.log.warn(
      { err: error },
      `mlgate: ${ctx.scm.repository} ${run.headSha.slice(0, 7)} could not be reviewed`,
    );
    if (!(await concludeOpenCheck(ctx, run.headSha, error))) throw error;
    return;
  }
  const action =
    run.status === "completed"
      ? "completed"
      : run.status === "in_progress"
        ? "in_progress"
        : "requested";
  if (group) {
    await runJob(
      ctx,
      {
        repository: ctx.scm.repository,
        installationId,
        headSha: run.headSha,
        mergeGroup: group,
        run: { id: run.id, attempt: run.attempt },
        trigger: { kind: "workflow_run", action },
      },
      { config: repoConfig, known: { run } },
    );
    return;
  }
  for (const pr of prs) {
    await runJob(
      ctx,
      {
        repository: ctx.scm.repository,
        installationId,
        pullNumber: pr.number,
        headSha: run.headSha,
        run: { id: run.id, attempt: run.attempt },
        trigger: { kind: "workflow_run", action },
      },
      { config: repoConfig, known: { run, pullRequest: pr } },
    );
  }
}

/** A default-branch push run joins the base branch's history; failing to record it fails nothing. */
async function recordHistory(
  ctx: FlowContext,
  config: Config,
  run: WorkflowRun,
  defaultBranch: string | undefined,
): Promise<void> {
  try {
    const recorded = await recordPushRun(ctx.scm, ctx.state.history, config, run, defaultBranch);
    if (recorded) {
      ctx.log.info(
        `mlgate: ${ctx.scm.repository} recorded run #${run.runNumber} of ${config.workflow} on ${defaultBranch}${recorded.missing ? ` without values (${recorded.missing})` : ""}`,
      );
    }
  } catch (error) {
    // A store that failed is tried again with the job: a run left out would stay a gap.
    if (!isMlgateError(error) || error instanceof StoreError) throw error;
    ctx.log.warn({ err: error }, `mlgate: run #${run.runNumber} not recorded in the history`);
  }
}
