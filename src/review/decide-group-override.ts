import type { Config } from "../core/config/config.js";
import { GitHubError } from "../core/errors.js";
import type { PullRequest, Scm } from "../scm/scm.js";
import { decideOverride, type OverrideFacts } from "./decide-override.js";
import type { OverrideDecision } from "./resolve-override.js";

/**
 * The override of a merge group: as the pull request the group was made for has it, for that pull
 * request's own head and training run (the same rules as on the pull request), so a regression
 * accepted there does not bounce the pull request out of the queue. A note names the pull
 * request, since the group's review is read away from it.
 */
export async function decideGroupOverride(
  scm: Scm,
  config: Config,
  pullNumber: number,
  workflow: string,
  githubErrors: OverrideFacts["githubErrors"],
): Promise<OverrideDecision> {
  let pr: PullRequest;
  try {
    pr = await scm.getPullRequest(pullNumber);
  } catch (error) {
    if (!(error instanceof GitHubError) || githubErrors === "throw") throw error;
    const label = config.override.label;
    return {
      note: `Pull request #${pullNumber}: the \`${label}\` label could not be checked: ${error.toUserMessage()}`,
    };
  }
  const decision = await decideOverride(scm, config, {
    pullNumber,
    headSha: pr.headSha,
    pullRequest: pr,
    workflow,
    githubErrors,
  });
  if (!decision?.note) return decision;
  return { ...decision, note: `Pull request #${pullNumber}: ${decision.note}` };
}
