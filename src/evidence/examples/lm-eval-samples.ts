import { posix } from "node:path";
import { InputError } from "../../core/errors.js";
import { sanitizeText } from "../../core/render/escape.js";
import { feedChunks } from "../predictions/feed-chunks.js";
import type { PredictionInput } from "../predictions/prediction-input.js";
import { isMapping } from "../readers/flatten-metrics.js";
import { parseJsonText } from "../readers/parse-json-text.js";
import { type ExampleSink, excerptOf } from "./example-record.js";

type Row = Record<string, unknown>;

const LF = 10;
/** lm-eval's timestamp suffix: `2024-06-17T12-20-26.826621`. */
const DATE = /_(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?)$/;
/** The doc fields that hold the question, in the order tried for an excerpt. */
const TEXT_FIELDS = ["question", "query", "problem", "prompt", "input", "text", "sentence", "ctx"];
/** Top-level keys of a sample row that are not per-example metric values. */
const NOT_METRICS = new Set(["doc_id", "doc", "target", "arguments", "resps", "filtered_resps"]);

/** The task and timestamp of a `samples_<task>_<date>.jsonl` name (0.4.2 wrote `.json`). */
export function lmEvalSamplesName(path: string): { task: string; date?: string } | undefined {
  const match = /^samples_(.+)\.jsonl?$/.exec(posix.basename(path));
  if (!match) return undefined;
  const stem = match[1]!;
  const date = DATE.exec(stem);
  return date ? { task: stem.slice(0, date.index), date: date[1]! } : { task: stem };
}

/**
 * Streams an lm-evaluation-harness `samples_<task>_*.jsonl` (`--log_samples`): one JSON object
 * per example and filter. Each numeric value named in `metrics` (or, in files written before
 * that key existed, each numeric top-level value) becomes a record of `<task>.<metric>`, with
 * `.<filter>` appended unless the filter is `none`, keyed by `doc_hash` (else `doc_id`).
 * Values that are not numbers (corpus metrics such as BLEU log their inputs) are left out.
 * Memory is one chunk of the file, whatever its size.
 */
export async function readLmEvalSamples(
  input: PredictionInput,
  path: string,
  task: string,
  sink: ExampleSink,
): Promise<number> {
  let line = 0;
  let rows = 0;
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
      rows++;
      emit(parseLine(text, path, line), task, path, line, sink);
    }
  };
  for await (const _ of feedChunks(input, path, consume)) {
    // Records went to the sink as each chunk was read.
  }
  return rows;
}

function parseLine(text: string, path: string, line: number): Row {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch {
    // Python's json.dumps writes NaN for a metric that could not be computed.
    try {
      row = parseJsonText(text, path);
    } catch {
      throw new InputError(`line ${line}: not valid JSON`, { where: path });
    }
  }
  if (!isMapping(row)) throw new InputError(`line ${line}: not a JSON object`, { where: path });
  return row as Row;
}

function emit(row: Row, task: string, path: string, line: number, sink: ExampleSink): void {
  const id =
    typeof row.doc_hash === "string" && row.doc_hash !== ""
      ? row.doc_hash
      : typeof row.doc_id === "number" || typeof row.doc_id === "string"
        ? String(row.doc_id)
        : undefined;
  if (id === undefined) {
    throw new InputError(
      `line ${line}: no doc_hash or doc_id; is it an lm-evaluation-harness samples file?`,
      { where: path },
    );
  }
  const filter = typeof row.filter === "string" && row.filter !== "" ? row.filter : "none";
  const names = Array.isArray(row.metrics)
    ? row.metrics.filter((m): m is string => typeof m === "string")
    : Object.keys(row).filter((k) => !NOT_METRICS.has(k));
  const excerpt = () => excerptOfDoc(row);
  for (const name of names) {
    if (!Object.hasOwn(row, name)) continue;
    const raw = row[name];
    const value = typeof raw === "boolean" ? (raw ? 1 : 0) : raw;
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    const metric = filter === "none" ? `${task}.${name}` : `${task}.${name}.${filter}`;
    sink({ metric, id, value, task, excerpt });
  }
}

/** The question of the doc, else its first text, else the end of the prompt sent. */
function excerptOfDoc(row: Row): string | undefined {
  const doc = row.doc;
  if (isMapping(doc)) {
    const fields = doc as Row;
    for (const key of TEXT_FIELDS) {
      if (typeof fields[key] === "string") return clean(fields[key]);
    }
    for (const value of Object.values(fields)) {
      if (typeof value === "string" && value.trim() !== "") return clean(value);
    }
  }
  const args = row.arguments;
  if (isMapping(args)) {
    const first = Object.values(args as Row)[0];
    if (isMapping(first) && typeof (first as Row).arg_0 === "string") {
      return clean(((first as Row).arg_0 as string).slice(-200));
    }
  }
  return undefined;
}

function clean(text: string): string | undefined {
  return excerptOf(sanitizeText(text, 400));
}
