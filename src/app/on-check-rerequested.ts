import { parseExternalId } from "../review/check-external-id.js";
import type { CheckRun } from "../scm/scm.js";
import type { FlowContext } from "./flow-context.js";
import { runJob } from "./run-job.js";

/**
 * `check_run.rerequested` ("Re-run" on the mlgate check): review the head again, in a new check
 * run as GitHub expects. The pull request comes from the check's bookkeeping, since GitHub lists
 * no pull requests on checks of fork commits.
 */
export async function onCheckRerequested(
  ctx: FlowContext,
  check: CheckRun,
  listedPullNumbers: readonly number[],
  installationId?: number,
): Promise<void> {
  const pullNumber = parseExternalId(check.externalId)?.pullNumber ?? listedPullNumbers[0];
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
