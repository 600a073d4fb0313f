import { open } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import type { GroupCounts } from "../../core/fairness/fairness-report.js";
import { type CsvPart, type CsvPartResult, countCsvPart } from "./count-csv-part.js";
import { CsvScanner } from "./csv-scanner.js";
import { FairnessAccumulator, type FairnessColumns } from "./fairness-accumulator.js";
import { feedChunks } from "./feed-chunks.js";

/** Files smaller than this are read on one thread: starting a worker costs more than it saves. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Counts one part off the main thread; resolves (never rejects) with the part's result, and
 * gives up (resolving not ok) when `signal` aborts.
 */
export type PartRunner = (part: CsvPart, signal: AbortSignal) => Promise<CsvPartResult>;

/**
 * Counts a large CSV file on several threads: the main thread reads the header and the first
 * part, worker threads the others, each part starting just after a line feed near an even cut.
 *
 * A cut is only a record boundary when no quoted field spans it, and only the part before it
 * can tell: the main part starts at the true start of the file, so if it ends cleanly on the
 * first cut, the second part started on a boundary, and so on. If any part does not end cleanly,
 * or a worker fails (an input error, no worker support), the workers' counts are dropped and the
 * main thread reads on from its cut to the end of the file, so the result — and any error, with
 * its exact row and line — is always that of one sequential pass.
 */
export async function accumulateCsvInParallel(
  path: string,
  size: number,
  spec: FairnessColumns,
  file: string,
  parts: number,
  runPart: PartRunner = runInWorker,
  observe?: (main: FairnessAccumulator) => void,
): Promise<GroupCounts[]> {
  const main = new FairnessAccumulator(spec);
  observe?.(main);
  const scanner = new CsvScanner(main.columns, main, file);
  const consume = (buf: Buffer, start: number, end: number, final: boolean) =>
    scanner.scan(buf, start, end, final);
  const sequentialFrom = async (start: number) => {
    await drain(feedChunks({ path, start }, file, consume));
    return main.groupCounts();
  };

  const cuts = await findCuts(path, size, parts, scanner);
  if (!cuts || !scanner.header) return sequentialFrom(0);
  const header = scanner.header;
  const abort = new AbortController();
  const pending = cuts.slice(1, -1).map((start, k) =>
    runPart(
      {
        path,
        file,
        start,
        end: cuts[k + 2] as number,
        header,
        spec,
        last: k + 2 === cuts.length - 1,
      },
      abort.signal,
    ),
  );
  const firstCut = cuts[1] as number;
  let leftover: number;
  try {
    leftover = await drain(
      feedChunks({ path, start: cuts[0], end: firstCut }, file, consume, { open: true }),
    );
  } catch (error) {
    // The first error in the file is the main part's: the other parts' work is moot.
    abort.abort();
    throw error;
  }
  const results = await Promise.all(pending);
  const usable = leftover === 0 && results.every((r) => r.ok && r.leftover === 0);
  if (!usable) return sequentialFrom(firstCut - leftover);
  return [...main.groupCounts(), ...results.flatMap((r) => (r.ok ? r.groups : []))];
}

/**
 * Reads the header (into `scanner`) and picks the cuts: [start of data, cut 1, …, size], each
 * cut just after a LF. Undefined when the file is better read in one go.
 */
async function findCuts(
  path: string,
  size: number,
  parts: number,
  scanner: CsvScanner,
): Promise<number[] | undefined> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.allocUnsafe(Math.min(size, 1 << 20));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const dataStart = scanner.readHeader(head, 0, bytesRead, bytesRead === size);
    if (dataStart < 0) return undefined;
    const cuts = [dataStart];
    const window = Buffer.allocUnsafe(1 << 16);
    for (let k = 1; k < parts; k++) {
      const at = Math.max(Math.floor((size * k) / parts), (cuts[cuts.length - 1] as number) + 1);
      const { bytesRead: n } = await handle.read(window, 0, window.length, at);
      const lf = window.subarray(0, n).indexOf(10);
      if (lf < 0 || at + lf + 1 >= size) break;
      cuts.push(at + lf + 1);
    }
    if (cuts.length < 2) return undefined;
    cuts.push(size);
    return cuts;
  } finally {
    await handle.close();
  }
}

async function drain(feed: AsyncGenerator<void, number>): Promise<number> {
  let step = await feed.next();
  while (!step.done) step = await feed.next();
  return step.value;
}

/** Where the worker module is: next to this one, as .ts when running from source. */
const workerUrl = new URL(
  import.meta.url.endsWith(".ts") ? "./csv-part-worker.ts" : "./csv-part-worker.js",
  import.meta.url,
);

/** Runs a part in a worker thread; any failure to start or finish is a result, not a throw. */
export function runInWorker(part: CsvPart, signal: AbortSignal): Promise<CsvPartResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: CsvPartResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
      void worker?.terminate();
    };
    let worker: Worker | undefined;
    try {
      worker = new Worker(workerUrl, { workerData: part });
    } catch (error) {
      settle({ ok: false, message: (error as Error).message });
      return;
    }
    signal.addEventListener("abort", () => settle({ ok: false, message: "aborted" }));
    worker.once("message", (result: CsvPartResult) => settle(result));
    worker.once("error", (error) => settle({ ok: false, message: error.message }));
    worker.once("exit", (code) => settle({ ok: false, message: `worker exited with ${code}` }));
  });
}

/** Counts a part on the calling thread (tests, and where workers are not wanted). */
export const runInProcess: PartRunner = (part) =>
  countCsvPart(part).catch((error: unknown) => ({
    ok: false as const,
    message: error instanceof Error ? error.message : String(error),
  }));
