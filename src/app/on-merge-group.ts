import type { PullRequestRef, WorkflowRun } from "../scm/scm.js";
import { formatExternalId } from "./check-external-id.js";
import { concludeConfigError } from "./conclude-config-error.js";
import { concludeOnError } from "./conclude-on-error.js";
import type { FlowContext } from "./flow-context.js";
import type { RepoConfig } from "./read-repo-config.js";
import { reviewHead } from "./review-head.js";
import { setCheck } from "./set-check.js";
import { setInProgress } from "./set-in-progress.js";

/**
 * A merge queue's group: its head commit gets the `mlgate` check the queue waits for. Queued
 * until the training run for that commit (a workflow with `on: merge_group`) is found; when the
 * run has finished (now, or on its `workflow_run` event) the head is reviewed against the merge
 * group's base branch and the check concluded, without a comment.
 */
export async function onMergeGroup(
  ctx: FlowContext,
  repoConfig: Exclude<RepoConfig, { kind: "absent" }>,
  target: PullRequestRef,
  run?: WorkflowRun | undefined,
): Promise<void> {
  const pullNumber = 0;
  const check = { headSha: target.headSha, pullNumber };
  await ctx.state.locks.run(`${ctx.scm.repository}@${target.headSha}`, () =>
    concludeOnError(ctx, check, async () => {
      if (repoConfig.kind === "invalid") {
        await concludeConfigError(ctx, check, repoConfig.errors);
        return;
      }
      const { config, warnings } = repoConfig;
      const found = run ?? (await ctx.scm.findRunForCommit(config.workflow, target.headSha));
      if (!found) {
        await setCheck(
          ctx,
          {
            headSha: target.headSha,
            status: "queued",
            title: `Waiting for ${config.workflow}`,
            summary: `mlgate reviews this merge group when a run of \`${config.workflow}\` for its head commit finishes. The workflow needs \`on: merge_group\` so the merge queue runs it.`,
            externalId: formatExternalId({ pullNumber }),
          },
          { lookup: true },
        );
        return;
      }
      if (found.status !== "completed") {
        await setInProgress(ctx, { ...check, workflow: config.workflow, run: found }, true);
        return;
      }
      await reviewHead(ctx, {
        config,
        configWarnings: warnings,
        pr: target,
        run: found,
        mergeGroup: true,
      });
    }),
  );
}
