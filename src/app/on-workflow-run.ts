import { isMlgateError } from "../core/errors.js";
import type { PullRequestRef, WorkflowRun } from "../scm/scm.js";
import { concludeConfigError } from "./conclude-config-error.js";
import { concludeOnError } from "./conclude-on-error.js";
import { concludeOpenCheck } from "./conclude-open-check.js";
import type { FlowContext } from "./flow-context.js";
import { matchesWorkflow } from "./matches-workflow.js";
import { type RepoConfig, readRepoConfig } from "./read-repo-config.js";
import { reviewHead } from "./review-head.js";
import { setInProgress } from "./set-in-progress.js";

/**
 * `workflow_run`: requested or in progress → the check is in progress; completed → review and
 * conclude. Runs of other workflows are ignored; with a broken config a finished run concludes
 * its pull requests' checks with the config errors, so no required check waits forever.
 */
export async function onWorkflowRun(ctx: FlowContext, run: WorkflowRun): Promise<void> {
  let repoConfig: RepoConfig;
  let prs: readonly PullRequestRef[];
  try {
    repoConfig = await readRepoConfig(ctx.scm);
    if (repoConfig.kind === "absent") return;
    if (repoConfig.kind === "invalid" && run.status !== "completed") return;
    if (repoConfig.kind === "ready" && !matchesWorkflow(run, repoConfig.config.workflow)) return;
    prs = await ctx.scm.findPullRequestsForRun(run);
  } catch (error) {
    // GitHub failed before the review could start: a finished run must not leave the check open.
    // The delivery fails only when no check could say so.
    if (!isMlgateError(error) || run.status !== "completed") throw error;
    ctx.log.warn(
      { err: error },
      `mlgate: ${ctx.scm.repository} ${run.headSha.slice(0, 7)} could not be reviewed`,
    );
    if (!(await concludeOpenCheck(ctx, run.headSha, error))) throw error;
    return;
  }
  for (const pr of prs) {
    await ctx.state.locks.run(`${ctx.scm.repository}#${pr.number}`, () =>
      concludeOnError(ctx, { headSha: run.headSha, pullNumber: pr.number }, async () => {
        if (repoConfig.kind === "invalid") {
          await concludeConfigError(
            ctx,
            { headSha: run.headSha, pullNumber: pr.number },
            repoConfig.errors,
          );
          return;
        }
        const { config, warnings } = repoConfig;
        if (run.status === "completed") {
          await reviewHead(ctx, { config, configWarnings: warnings, pr, run });
          return;
        }
        await setInProgress(
          ctx,
          { headSha: run.headSha, pullNumber: pr.number, workflow: config.workflow, run },
          true,
        );
      }),
    );
  }
}
