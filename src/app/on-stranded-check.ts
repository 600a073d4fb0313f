import type { FlowContext } from "./flow-context.js";
import { runJob } from "./run-job.js";
import type { StrandedCheckPayload } from "./stranded-check-event.js";

/**
 * A check run of this app found still open at start-up (a crash, a lost job): the head is
 * reviewed from its training run if that finished, left waiting if it is running, and otherwise
 * concluded neutral saying no run was found; the open check run itself is moved.
 */
export async function onStrandedCheck(
  ctx: FlowContext,
  stranded: StrandedCheckPayload,
): Promise<void> {
  await runJob(ctx, {
    repository: ctx.scm.repository,
    installationId: stranded.installation.id,
    pullNumber: stranded.pull_request.number,
    headSha: stranded.check_run.head_sha,
    trigger: { kind: "stranded_check", checkRunId: stranded.check_run.id },
  });
}
