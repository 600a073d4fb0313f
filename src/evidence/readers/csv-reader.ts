import { InputError } from "../../core/errors.js";
import type { Metric } from "../../core/types.js";
import { decodeText } from "./decode-text.js";
import { checkMetricName, quoteName } from "./metric-name.js";
import type { MetricReader } from "./metric-reader.js";
import { parseCsv } from "./parse-csv.js";
import { parseNumber } from "./parse-number.js";

/** Progress counters written as columns by both loggers; they say when, not how good. */
const BOOKKEEPING = new Set(["epoch", "step"]);
/** pandas names the index column `Unnamed: 0` when a file written with it is read and saved again. */
const UNNAMED = /^Unnamed: \d+$/;
/** Keras' CSVLogger writes `NA` for a value that was not logged in that epoch. */
const MISSING = new Set(["", "NA"]);

/**
 * Training-history CSVs: Lightning's `CSVLogger` (`metrics.csv`, sparse rows: train and
 * validation metrics land on different rows with the other cells empty) and Keras' `CSVLogger`
 * (`training.log` by default, one full row per epoch, `NA` for missing values), Ultralytics YOLO's
 * `results.csv` (headers padded with spaces) and a Keras history saved by pandas' `to_csv`
 * (`history.csv`, whose first column is the unnamed index). Column names are trimmed; an unnamed
 * column (empty, or pandas' `Unnamed: 0`) is an index and skipped. Each column's metric is its
 * last non-empty, non-`NA` cell, which for Keras is the last row. `epoch` and `step` columns are
 * skipped; a column whose last value is not a number is skipped; a last value of `nan`/`inf` is
 * kept (the review shows it as not a number). A row with a different number of cells than the
 * header is an `InputError` (a truncated or hand-edited file).
 */
export const csvReader: MetricReader = {
  read(content, path) {
    const rows = parseCsv(decodeText(content, path), path);
    const [header, ...body] = rows;
    if (header === undefined) return [];
    const columns = header.fields.map((field) => field.trim());
    const seen = new Set<string>();
    for (const column of columns) {
      if (column === "" || UNNAMED.test(column)) continue;
      if (seen.has(column)) {
        throw new InputError(`has the column ${quoteName(column)} twice in its header`, {
          where: path,
        });
      }
      seen.add(column);
    }
    for (const row of body) {
      if (row.fields.length !== header.fields.length) {
        throw new InputError(
          `line ${row.line} has ${row.fields.length} cells but the header has ${header.fields.length}`,
          { where: path },
        );
      }
    }
    const metrics: Metric[] = [];
    columns.forEach((column, index) => {
      if (column === "" || UNNAMED.test(column) || BOOKKEEPING.has(column)) return;
      for (let r = body.length - 1; r >= 0; r--) {
        const row = body[r];
        const cell = row?.fields[index]?.trim() ?? "";
        if (row === undefined || MISSING.has(cell)) continue;
        const value = parseNumber(cell);
        if (value === undefined) return;
        metrics.push({ name: checkMetricName(column, path), value, file: path });
        return;
      }
    });
    return metrics;
  },
};
