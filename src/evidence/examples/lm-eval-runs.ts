import { posix } from "node:path";
import { lmEvalSamplesName } from "./lm-eval-samples.js";

/** lm-eval's aggregated results: `results_<date>.json` (or `<stem>_<date>.json` for `-o x.json`). */
const RESULTS = /^(.*)_(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?)\.json$/;

/** The stem and timestamp of an lm-eval results file name, when it has one. */
export function lmEvalResultsName(path: string): { stem: string; date: string } | undefined {
  const match = RESULTS.exec(posix.basename(path));
  return match ? { stem: match[1]!, date: match[2]! } : undefined;
}

/**
 * Leaves out lm-eval's per-example `samples_*.jsonl` (read as evidence, not as metrics) and, of
 * several timestamped runs of one output name in one folder (`results_2026-07-08T16-04-34.json`,
 * `results_2026-07-08T17-38-51.json`), all but the newest, saying which one was read.
 */
export function newestLmEvalRuns(paths: readonly string[], warnings: string[]): string[] {
  const newest = new Map<string, string>();
  const runs = new Map<string, number>();
  for (const path of paths) {
    const name = lmEvalResultsName(path);
    if (!name || lmEvalSamplesName(path)) continue;
    const key = `${posix.dirname(path)}/${name.stem}`;
    runs.set(key, (runs.get(key) ?? 0) + 1);
    const current = newest.get(key);
    if (current === undefined || name.date > (lmEvalResultsName(current)?.date ?? "")) {
      newest.set(key, path);
    }
  }
  for (const [key, count] of runs) {
    if (count > 1) {
      warnings.push(
        `${count} lm-evaluation-harness runs in ${posix.dirname(key)}; read the newest, ${posix.basename(newest.get(key)!)}`,
      );
    }
  }
  return paths.filter((path) => {
    const samples = lmEvalSamplesName(path);
    if (samples && (samples.date !== undefined || path.endsWith(".jsonl"))) return false;
    const name = lmEvalResultsName(path);
    if (!name || lmEvalSamplesName(path)) return true;
    return newest.get(`${posix.dirname(path)}/${name.stem}`) === path;
  });
}
