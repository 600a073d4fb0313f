import { ArtifactError } from "../core/errors.js";
import type { OpenedBaseline } from "../evidence/opened-baseline.js";
import type { PullRequestRef, Scm } from "../scm/scm.js";

/**
 * Finds and opens the baseline artifact: the newest first-parent ancestor of the merge base with
 * a successful `push` run of `workflow` on the base branch. An artifact that cannot be used
 * (expired, too large) is a reason, not an error.
 */
export async function openArtifactBaseline(
  scm: Scm,
  pr: PullRequestRef,
  workflow: string,
  artifact: string,
): Promise<OpenedBaseline> {
  const lookup = await scm.findBaseline(pr, workflow, artifact);
  if ("missing" in lookup) return { missing: lookup.missing };
  const source = `${workflow} run #${lookup.runNumber} on ${pr.baseRef}`;
  try {
    return {
      base: {
        source: await scm.openArtifact(lookup.runId, artifact),
        info: {
          sha: lookup.sha,
          source,
          url: lookup.runUrl,
          distance: lookup.distance,
          mergeBase: lookup.mergeBase === lookup.sha ? undefined : lookup.mergeBase,
        },
      },
    };
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    return {
      missing: `the baseline (${source}, commit ${lookup.sha.slice(0, 7)}) cannot be used: ${error.toUserMessage()}`,
    };
  }
}
