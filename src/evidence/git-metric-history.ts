import { isAbsolute, relative, resolve } from "node:path";
import picomatch from "picomatch";
import { simpleGit } from "simple-git";
import type { Config } from "../core/config/config.js";
import { InputError, isMlgateError } from "../core/errors.js";
import type { BaseHistory, HistoryPoint } from "../core/history/base-history.js";
import { meanOf } from "../core/metric-stats.js";
import { listTreeFiles, type TreeFile, treeFilesSource } from "./git-tree-files.js";
import { readMetrics } from "./read-metrics.js";

export interface GitHistoryOptions {
  /** A folder inside the checkout (the CLI's working directory). */
  readonly cwd: string;
  /** The metric file or folder, relative to `cwd` or absolute. */
  readonly path: string;
  /** `main~50..main`, `v1.2..HEAD`, or one revision (its whole first-parent history). */
  readonly revRange: string;
  /** The newest this many commits that changed the metric files are read. */
  readonly maxCount: number;
  /** Names the range in the review ("main" for the merge base's history); the range itself by default. */
  readonly rangeName?: string | undefined;
  readonly metrics: Config["metrics"];
}

/** The committed history of a metric file or folder along the first-parent line. */
export interface GitHistory extends BaseHistory {
  /** The file or folder's path in the repository ("" for the top). */
  readonly path: string;
  /** Commit subjects by SHA, for listings. */
  readonly subjects: ReadonlyMap<string, string>;
  /** Older commits in the range changed the metric files too, beyond `maxCount`. */
  readonly truncated: boolean;
}

// Commits git lists are cheap (a line each); reading them is not. Beyond this many commits that
// touch the folder the walk stops, whatever `maxCount` is.
const MAX_LISTED = 5000;

/**
 * Reads committed metric files along the first-parent history of a range (DVC users commit
 * `metrics.json`): one point per commit that changed the metric files, oldest first. A commit
 * that touched the folder but not its metric files is not a new observation and is left out;
 * one whose files cannot be read is left out and said. Throws an `InputError` when the folder
 * is not in a git checkout or the range is not one git knows.
 */
export async function readGitMetricHistory(options: GitHistoryOptions): Promise<GitHistory> {
  const git = simpleGit(options.cwd);
  const top = await git
    .revparse(["--show-toplevel"])
    .then((out) => out.trim())
    .catch(() => "");
  if (top === "") throw new InputError("not inside a git repository", { where: options.cwd });
  const inRepo = relative(top, resolve(options.cwd, options.path)).split("\\").join("/");
  if (inRepo.startsWith("..") || isAbsolute(inRepo)) {
    throw new InputError("is outside the git checkout", { where: options.path });
  }
  const range = checkRange(options.revRange);
  const spec = inRepo === "" ? ":(top)" : `:(top,literal)${inRepo}`;
  const log = await git
    .raw([
      "log",
      "--first-parent",
      `--max-count=${MAX_LISTED}`,
      "--format=%H%x1f%cI%x1f%s%x1e",
      ...range,
      "--",
      spec,
    ])
    .catch((error: unknown) => {
      const why = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
      throw new InputError(`git cannot read the range ${options.revRange} (${why.trim()})`, {
        where: top,
      });
    });
  const commits = log
    .split("\x1e")
    .map((record) => record.trim().split("\x1f"))
    .filter((fields): fields is [string, string, string] => fields.length === 3);

  const wanted = picomatch([...options.metrics.files], { dot: true });
  const listed = new Map<string, { files: TreeFile[]; isFile: boolean }>();
  const filesAt = async (sha: string) => {
    let entry = listed.get(sha);
    if (!entry) {
      // The parent of a root commit does not exist: no files there.
      const all = await listTreeFiles(git, sha, inRepo).catch(() => ({ files: [], isFile: false }));
      entry = {
        isFile: all.isFile,
        files: all.isFile ? all.files : all.files.filter((f) => wanted(f.path)),
      };
      listed.set(sha, entry);
    }
    return entry;
  };
  const key = (files: readonly TreeFile[]) => files.map((f) => `${f.path}\0${f.blob}`).join("\n");

  const points: HistoryPoint[] = [];
  const skipped: string[] = [];
  const subjects = new Map<string, string>();
  let index = 0;
  for (; index < commits.length && points.length < options.maxCount; index++) {
    const [sha, time, subject] = commits[index] as [string, string, string];
    const short = sha.slice(0, 7);
    const { files, isFile } = await filesAt(sha);
    // Unchanged metric files since the previous commit that touched the folder (or, for the
    // oldest listed, since its parent): no new result.
    const older = commits[index + 1]?.[0] ?? `${sha}^1`;
    if (files.length > 0 && key((await filesAt(older)).files) === key(files)) continue;
    if (files.length === 0) {
      skipped.push(`commit ${short}: no metric files${inRepo ? ` in ${inRepo}` : ""}`);
      continue;
    }
    const source = treeFilesSource(git, `git ${short}:${inRepo || "."}`, files, isFile);
    try {
      const read = await readMetrics(
        source,
        isFile ? { ...options.metrics, files: ["**"] } : options.metrics,
      );
      const values: Record<string, number> = {};
      for (const [name, metric] of read.metrics) {
        const value = meanOf(metric.value);
        if (Number.isFinite(value)) values[name] = value;
      }
      points.push({ sha, time, label: `commit ${short}`, values });
      subjects.set(sha, subject);
    } catch (error) {
      if (!isMlgateError(error)) throw error;
      skipped.push(`commit ${short}: ${error.toUserMessage()}`);
    }
  }
  return {
    points: points.reverse(),
    unit: "commits",
    source: `commits of ${options.rangeName ?? options.revRange} that changed ${inRepo || "the metric files"}`,
    skipped,
    path: inRepo,
    subjects,
    truncated: index < commits.length,
  };
}

/** A revision range as git arguments, refusing anything git would read as an option. */
function checkRange(range: string): string[] {
  const parts = range.split(/\.{2,3}/);
  if (range.trim() === "" || parts.some((p) => p.startsWith("-") || /\s/.test(p))) {
    throw new InputError(`${JSON.stringify(range)} is not a revision range`);
  }
  return [range];
}
