import type { Config } from "../core/config/config.js";
import { openCommittedBaseline } from "../evidence/committed-baseline.js";
import type { OpenedBaseline } from "../evidence/opened-baseline.js";
import { openArtifactBaseline } from "../review/open-artifact-baseline.js";
import type { BaselineSubject, Scm } from "../scm/scm.js";
import type { ActionContext } from "./action-context.js";
import type { ActionInputs } from "./action-inputs.js";
import { ensureBaseRef } from "./ensure-base-ref.js";
import type { ReviewTarget } from "./resolve-target.js";

const DEPTH_HINT = "check out with `fetch-depth: 0` for the git baseline";

/**
 * The baseline the `baseline` input asks for. A pull request or a merge group is compared with its
 * merge base with the base branch; a push (or a manual run) with its parent commit — with that
 * commit's files for `git`, with the nearest push run at or before the branch's previous tip for
 * `artifacts`.
 *
 * @param resultsDir - this run's results folder, absolute; undefined when they are an artifact
 */
export async function openActionBaseline(
  ctx: ActionContext,
  inputs: ActionInputs,
  scm: Scm,
  config: Config,
  target: ReviewTarget,
  resultsDir: string | undefined,
  log: (line: string) => void,
): Promise<OpenedBaseline> {
  // A merge group is compared as a pull request into its base branch would be: its merge base
  // with that branch is the base branch commit under the group (and under any group before it).
  const group = target.mergeGroup;
  const subject: BaselineSubject | undefined =
    target.pullRequests[0] ??
    (group ? { headSha: target.headSha, baseRef: group.baseRef } : undefined);
  if (inputs.baseline === "git") {
    if (resultsDir === undefined) {
      return { missing: "the git baseline needs the `results` input (a folder in the checkout)" };
    }
    // The files committed at the same path as the results: at the merge base for a pull
    // request, at the parent commit for a push. A checkout that cannot give them is a reason.
    const options = { repoDir: ctx.workspace, requireFiles: true, fetchHint: DEPTH_HINT };
    if (subject) {
      const { baseRef } = subject;
      const base = (await ensureBaseRef(ctx.workspace, baseRef, log)) ?? `origin/${baseRef}`;
      return openCommittedBaseline(resultsDir, base, {
        ...options,
        mergeBaseWith: subject.headSha,
        describe: (folder, sha) => ({
          sha,
          source: `${folder} at the merge base with ${base}`,
          distance: 0,
        }),
      });
    }
    return openCommittedBaseline(resultsDir, target.headSha || "HEAD", {
      ...options,
      describe: (folder, sha) => ({ sha, source: `${folder} at the parent commit`, distance: 0 }),
    });
  }

  const workflow = target.workflow ?? config.workflow;
  if (subject) return openArtifactBaseline(scm, subject, workflow, config.artifact);
  const { event } = ctx;
  if (event.kind !== "push") {
    return {
      missing: `a ${ctx.eventName || "local"} run has no pull request or push to compare with`,
    };
  }
  if (event.before === undefined) {
    return {
      missing: `the push created ${event.branch}, so there is no earlier commit to compare with`,
    };
  }
  // The branch's previous tip stands in for a pull request's merge base: its own push run, or
  // the nearest first-parent ancestor's, is what this push changed.
  return openArtifactBaseline(
    scm,
    { headSha: event.before, baseRef: event.branch },
    workflow,
    config.artifact,
  );
}
