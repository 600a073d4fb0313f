import type { Config } from "../core/config/config.js";
import type { Scm, WorkflowRun } from "../scm/scm.js";
import { recordRun } from "./backfill-history.js";
import type { HistoryRecords } from "./history-records.js";
import type { RecordedRun } from "./recorded-run.js";

/**
 * Records a completed training run in the base branch's history when it is a successful `push`
 * run of this repository on its default branch; any other run is not part of the history.
 * Returns what was recorded, or undefined.
 */
export async function recordPushRun(
  scm: Pick<Scm, "listPushRuns" | "openArtifact" | "repository">,
  records: HistoryRecords,
  config: Config,
  run: WorkflowRun,
  defaultBranch: string | undefined,
): Promise<RecordedRun | undefined> {
  if (
    run.status !== "completed" ||
    run.conclusion !== "success" ||
    run.event !== "push" ||
    defaultBranch === undefined ||
    run.headBranch !== defaultBranch ||
    run.headRepo.toLowerCase() !== scm.repository.toLowerCase()
  ) {
    return undefined;
  }
  return recordRun(
    {
      source: scm,
      records,
      scope: { repository: scm.repository, workflow: config.workflow, branch: defaultBranch },
      artifact: config.artifact,
      metrics: config.metrics,
    },
    {
      id: run.id,
      runNumber: run.runNumber,
      headSha: run.headSha,
      createdAt: run.createdAt,
      url: run.url,
    },
  );
}
