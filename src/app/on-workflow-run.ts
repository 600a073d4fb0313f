import type { WorkflowRun } from "../scm/scm.js";
import { concludeConfigError } from "./conclude-config-error.js";
import { concludeOnError } from "./conclude-on-error.js";
import type { FlowContext } from "./flow-context.js";
import { matchesWorkflow } from "./matches-workflow.js";
import { readRepoConfig } from "./read-repo-config.js";
import { reviewHead } from "./review-head.js";
import { setInProgress } from "./set-in-progress.js";

/**
 * `workflow_run`: requested or in progress → the check is in progress; completed → review and
 * conclude. Runs of other workflows are ignored; with a broken config a finished run concludes
 * its pull requests' checks with the config errors, so no required check waits forever.
 */
export async function onWorkflowRun(ctx: FlowContext, run: WorkflowRun): Promise<void> {
  const repoConfig = await readRepoConfig(ctx.scm);
  if (repoConfig.kind === "absent") return;
  if (repoConfig.kind === "invalid" && run.status !== "completed") return;
  if (repoConfig.kind === "ready" && !matchesWorkflow(run, repoConfig.config.workflow)) return;

  const prs = await ctx.scm.findPullRequestsForRun(run);
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
