import type { FileSource } from "./file-source.js";

/** Which of several runs in one folder was read, and why: for the review's notes. */
export interface RunSelection {
  /** The metric files to read: those of the newest run of each group, and every other file. */
  readonly files: string[];
  readonly notes: string[];
}

/** A kind of run folder a tool writes several of, side by side. */
interface RunKind {
  readonly tool: string;
  /** Matches one path segment; group 1 is the sort key. */
  readonly segment: RegExp;
  /** How keys order; the largest is the newest. */
  readonly compare: (a: string, b: string) => number;
  readonly order: string;
}

const numeric = (a: string, b: string) => Number(a) - Number(b);
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const RUN_KINDS: readonly RunKind[] = [
  { tool: "Lightning", segment: /^version_(\d+)$/, compare: numeric, order: "numeric order" },
  { tool: "Hugging Face", segment: /^checkpoint-(\d+)$/, compare: numeric, order: "numeric order" },
  {
    tool: "W&B",
    segment: /^(?:offline-)?run-(\d{8}_\d{6})-[A-Za-z0-9]+$/,
    compare: text,
    order: "start time",
  },
];

/** `…/mlruns/<experiment>/<run>/…`; `.trash` holds deleted runs. */
const MLFLOW_RUN = /^((?:.*\/)?mlruns\/)([^/]+)\/([^/]+)\//;

/**
 * Reads one run per source: when the metric files come from several runs of one tool side by
 * side (Lightning `version_N`, Hugging Face `checkpoint-N`, W&B `run-<time>-<id>`, MLflow runs
 * in `mlruns/<experiment>/<run>`), only the newest run's files are kept — numeric order for
 * numbered folders (`version_10` after `version_9`), the start time for W&B and MLflow (the
 * run's `meta.yaml` `start_time`, else the latest timestamp in its metric files). Checkpoints
 * are dropped altogether when their parent folder has metric files of its own (the Trainer's
 * final output). MLflow's `.trash` (deleted runs) is never read. Every choice among several
 * runs gets a note naming the run read.
 */
export async function selectRuns(
  source: FileSource,
  files: readonly string[],
): Promise<RunSelection> {
  const notes: string[] = [];
  let kept = files.filter((f) => !/(?:^|\/)mlruns\/\.trash\//.test(f));
  for (const kind of RUN_KINDS) kept = newestOfKind(kept, kind, notes);
  kept = await newestMlflowRuns(source, kept, notes);
  return { files: kept, notes };
}

function newestOfKind(files: readonly string[], kind: RunKind, notes: string[]): string[] {
  // Group by the folder holding the run folders; remember each file's run key.
  const groups = new Map<string, Map<string, string>>();
  const runOf = new Map<string, { parent: string; key: string; folder: string }>();
  for (const file of files) {
    const parts = file.split("/");
    for (let i = parts.length - 2; i >= 0; i--) {
      const match = kind.segment.exec(parts[i] as string);
      if (!match) continue;
      const parent = parts.slice(0, i).join("/");
      const folder = parts.slice(0, i + 1).join("/");
      const key = match[1] as string;
      runOf.set(file, { parent, key, folder });
      const runs = groups.get(parent) ?? new Map<string, string>();
      runs.set(key, folder);
      groups.set(parent, runs);
      break;
    }
  }
  if (groups.size === 0) return [...files];
  const ownDirs = new Set(files.filter((f) => !runOf.has(f)).map(dirOf));
  const newest = new Map<string, string>();
  for (const [parent, runs] of groups) {
    const keys = [...runs.keys()].sort(kind.compare);
    const best = keys.at(-1) as string;
    newest.set(parent, best);
    // The Trainer's final files beside its checkpoints are the run's result.
    const parentHasOwn = kind.tool === "Hugging Face" && ownDirs.has(parent);
    if (parentHasOwn) {
      notes.push(
        `${parent === "" ? "the top folder" : parent}: read the Trainer's final files, not its ${keys.length} checkpoint${keys.length === 1 ? "" : "s"}`,
      );
      newest.set(parent, "\u0000none");
    } else if (keys.length > 1) {
      const folder = runs.get(best) ?? best;
      notes.push(
        `read the newest of ${keys.length} ${kind.tool} runs in ${parent === "" ? "the top folder" : parent}: ${folder} (${kind.order})`,
      );
    }
  }
  return files.filter((f) => {
    const run = runOf.get(f);
    return run === undefined || newest.get(run.parent) === run.key;
  });
}

function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

async function newestMlflowRuns(
  source: FileSource,
  files: readonly string[],
  notes: string[],
): Promise<string[]> {
  const runs = new Map<string, Map<string, string[]>>();
  for (const file of files) {
    const match = MLFLOW_RUN.exec(file);
    if (!match) continue;
    const root = match[1] as string;
    const folder = `${root}${match[2]}/${match[3]}`;
    const byRun = runs.get(root) ?? new Map<string, string[]>();
    const list = byRun.get(folder) ?? [];
    list.push(file);
    byRun.set(folder, list);
    runs.set(root, byRun);
  }
  const dropped = new Set<string>();
  for (const [root, byRun] of runs) {
    if (byRun.size < 2) continue;
    const started = await Promise.all(
      [...byRun].map(async ([folder, metricFiles]) => ({
        folder,
        ...(await mlflowStart(source, folder, metricFiles)),
      })),
    );
    started.sort((a, b) => a.time - b.time || text(a.folder, b.folder));
    const newest = started.at(-1) as (typeof started)[number];
    for (const run of started) {
      if (run !== newest) for (const f of byRun.get(run.folder) ?? []) dropped.add(f);
    }
    const when = Number.isFinite(newest.time) ? new Date(newest.time).toISOString() : "unknown";
    notes.push(
      `read the newest of ${started.length} MLflow runs in ${root.replace(/\/$/, "")}: ${newest.folder} (${newest.from} ${when})`,
    );
  }
  return files.filter((f) => !dropped.has(f));
}

/**
 * When an MLflow run started: `start_time` (milliseconds) in its `meta.yaml`, else the latest
 * timestamp its metric files logged.
 */
export async function mlflowStart(
  source: FileSource,
  folder: string,
  metricFiles: readonly string[],
): Promise<{ time: number; from: string }> {
  const meta = folder === "" ? "meta.yaml" : `${folder}/meta.yaml`;
  const text = await source
    .read(meta, 1024 * 1024)
    .then((b) => b.toString("utf8"))
    .catch(() => undefined);
  const match = text === undefined ? null : /^start_time:\s*(\d+)\s*$/m.exec(text);
  if (match) return { time: Number(match[1]), from: "started" };
  let latest = Number.NEGATIVE_INFINITY;
  for (const file of metricFiles) {
    const lines = (await source.read(file)).toString("utf8").split(/\r?\n/);
    for (const line of lines) {
      const time = Number(line.trim().split(/\s+/)[0]);
      if (Number.isFinite(time) && line.trim() !== "") latest = Math.max(latest, time);
    }
  }
  return { time: latest, from: "last logged" };
}
