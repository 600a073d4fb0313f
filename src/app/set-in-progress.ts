import type { WorkflowRun } from "../scm/scm.js";
import { formatExternalId } from "./check-external-id.js";
import type { FlowContext } from "./flow-context.js";
import { setCheck } from "./set-check.js";

/**
 * Marks a pull request head's check as in progress while its training run `run` of `workflow`
 * is running, linking to the run.
 *
 * @param lookup - whether the head may already have a check (see {@link setCheck})
 */
export async function setInProgress(
  ctx: FlowContext,
  check: {
    readonly headSha: string;
    readonly pullNumber: number;
    readonly workflow: string;
    readonly run: WorkflowRun;
  },
  lookup: boolean,
): Promise<boolean> {
  const { workflow, run } = check;
  return setCheck(
    ctx,
    {
      headSha: check.headSha,
      status: "in_progress",
      title: `${workflow} is running`,
      summary: `Waiting for [${workflow} run #${run.runNumber}](${run.url}) to finish.`,
      detailsUrl: run.url,
      externalId: formatExternalId({
        pullNumber: check.pullNumber,
        runId: run.id,
        attempt: run.attempt,
      }),
    },
    { lookup, runKey: `${run.id}/${run.attempt}` },
  );
}
