import { posix } from "node:path";
import type { MetricFormat } from "../../core/config/schema.js";
import type { ExampleComparison } from "../../core/examples/example-comparison.js";
import { type FileSource, MAX_METRIC_FILE_BYTES } from "../file-source.js";
import { parseDeepevalRun } from "../readers/deepeval-run.js";
import { parsePromptfooRun } from "../readers/promptfoo-run.js";
import { deepevalExamples } from "./deepeval-examples.js";
import { ExampleTable } from "./example-column.js";
import type { ExampleSink } from "./example-record.js";
import { ExampleJoiner } from "./join-examples.js";
import { lmEvalResultsName } from "./lm-eval-runs.js";
import { lmEvalSamplesName, readLmEvalSamples } from "./lm-eval-samples.js";
import { promptfooExamples } from "./promptfoo-examples.js";

/** One side: where its files are, and the format each metric file was read as. */
export interface ExampleSide {
  readonly source: FileSource;
  readonly formats: ReadonlyMap<string, MetricFormat>;
}

type ExampleFile =
  | { readonly kind: "promptfoo" | "deepeval"; readonly path: string }
  | { readonly kind: "samples"; readonly path: string; readonly task: string };

/**
 * Reads the per-example rows of LLM evaluation harnesses on both sides and joins them: promptfoo
 * and DeepEval files (already read as metrics) carry their rows; an lm-eval results file brings
 * the `samples_<task>_<date>.jsonl` beside it of the same run (else of the newest run there).
 * The base is held in memory (an id and a number per row and metric); the head streams past it.
 * Undefined when either side has no such rows.
 */
export async function gatherExamples(
  base: ExampleSide,
  head: ExampleSide,
  minOverlap: number,
): Promise<ExampleComparison | undefined> {
  const baseFiles = await exampleFiles(base);
  const headFiles = await exampleFiles(head);
  if (baseFiles.length === 0 || headFiles.length === 0) return undefined;
  const table = new ExampleTable();
  for (const file of baseFiles) {
    await readFile(base.source, file, (r) => table.add(r.metric, r.id, r.value, r.task));
  }
  const joiner = new ExampleJoiner(table);
  for (const file of headFiles) await readFile(head.source, file, joiner.add);
  return joiner.finish(minOverlap);
}

async function exampleFiles(side: ExampleSide): Promise<ExampleFile[]> {
  const files: ExampleFile[] = [];
  let listed: readonly string[] | undefined;
  for (const [path, format] of side.formats) {
    if (format === "promptfoo" || format === "deepeval") files.push({ kind: format, path });
    if (format !== "lm-eval") continue;
    listed ??= await side.source.list();
    for (const samples of samplesOf(path, listed)) {
      const name = lmEvalSamplesName(samples);
      if (name) files.push({ kind: "samples", path: samples, task: name.task });
    }
  }
  return files;
}

/** The samples files of the run that wrote `results`: same folder, same timestamp. */
function samplesOf(results: string, listed: readonly string[]): string[] {
  const dir = posix.dirname(results);
  const beside = listed.filter((p) => posix.dirname(p) === dir && lmEvalSamplesName(p));
  const date = lmEvalResultsName(results)?.date;
  const same = beside.filter((p) => lmEvalSamplesName(p)?.date === date);
  if (date !== undefined && same.length > 0) return same.sort();
  const newest = beside
    .map((p) => lmEvalSamplesName(p)?.date ?? "")
    .sort()
    .at(-1);
  return beside.filter((p) => (lmEvalSamplesName(p)?.date ?? "") === newest).sort();
}

async function readFile(source: FileSource, file: ExampleFile, sink: ExampleSink): Promise<void> {
  switch (file.kind) {
    case "promptfoo": {
      const content = await source.read(file.path, MAX_METRIC_FILE_BYTES);
      promptfooExamples(parsePromptfooRun(content, file.path), sink);
      return;
    }
    case "deepeval": {
      const content = await source.read(file.path, MAX_METRIC_FILE_BYTES);
      deepevalExamples(parseDeepevalRun(content, file.path), sink);
      return;
    }
    case "samples": {
      const stream = await source.open(file.path);
      try {
        await readLmEvalSamples(stream, file.path, file.task, sink);
      } finally {
        stream.destroy();
      }
    }
  }
}
