import type { Config } from "../core/config/config.js";
import { ArtifactError, InputError } from "../core/errors.js";
import type { FileSource } from "../evidence/file-source.js";
import type { PushRun, Scm } from "../scm/scm.js";
import type { HistoryRecords } from "./history-records.js";
import type { HistoryScope, RecordedRun } from "./recorded-run.js";
import { runValues } from "./run-values.js";

/** What the history needs from GitHub: one runs listing, and a run's artifact. */
export type HistorySource = Pick<Scm, "listPushRuns" | "openArtifact">;

export interface HistoryJob {
  readonly source: HistorySource;
  readonly records: HistoryRecords;
  readonly scope: HistoryScope;
  readonly artifact: string;
  readonly metrics: Config["metrics"];
}

/**
 * Records one run: the metric values of its artifact, or why there are none. An artifact that
 * is expired, missing or unreadable is recorded as such (a run never changes, so asking again
 * would give the same answer); a GitHub failure is thrown and nothing is recorded.
 */
export async function recordRun(job: HistoryJob, run: PushRun): Promise<RecordedRun> {
  const base = {
    runId: run.id,
    runNumber: run.runNumber,
    sha: run.headSha,
    time: run.createdAt,
    url: run.url,
  };
  let recorded: RecordedRun;
  let source: FileSource | undefined;
  try {
    source = await job.source.openArtifact(run.id, job.artifact, { cache: false });
    recorded = { ...base, values: await runValues(source, job.metrics) };
  } catch (error) {
    if (!(error instanceof ArtifactError) && !(error instanceof InputError)) throw error;
    // A download that a fresh signed URL may finish is not the run's fate: ask again later.
    if ("retryable" in error && error.retryable === true) throw error;
    recorded = { ...base, missing: error.toUserMessage() };
  } finally {
    await source?.close();
  }
  await job.records.record(job.scope, recorded);
  return recorded;
}

/** What a backfill did, for logs and the economy figures. */
export interface BackfillResult {
  readonly listed: number;
  readonly read: number;
  readonly missing: number;
  /** Runs already recorded (by a push event or an earlier backfill), not read again. */
  readonly known: number;
}

/**
 * The first review of a scope fills its history: one runs listing (the newest `limit`
 * successful push runs), then each run not yet recorded, by its artifact's metric files only.
 * Marked done when every run was recorded; a GitHub failure leaves it for the next review.
 */
export async function backfillHistory(
  job: HistoryJob,
  limit: number,
  now: Date,
): Promise<BackfillResult> {
  const known = new Set((await job.records.runs(job.scope)).map((r) => r.runId));
  const runs = await job.source.listPushRuns(job.scope.workflow, job.scope.branch, limit);
  let read = 0;
  let missing = 0;
  for (const run of runs) {
    if (known.has(run.id)) continue;
    const recorded = await recordRun(job, run);
    if (recorded.values) read++;
    else missing++;
  }
  await job.records.markBackfilled(job.scope, { at: now.toISOString(), runs: limit });
  return { listed: runs.length, read, missing, known: runs.length - read - missing };
}
