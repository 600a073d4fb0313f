import type { WorkflowRun } from "../scm/scm.js";
import { formatExternalId } from "./check-external-id.js";
import { concludeConfigError } from "./conclude-config-error.js";
import { concludeOnError } from "./conclude-on-error.js";
import type { FlowContext } from "./flow-context.js";
import { matchesWorkflow } from "./matches-workflow.js";
import { readRepoConfig } from "./read-repo-config.js";
import { reviewHead } from "./review-head.js";
import { setCheck } from "./set-check.js";

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
        await setCheck(
          ctx,
          {
            headSha: run.headSha,
            status: "in_progress",
            title: `${config.workflow} is running`,
            summary: `Waiting for [${config.workflow} run #${run.runNumber}](${run.url}) to finish.`,
            detailsUrl: run.url,
            externalId: formatExternalId({
              pullNumber: pr.number,
              runId: run.id,
              attempt: run.attempt,
            }),
          },
          { lookup: true, runKey: `${run.id}/${run.attempt}` },
        );
      }),
    );
  }
}
