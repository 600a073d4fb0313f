import type { Config } from "../core/config/config.js";
import { GitHubError } from "../core/errors.js";
import { type OverrideDecision, resolveOverride } from "../review/resolve-override.js";
import type { Scm } from "../scm/scm.js";
import type { ReviewTarget } from "./resolve-target.js";

/**
 * Applies the app's override rule to a failed review of a pull request: the label counts when
 * someone with write permission added it after the head's training run started. The labels are
 * read afresh (a re-run replays the original event's payload), and the training run is this
 * workflow's run for the head commit. Only asked when the review failed, so a passing run costs
 * no request.
 */
export async function decideOverride(
  scm: Scm,
  config: Config,
  target: ReviewTarget,
): Promise<OverrideDecision> {
  const ref = target.pullRequests[0];
  if (!ref) return undefined;
  const label = config.override.label;
  try {
    const pr = await scm.getPullRequest(ref.number);
    if (!pr.labels.includes(label)) return undefined;
    const run =
      target.run ??
      (target.workflow ? await scm.findRunForCommit(target.workflow, target.headSha) : undefined);
    if (!run) {
      return {
        note: `The \`${label}\` label is on the pull request, but the training run of ${target.headSha.slice(0, 7)} was not found, so it was not applied.`,
      };
    }
    return await resolveOverride(scm, config, pr, run);
  } catch (error) {
    if (!(error instanceof GitHubError)) throw error;
    return {
      note: `The \`${label}\` label could not be checked: ${error.toUserMessage()}`,
    };
  }
}
