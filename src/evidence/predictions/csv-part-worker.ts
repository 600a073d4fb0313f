/**
 * Worker thread for `accumulateCsvInParallel`: counts one byte range of a CSV predictions file
 * (starting on a record boundary, header given) and posts the group counts back.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type CsvPart, type CsvPartResult, countCsvPart } from "./count-csv-part.js";

const part = workerData as CsvPart;
countCsvPart(part).then(
  (result) => parentPort?.postMessage(result satisfies CsvPartResult),
  (error: unknown) =>
    parentPort?.postMessage({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    } satisfies CsvPartResult),
);
