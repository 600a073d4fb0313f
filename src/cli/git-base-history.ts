import { simpleGit } from "simple-git";
import type { Config } from "../core/config/config.js";
import { isMlgateError } from "../core/errors.js";
import type { BaseHistory } from "../core/history/base-history.js";
import type { BaselineAge } from "../core/types.js";
import { readGitMetricHistory } from "../evidence/git-metric-history.js";

/** What git tells `mlgate check --base-ref` about the base branch beyond the baseline itself. */
export interface GitBaseFacts {
  readonly history?: BaseHistory | undefined;
  readonly age?: BaselineAge | undefined;
}

/**
 * The history of the head folder's committed metric files up to the baseline commit (for trends
 * and `significance: history`), and how far `baseRef` has moved on since the baseline. Neither is
 * needed to review, so what git cannot give is a warning, not an error.
 */
export async function readGitBaseFacts(options: {
  readonly cwd: string;
  readonly headPath: string;
  readonly baseSha: string;
  readonly baseRef: string;
  readonly config: Config;
  readonly warn: (line: string) => void;
  /** The review's clock, for the age in days. */
  readonly now: Date;
}): Promise<GitBaseFacts> {
  const { cwd, baseSha, baseRef, config, warn } = options;
  let history: BaseHistory | undefined;
  try {
    history = await readGitMetricHistory({
      cwd,
      path: options.headPath,
      revRange: baseSha,
      maxCount: config.history.runs,
      metrics: config.metrics,
      rangeName: baseRef,
    });
  } catch (error) {
    if (!isMlgateError(error)) throw error;
    warn(`no history of the base branch: ${error.toUserMessage()}`);
  }
  const git = simpleGit(cwd);
  const age: { days?: number; commits?: number; behind: string } = { behind: baseRef };
  try {
    const when = (await git.raw(["show", "-s", "--format=%ct", baseSha])).trim();
    age.days = Math.max(0, (options.now.getTime() - Number(when) * 1000) / 86_400_000);
    const count = await git.raw([
      "rev-list",
      "--count",
      "--first-parent",
      `${baseSha}..${baseRef}`,
    ]);
    age.commits = Number(count.trim());
  } catch {
    warn(`cannot tell how far ${baseRef} has moved on since ${baseSha.slice(0, 7)}`);
  }
  return { history, age: age.days === undefined && age.commits === undefined ? undefined : age };
}
