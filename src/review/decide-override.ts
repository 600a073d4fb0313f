import type { Config } from "../core/config/config.js";
import { GitHubError } from "../core/errors.js";
import type { LabelEvent, PullRequest, Scm, WorkflowRun } from "../scm/scm.js";
import { type OverrideDecision, resolveOverride } from "./resolve-override.js";

/** What is already known when the override is decided; the rest is asked of GitHub. */
export interface OverrideFacts {
  readonly pullNumber: number;
  readonly headSha: string;
  /** The whole pull request when the event carried it (labels, author). */
  readonly pullRequest?: PullRequest | undefined;
  /** The head's training run; looked up by `workflow` when not known. */
  readonly run?: WorkflowRun | undefined;
  readonly workflow: string;
  /** The label event being handled, when it is one. */
  readonly labelEvent?: LabelEvent | undefined;
  /**
   * What a GitHub failure while checking the label does: `throw` (the check says the review could
   * not be done, and a re-run tries again) or `note` (the review stands, failed, with a note: the
   * Action, whose step result already carries the verdict).
   */
  readonly githubErrors: "throw" | "note";
}

/**
 * Applies the override rule to a failed review of a pull request head (see `resolveOverride`).
 * Asked only when the review failed, so a passing run costs no request.
 */
export async function decideOverride(
  scm: Scm,
  config: Config,
  facts: OverrideFacts,
): Promise<OverrideDecision> {
  const label = config.override.label;
  try {
    const pr = facts.pullRequest ?? (await scm.getPullRequest(facts.pullNumber));
    if (!facts.labelEvent && !pr.labels.includes(label)) return undefined;
    const run = facts.run ?? (await scm.findRunForCommit(facts.workflow, facts.headSha));
    if (!run) {
      return {
        note: `The \`${label}\` label is on the pull request, but the training run of ${facts.headSha.slice(0, 7)} was not found, so it was not applied.`,
      };
    }
    return await resolveOverride(scm, config, pr, run, facts.labelEvent);
  } catch (error) {
    if (!(error instanceof GitHubError) || facts.githubErrors === "throw") throw error;
    return { note: `The \`${label}\` label could not be checked: ${error.toUserMessage()}` };
  }
}
