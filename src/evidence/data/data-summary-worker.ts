/**
 * Worker thread for `readDataSummaries`: summarises one data file and posts the summary back,
 * its numeric arrays transferred rather than copied.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isMlgateError } from "../../core/errors.js";
import { type DataJob, type DataJobResult, transferablesOf } from "./data-job.js";
import { readDataSummary } from "./read-data-summary.js";

const job = workerData as DataJob;
readDataSummary({ path: job.path }, job.format, job.file, job.columns).then(
  (summary) =>
    parentPort?.postMessage(
      { ok: true, summary } satisfies DataJobResult,
      transferablesOf(summary),
    ),
  (error: unknown) =>
    parentPort?.postMessage({
      ok: false,
      input: isMlgateError(error),
      message: error instanceof Error ? error.message : String(error),
      where: isMlgateError(error) ? error.where : undefined,
    } satisfies DataJobResult),
);
