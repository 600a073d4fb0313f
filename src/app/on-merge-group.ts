import type { MergeGroup } from "../scm/scm.js";
import type { FlowContext } from "./flow-context.js";
import { runJob } from "./run-job.js";

/**
 * `merge_group.checks_requested`: a merge queue waits for the required checks of the group's head
 * commit, so the `mlgate` check is set there at once: waiting for the training run, or, when the
 * run is already done (a late or redelivered request), its review. The run's `workflow_run`
 * events move it on. No config → silent.
 */
export async function onMergeGroup(
  ctx: FlowContext,
  headSha: string,
  group: MergeGroup,
  installationId?: number,
): Promise<void> {
  await runJob(ctx, {
    repository: ctx.scm.repository,
    installationId,
    headSha,
    mergeGroup: group,
    trigger: { kind: "merge_group", action: "checks_requested" },
  });
}
