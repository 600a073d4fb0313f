import { ArtifactError } from "../core/errors.js";
import type { BaselineAge } from "../core/types.js";
import type { OpenedBaseline } from "../evidence/opened-baseline.js";
import type { Baseline, BaselineSubject, Scm } from "../scm/scm.js";

/**
 * Finds and opens the baseline artifact: the newest first-parent ancestor of the merge base with
 * a successful `push` run of `workflow` on the base branch. An artifact that cannot be used
 * (expired, too large) is a reason, not an error.
 */
export async function openArtifactBaseline(
  scm: Scm,
  pr: BaselineSubject,
  workflow: string,
  artifact: string,
  now: Date = new Date(),
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
          age: baselineAge(lookup, pr.baseRef, now),
        },
      },
      runId: lookup.runId,
    };
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    return {
      missing: `the baseline (${source}, commit ${lookup.sha.slice(0, 7)}) cannot be used: ${error.toUserMessage()}`,
    };
  }
}

/** Days since the baseline run, and commits on the base branch since its commit. */
function baselineAge(lookup: Baseline, branch: string, now: Date): BaselineAge | undefined {
  const created = lookup.createdAt === undefined ? Number.NaN : Date.parse(lookup.createdAt);
  const days = Number.isNaN(created)
    ? undefined
    : Math.max(0, (now.getTime() - created) / 86_400_000);
  const commits = lookup.behindBy === undefined ? undefined : lookup.behindBy + lookup.distance;
  if (days === undefined && commits === undefined) return undefined;
  return { days, commits, behind: branch };
}
