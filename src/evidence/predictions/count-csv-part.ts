import type { GroupCounts } from "../../core/fairness/fairness-report.js";
import { CsvScanner } from "./csv-scanner.js";
import { FairnessAccumulator, type FairnessColumns } from "./fairness-accumulator.js";
import { feedChunks } from "./feed-chunks.js";

/** One byte range of a CSV file to count, as sent to a worker (structured-clone safe). */
export interface CsvPart {
  readonly path: string;
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly header: readonly string[];
  readonly spec: FairnessColumns;
  /** Whether the part ends at the end of the file (else it must end on a record boundary). */
  readonly last: boolean;
}

/** A part's counts, or why it could not be used (the caller then reads that part itself). */
export type CsvPartResult =
  | {
      readonly ok: true;
      readonly groups: GroupCounts[];
      /** Bytes of an incomplete record at the end: not 0 means the next cut was not a boundary. */
      readonly leftover: number;
    }
  | { readonly ok: false; readonly message: string };

/** Counts one part of a CSV file with its own scanner and accumulator. */
export async function countCsvPart(part: CsvPart): Promise<CsvPartResult> {
  const accumulator = new FairnessAccumulator(part.spec);
  const scanner = new CsvScanner(accumulator.columns, accumulator, part.file, part.header);
  const feed = feedChunks(
    { path: part.path, start: part.start, end: part.end },
    part.file,
    (buf, start, end, final) => scanner.scan(buf, start, end, final),
    { open: !part.last },
  );
  let step = await feed.next();
  while (!step.done) step = await feed.next();
  return { ok: true, groups: accumulator.groupCounts(), leftover: step.value };
}
