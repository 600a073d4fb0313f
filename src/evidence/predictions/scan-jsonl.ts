import { InputError } from "../../core/errors.js";
import { quoteValue } from "../../core/fairness/label-rule.js";
import { sanitizeText } from "../../core/render/escape.js";
import { feedChunks } from "./feed-chunks.js";
import type { PredictionInput } from "./prediction-input.js";
import { CellError, type PredictionRowSink } from "./prediction-row-sink.js";
import { valueKind, valueText } from "./value-text.js";

const LF = 10;

/**
 * Reads a JSON Lines predictions file: one JSON object per line (blank lines skipped, CRLF
 * allowed), the requested keys of each handed to `sink` as text. A missing key reads as an empty
 * value. Yields after each chunk of input.
 */
export async function* scanJsonl(
  input: PredictionInput,
  columns: readonly string[],
  file: string,
  sink: PredictionRowSink,
): AsyncGenerator<void> {
  let line = 0;
  const values: string[] = new Array(columns.length).fill("");
  const fail = (message: string) => new InputError(`line ${line}: ${message}`, { where: file });
  const consume = (buf: Buffer, start: number, end: number, final: boolean): number => {
    let p = start;
    for (;;) {
      let lf = buf.indexOf(LF, p);
      if (lf < 0 || lf >= end) {
        if (!final || p >= end) return Math.min(p, end);
        lf = end;
      }
      line++;
      let e = lf;
      if (e > p && buf[e - 1] === 13) e--;
      const text = buf.toString("utf8", p, e);
      p = lf + 1;
      if (text.trim() === "") continue;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        // V8's message quotes a snippet of the line; keep only its first clause, cleaned.
        const reason = sanitizeText((error as Error).message.split(/, "|\n/)[0] ?? "", 80);
        throw fail(`not valid JSON (${reason})`);
      }
      if (typeof record !== "object" || record === null || Array.isArray(record)) {
        throw fail("each line must be a JSON object");
      }
      const object = record as Record<string, unknown>;
      for (let k = 0; k < columns.length; k++) {
        const column = columns[k] as string;
        const value = Object.hasOwn(object, column) ? object[column] : undefined;
        const text = valueText(value);
        if (text === undefined) {
          throw fail(`${quoteValue(column)} is ${valueKind(value)}, not a single value`);
        }
        values[k] = text;
      }
      try {
        sink.text(values);
      } catch (error) {
        if (error instanceof CellError) throw fail(error.message);
        throw error;
      }
    }
  };
  yield* feedChunks(input, file, consume);
}
