import type { HeadInfo } from "../core/types.js";
import type { MergeGroup, PullRequestRef, Scm, WorkflowRun } from "../scm/scm.js";
import { workflowFileOf } from "../scm/workflow-file-of.js";
import type { ActionContext } from "./action-context.js";

/** What a run reviews and where the result may go. */
export interface ReviewTarget {
  /** The commit whose results are reviewed (a pull request's head, not its merge commit). */
  readonly headSha: string;
  readonly head: HeadInfo;
  /** Pull requests that get the comment and check; none for a push or a merge group. */
  readonly pullRequests: readonly PullRequestRef[];
  /** The merge group under review: the check goes on its head, there is no comment. */
  readonly mergeGroup?: MergeGroup | undefined;
  /** Why nothing can be posted (a fork's read-only token), when known before trying. */
  readonly readOnly: string | undefined;
  /** The training run being published, on `workflow_run`. */
  readonly run: WorkflowRun | undefined;
  /** The workflow file whose push runs are baselines (`train.yml`). */
  readonly workflow: string | undefined;
}

/**
 * Works out the reviewed commit and its pull requests from the event. On `workflow_run` the
 * pull requests of a fork's run are found through the API, as the app finds them.
 */
export async function resolveTarget(ctx: ActionContext, scm: Scm): Promise<ReviewTarget> {
  const { event } = ctx;
  const thisRun: HeadInfo = {
    source: ctx.runNumber ? `${ctx.workflowName} run #${ctx.runNumber}` : ctx.workflowName,
    url: ctx.runUrl,
  };
  switch (event.kind) {
    case "pull_request":
      return {
        headSha: event.pr.headSha,
        head: { ...thisRun, sha: event.pr.headSha },
        pullRequests: [event.pr],
        readOnly: event.fork
          ? `pull request #${event.pr.number} comes from a fork (${event.pr.headRepo}), so this run's token is read-only`
          : undefined,
        run: undefined,
        workflow: ctx.workflowFile,
      };
    case "workflow_run": {
      const { run } = event;
      return {
        headSha: run.headSha,
        head: {
          sha: run.headSha,
          source: `${run.workflowName || "the training workflow"} run #${run.runNumber}`,
          url: run.url,
        },
        // Only pull request runs are published; a push run is a baseline.
        pullRequests: run.event === "push" ? [] : await scm.findPullRequestsForRun(run),
        readOnly: undefined,
        run,
        workflow: workflowFileOf(run.workflowPath) || undefined,
      };
    }
    case "merge_group":
      return {
        headSha: event.headSha,
        head: { ...thisRun, sha: event.headSha },
        pullRequests: [],
        mergeGroup: event.group,
        readOnly: undefined,
        run: undefined,
        workflow: ctx.workflowFile,
      };
    default:
      return {
        headSha: ctx.sha,
        head: { ...thisRun, sha: ctx.sha || undefined },
        pullRequests: [],
        readOnly: undefined,
        run: undefined,
        workflow: ctx.workflowFile,
      };
  }
}
