import type { ReviewJob } from "../review/review-job.js";
import type { FlowContext } from "./flow-context.js";
import { runJob } from "./run-job.js";
import type { StrandedCheckPayload } from "./stranded-check-event.js";

/**
 * A check run of this app found still open at start-up (a crash, a lost job): the head is
 * reviewed from its training run if that finished, left waiting if it is running, and otherwise
 * concluded neutral saying no run was found; the open check run itself is moved. A merge queue
 * group's head is reviewed as its training run would have it: against the base branch's
 * baseline, with no comment.
 */
export async function onStrandedCheck(
  ctx: FlowContext,
  stranded: StrandedCheckPayload,
): Promise<void> {
  const common = {
    repository: ctx.scm.repository,
    installationId: stranded.installation.id,
    headSha: stranded.check_run.head_sha,
    trigger: { kind: "stranded_check", checkRunId: stranded.check_run.id },
  } satisfies ReviewJob;
  const group = stranded.merge_group;
  await runJob(
    ctx,
    group
      ? {
          ...common,
          mergeGroup: {
            headRef: group.head_ref,
            baseRef: group.base_ref,
            pullNumber: group.pull_number,
          },
        }
      : { ...common, pullNumber: stranded.pull_request.number },
  );
}
