import { stat } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import type { DataSummary } from "../../core/drift/column-summary.js";
import { InputError } from "../../core/errors.js";
import type { DataJob, DataJobResult } from "./data-job.js";
import { readDataSummary } from "./read-data-summary.js";

/** Files smaller than this together are read on the calling thread: a worker costs ~30 ms. */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/** Where the worker module is: next to this one, as .js once built. */
const workerUrl = new URL("./data-summary-worker.js", import.meta.url);

/**
 * Summarises the base and head data files, each on a worker thread of its own when they are
 * large, so the two passes (and the sorting of their numeric columns) run side by side. When a
 * worker cannot run (running from TypeScript sources, no worker support) the file is read on
 * this thread; the result and any error are those of `readDataSummary`.
 */
export async function readDataSummaries(jobs: readonly DataJob[]): Promise<DataSummary[]> {
  const sizes = await Promise.all(jobs.map((j) => stat(j.path).then((s) => s.size)));
  const parallel =
    !import.meta.url.endsWith(".ts") && sizes.reduce((a, b) => a + b, 0) >= PARALLEL_MIN_BYTES;
  if (!parallel) {
    const out: DataSummary[] = [];
    for (const job of jobs)
      out.push(await readDataSummary({ path: job.path }, job.format, job.file, job.columns));
    return out;
  }
  return Promise.all(jobs.map((job) => inWorker(job)));
}

async function inWorker(job: DataJob): Promise<DataSummary> {
  const result = await new Promise<DataJobResult | undefined>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(workerUrl, { workerData: job });
    } catch {
      resolve(undefined);
      return;
    }
    let settled = false;
    const settle = (r: DataJobResult | undefined) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    worker.once("message", (r: DataJobResult) => settle(r));
    worker.once("error", () => settle(undefined));
    worker.once("exit", () => settle(undefined));
  });
  if (!result) return readDataSummary({ path: job.path }, job.format, job.file, job.columns);
  if (result.ok) return result.summary;
  if (result.input)
    throw new InputError(result.message, result.where ? { where: result.where } : {});
  throw new Error(result.message);
}
