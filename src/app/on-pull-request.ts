import type { ReviewTrigger } from "../review/review-job.js";
import type { PullRequest } from "../scm/scm.js";
import type { FlowContext } from "./flow-context.js";
import { runJob } from "./run-job.js";

/** What happened to the pull request. */
export type PullRequestChange =
  | { readonly kind: "opened" | "synchronize" }
  | { readonly kind: "reopened" }
  | { readonly kind: "labeled" | "unlabeled"; readonly label: string; readonly sender: string };

/**
 * `pull_request`: a new head gets its check at once (a required check that is never created blocks
 * the pull request forever); the override label, added or removed, re-decides the current head.
 * Closed pull requests and other labels are ignored; no config → silent.
 */
export async function onPullRequest(
  ctx: FlowContext,
  pr: PullRequest,
  change: PullRequestChange,
  installationId?: number,
): Promise<void> {
  if (pr.state !== "open") return;
  const trigger: ReviewTrigger =
    change.kind === "labeled" || change.kind === "unlabeled"
      ? {
          kind: "label",
          action: change.kind,
          label: change.label,
          sender: change.sender,
          at: ctx.now().toISOString(),
        }
      : { kind: "pull_request", action: change.kind };
  await runJob(
    ctx,
    {
      repository: ctx.scm.repository,
      installationId,
      pullNumber: pr.number,
      headSha: pr.headSha,
      trigger,
    },
    { known: { pullRequest: pr } },
  );
}
