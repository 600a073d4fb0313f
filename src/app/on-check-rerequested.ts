import { parseExternalId } from "../review/check-external-id.js";
import type { CheckRun, MergeGroup } from "../scm/scm.js";
import type { FlowContext } from "./flow-context.js";
import { runJob } from "./run-job.js";

/**
 * `check_run.rerequested` ("Re-run" on the mlgate check): review the head again, in a new check
 * run as GitHub expects. The pull request comes from the check's bookkeeping, since GitHub lists
 * no pull requests on checks of fork commits; a merge group's check (on a merge queue's branch)
 * reviews the group again.
 */
export async function onCheckRerequested(
  ctx: FlowContext,
  check: CheckRun,
  listedPullNumbers: readonly number[],
  installationId?: number,
  mergeGroup?: MergeGroup,
): Promise<void> {
  const pullNumber = parseExternalId(check.externalId)?.pullNumber ?? listedPullNumbers[0];
  if (pullNumber === undefined && mergeGroup) {
    await runJob(ctx, {
      repository: ctx.scm.repository,
      installationId,
      headSha: check.headSha,
      mergeGroup,
      trigger: { kind: "check_rerequested", checkRunId: check.id },
    });
    return;
  }
  if (pullNumber === undefined) {
    ctx.log.info(`mlgate: re-requested check ${check.id} names no pull request; nothing to do`);
    return;
  }
  await runJob(ctx, {
    repository: ctx.scm.repository,
    installationId,
    pullNumber,
    headSha: check.headSha,
    trigger: { kind: "check_rerequested", checkRunId: check.id },
  });
}
