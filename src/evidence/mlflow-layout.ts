import type { FileSource } from "./file-source.js";
import { mlflowStart } from "./select-runs.js";

/** One MLflow metric file found by layout, and the path its key is read from. */
export interface LayoutFile {
  /** The file in the source. */
  readonly path: string;
  /** `metrics/<key>`: what the MLflow reader takes the metric key from. */
  readonly keyPath: string;
}

// `timestamp value step` (older MLflow: `timestamp value`), as the file store writes each line.
const MLFLOW_LINE = /^\d+(?:\.\d+)? \S+(?: -?\d+)?\r?$/;

/**
 * MLflow folders that are not a whole `mlruns/` tree: a run folder (`mlruns/0/<run>`, holding
 * `meta.yaml` and `metrics/`), an experiment folder (`mlruns/0`, holding run folders: the newest
 * run is read, by `start_time`), or a run's bare `metrics/` folder (extension-less files of
 * `timestamp value step` lines). Undefined when the source is none of these.
 */
export async function mlflowLayout(
  source: FileSource,
  listed: readonly string[],
  notes: string[],
): Promise<LayoutFile[] | undefined> {
  const present = new Set(listed);
  const runs = new Map<string, LayoutFile[]>();
  for (const path of listed) {
    const at =
      path === "metrics/" ? -1 : path.startsWith("metrics/") ? 0 : path.indexOf("/metrics/");
    if (at < 0) continue;
    const folder = at === 0 ? "" : path.slice(0, at);
    if (!present.has(folder === "" ? "meta.yaml" : `${folder}/meta.yaml`)) continue;
    const key = path.slice(at === 0 ? "metrics/".length : at + "/metrics/".length);
    const files = runs.get(folder) ?? [];
    files.push({ path, keyPath: `metrics/${key}` });
    runs.set(folder, files);
  }
  if (runs.size > 0) {
    const started = await Promise.all(
      [...runs].map(async ([folder, files]) => ({
        folder,
        files,
        ...(await mlflowStart(
          source,
          folder,
          files.map((f) => f.path),
        )),
      })),
    );
    started.sort((a, b) => a.time - b.time || (a.folder < b.folder ? -1 : 1));
    const newest = started.at(-1) as (typeof started)[number];
    if (started.length > 1) {
      const when = Number.isFinite(newest.time) ? new Date(newest.time).toISOString() : "unknown";
      notes.push(
        `read the newest of ${started.length} MLflow runs: ${newest.folder} (${newest.from} ${when})`,
      );
    }
    return newest.files;
  }
  // A bare `metrics/` folder: every file is extension-less and starts with an MLflow line.
  if (listed.length === 0 || listed.length > 1000) return undefined;
  if (listed.some((path) => /\.[A-Za-z0-9]+$/.test(path.slice(path.lastIndexOf("/") + 1)))) {
    return undefined;
  }
  for (const path of listed) {
    // Metric files are small; a large or unreadable file means this is no metrics folder.
    const content = await source.read(path, 1024 * 1024).catch(() => undefined);
    const head = content?.subarray(0, 256).toString("utf8") ?? "";
    if (!MLFLOW_LINE.test(head.split("\n")[0] ?? "")) return undefined;
  }
  return listed.map((path) => ({ path, keyPath: `metrics/${path}` }));
}
