import type { DataConfig } from "../../core/config/data-config.js";
import type { DataEvidence } from "../../core/drift/data-check.js";
import { InputError } from "../../core/errors.js";
import type { FileSource } from "../file-source.js";
import { predictionFormatOf } from "../predictions/prediction-input.js";
import { readDataSummary } from "./read-data-summary.js";

/**
 * Reads the data file of `data:` from the head and, when the baseline has it, from the base.
 * The head must ship it (like the predictions of a bias check); a baseline from before the data
 * check existed may not, and the review then says the data was not compared.
 */
export async function gatherData(
  config: DataConfig,
  head: FileSource,
  base: FileSource | undefined,
  baselineMissing: string | undefined,
  warnings: string[],
): Promise<DataEvidence> {
  const file = config.file;
  const format = config.format ?? predictionFormatOf(file);
  if (!format) {
    throw new InputError(
      "cannot tell the data format from the file name: name it .csv, .jsonl or .parquet, or set data.format",
      { where: file },
    );
  }
  const read = async (source: FileSource) => {
    const stream = await source.open(file);
    try {
      return await readDataSummary(stream, format, file, config.columns);
    } finally {
      stream.destroy();
    }
  };
  const headData = await read(head);
  if (!base) {
    return { file, head: headData, baseMissing: baselineMissing ?? "no baseline" };
  }
  if (!(await base.list()).includes(file)) {
    const why = `the baseline has no ${file}`;
    warnings.push(`${why}, so the data check compares nothing`);
    return { file, head: headData, baseMissing: why };
  }
  return { file, head: headData, base: await read(base) };
}
