import picomatch from "picomatch";
import type { Config } from "../core/config/config.js";
import type { MetricFormat } from "../core/config/schema.js";
import { InputError } from "../core/errors.js";
import type { Metric, MetricSet } from "../core/types.js";
import { newestLmEvalRuns } from "./examples/lm-eval-runs.js";
import { type FileSource, MAX_METRIC_FILE_BYTES } from "./file-source.js";
import { describeListing, lfsPointer } from "./listing.js";
import { type LayoutFile, mlflowLayout } from "./mlflow-layout.js";
import { MAX_METRICS_PER_FILE } from "./readers/flatten-metrics.js";
import { quoteName } from "./readers/metric-name.js";
import { detectFormat, readers } from "./readers/registry.js";
import { selectRuns } from "./select-runs.js";

/** What {@link readMetrics} found in one source. */
export interface ReadMetricsResult {
  /** Every metric, keyed by name, in the order first seen. */
  readonly metrics: MetricSet;
  /** The metric files read, in the order read (sorted paths). */
  readonly files: string[];
  /** Things a reviewer should know that are not errors: a metric given by two files. */
  readonly warnings: string[];
  /** The format each file was read as. */
  readonly formats: ReadonlyMap<string, MetricFormat>;
  /** How the source was read, for the review: which of several runs, which checkpoint. */
  readonly notes: string[];
}

/**
 * Reads every metric file of a source that `metrics.files` matches (picomatch, dotfiles
 * included), in sorted path order. A file's format is the last `metrics.formats` entry whose
 * glob matches it (later, more specific entries override earlier ones, as in .gitattributes),
 * else detected from its name and first bytes. Metric names matching a `metrics.ignore` glob
 * are dropped; in those globs `/` separates like a path, so `train/*` matches `train/loss` and
 * `**` crosses `/`. When two files (or one file twice) give the same name, the later one wins
 * and a warning names both.
 *
 * One run per source: of several runs of one tool side by side only the newest is read (see
 * `selectRuns`). When no glob matches, MLflow run, experiment and `metrics/` folders are
 * recognised by their layout.
 *
 * Throws an `InputError` when no file matches (naming the globs, the source and what it holds),
 * when a file is a Git LFS pointer rather than the file, when a matched
 * file's format cannot be told, when a file or the source holds more than
 * `MAX_METRICS_PER_FILE` metrics, and whatever a reader throws for a bad file.
 */
export async function readMetrics(
  source: FileSource,
  metrics: Config["metrics"],
): Promise<ReadMetricsResult> {
  const options = { dot: true };
  const wanted = picomatch([...metrics.files], options);
  const formats = metrics.formats.map(({ glob, format }) => ({
    matches: picomatch(glob, options),
    format,
  }));
  const ignored = metrics.ignore.length > 0 ? picomatch([...metrics.ignore], options) : () => false;

  const warnings: string[] = [];
  const listed = await source.list();
  const notes: string[] = [];
  let layout: Map<string, LayoutFile> | undefined;
  // Per-example lm-eval samples are evidence, not metric files; of several lm-eval runs in one
  // folder only the newest is read.
  let matched = newestLmEvalRuns(
    listed.filter((path) => wanted(path)),
    warnings,
  );
  if (matched.length === 0) {
    const found = await mlflowLayout(source, listed, notes);
    if (found) {
      layout = new Map(found.map((f) => [f.path, f]));
      matched = found.map((f) => f.path);
    }
  }
  if (matched.length === 0) {
    throw new InputError(
      `no metric files found: none of metrics.files (${metrics.files.map((glob) => JSON.stringify(glob)).join(", ")}) matched a file; ${describeListing(listed)}`,
      { where: source.label },
    );
  }
  const selection = await selectRuns(source, matched);
  notes.push(...selection.notes);
  const files = selection.files.sort(byPrecedence);

  const found = new Map<string, Metric>();
  const formatOfFile = new Map<string, MetricFormat>();
  for (const file of files) {
    const content = await source.read(file, MAX_METRIC_FILE_BYTES);
    const pointer = lfsPointer(content);
    if (pointer !== undefined) throw new InputError(pointer, { where: file });
    const fromLayout = layout?.get(file);
    const format = fromLayout ? "mlflow" : formatOf(file, content, formats);
    formatOfFile.set(file, format);
    const read = fromLayout
      ? readers.mlflow.read(content, fromLayout.keyPath).map((m) => ({ ...m, file }))
      : readers[format].read(content, file, notes);
    // Every reader's output is capped here, whatever its format (a 1-million-column CSV, a
    // trainer_state with a key per step): a review of that many rows is a denial of service.
    if (read.length > MAX_METRICS_PER_FILE) {
      throw new InputError(`holds more than ${MAX_METRICS_PER_FILE} metrics`, { where: file });
    }
    for (const metric of read) {
      if (ignored(metric.name)) continue;
      const previous = found.get(metric.name);
      if (previous !== undefined && !expectedOverlap(previous.file, file)) {
        warnings.push(
          previous.file === file
            ? `metric ${quoteName(metric.name)} appears twice in ${file}; using the later value`
            : `metric ${quoteName(metric.name)} is in both ${previous.file} and ${file}; using ${file}`,
        );
      }
      found.set(metric.name, metric);
    }
    if (found.size > MAX_METRICS_PER_FILE) {
      throw new InputError(
        `holds more than ${MAX_METRICS_PER_FILE} metrics in all (${files.indexOf(file) + 1} of ${files.length} metric files read)`,
        { where: source.label },
      );
    }
  }
  return { metrics: found, files, warnings, formats: formatOfFile, notes };
}

function formatOf(
  file: string,
  content: Buffer,
  formats: readonly { matches: (path: string) => boolean; format: MetricFormat }[],
): MetricFormat {
  const configured = formats.findLast(({ matches }) => matches(file))?.format;
  const format = configured ?? detectFormat(file, content.subarray(0, 4096));
  if (format === undefined) {
    throw new InputError(
      "cannot tell this metric file's format from its name or content; set it in metrics.formats",
      { where: file },
    );
  }
  return format;
}

// Hugging Face's Trainer writes the same names three times: trainer_state.json's log history
// (the last logged step, not necessarily the model that was kept), then all_results.json and
// eval_results.json (the final evaluation, same values). Later files win, so trainer_state.json
// is read first; the others keep path order.
const HF_FILES = new Set(["trainer_state.json", "all_results.json", "eval_results.json"]);
const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const rank = (path: string) => (baseName(path) === "trainer_state.json" ? 0 : 1);

function byPrecedence(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Overlaps the Trainer always writes are not worth a warning. */
function expectedOverlap(earlier: string, later: string): boolean {
  return HF_FILES.has(baseName(earlier)) && HF_FILES.has(baseName(later));
}
