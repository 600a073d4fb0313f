/**
 * Plain data that flows between evidence, core and publishing. No Octokit types, no streams.
 */

/** Which way is better for a metric. `neutral` metrics are reported, never gated on change. */
export type Direction = "higher" | "lower" | "neutral";

/** A metric's value: one number, or one number per seed (shown as mean ± std). */
export type MetricValue = number | readonly number[];

/** One metric as read from an artifact. */
export interface Metric {
  /** Dotted key, e.g. `eval.accuracy` or `test/f1` (names from the file kept as written). */
  readonly name: string;
  readonly value: MetricValue;
  /** The file inside the artifact (or folder) it came from, for annotations and errors. */
  readonly file: string;
  /** Which way is better, when the file itself says (lm-eval's `higher_is_better`). */
  readonly direction?: Direction | undefined;
  /** The standard error of the value, when the tool reports one (lm-eval's `*_stderr`). */
  readonly stderr?: number | undefined;
}

/** All metrics of one side (base or head), keyed by name. */
export type MetricSet = ReadonlyMap<string, Metric>;

/** What the review knows about where the baseline came from. */
export interface BaselineInfo {
  /** Commit the baseline metrics were produced from. */
  readonly sha: string;
  /** Human words for the source: "run #123 of train.yml", "git merge base", "folder ./base". */
  readonly source: string;
  /** Link to the run, when there is one. */
  readonly url?: string | undefined;
  /** First-parent commits between the merge base and the baseline commit (0 = at the merge base). */
  readonly distance?: number | undefined;
  /** The merge base, when known and different from `sha`. */
  readonly mergeBase?: string | undefined;
  /** How old the baseline is, when the source can tell. */
  readonly age?: BaselineAge | undefined;
}

/** How far the base branch has moved on since the baseline. */
export interface BaselineAge {
  /** Days from the baseline's commit (or run) to the review. */
  readonly days?: number | undefined;
  /** Commits on the base branch after the baseline commit. */
  readonly commits?: number | undefined;
  /** What the commits are counted up to: `main`, `origin/main`. */
  readonly behind?: string | undefined;
}

/** What the review knows about the head side. */
export interface HeadInfo {
  readonly sha?: string | undefined;
  readonly source: string;
  readonly url?: string | undefined;
}
