import { writeDenied } from "../review/write-denied.js";
import type { Scm } from "../scm/scm.js";
import type { ReviewTarget } from "./resolve-target.js";

/**
 * Concludes the `mlgate` check run as failed when a run could not review (a broken config, an
 * unreadable artifact), so a required check never waits for a review that will not come.
 * Best effort: a refused write is ignored, since the step's own failure already shows.
 */
export async function publishError(
  scm: Scm,
  target: ReviewTarget,
  message: string,
  detailsUrl: string | undefined,
): Promise<void> {
  if ((target.pullRequests.length === 0 && !target.mergeGroup) || target.readOnly) return;
  try {
    await scm.createCheck({
      headSha: target.headSha,
      status: "completed",
      conclusion: "failure",
      title: "mlgate could not review this commit",
      summary: `${message}\n\nFix the cause and re-run the workflow.`,
      detailsUrl,
    });
  } catch (error) {
    if (writeDenied(error) === undefined) throw error;
  }
}
