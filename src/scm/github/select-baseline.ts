import { type CommitNode, firstParentChain } from "../first-parent-chain.js";
import type { Baseline } from "../scm.js";

/** A workflow run as the baseline policy needs it. */
export interface CandidateRun {
  readonly id: number;
  readonly runNumber: number;
  readonly url: string;
  readonly headSha: string;
  readonly event: string;
  readonly conclusion: string | undefined;
  /** `owner/name` the commit came from. */
  readonly headRepo: string;
  /** When the run was created, ISO 8601. */
  readonly createdAt?: string | undefined;
}

/** An artifact as far as the policy cares: does it exist, has it expired. */
export interface CandidateArtifact {
  readonly expired: boolean;
}

/** Everything known so far about a pull request's possible baselines. */
export interface BaselineFacts {
  readonly repository: string;
  readonly workflow: string;
  readonly baseRef: string;
  readonly artifactName: string;
  readonly mergeBase: string;
  /** Recent successful runs of the workflow on the base branch, newest first, as listed. */
  readonly runs: readonly CandidateRun[];
  /** The commits list from the merge base, once fetched (only needed past the merge base). */
  readonly ancestors?: readonly CommitNode[] | undefined;
  /** Artifacts looked up so far, by run id; `null`: the run has none of that name. */
  readonly artifacts: ReadonlyMap<number, CandidateArtifact | null>;
  /** Candidate runs whose artifact is tried before giving up. */
  readonly maxTries: number;
}

/** The policy's answer: a baseline, why there is none, or the one fact it needs next. */
export type BaselineStep =
  | { readonly kind: "found"; readonly baseline: Baseline }
  | { readonly kind: "missing"; readonly missing: string }
  | { readonly kind: "need-ancestors" }
  | { readonly kind: "need-artifact"; readonly runId: number };

/**
 * The baseline policy, pure: the merge base, then the nearest first-parent ancestor of it with a
 * successful `push` run of the workflow in the base repository whose artifact still exists. Never
 * a pull request run, never a fork's run. The commits list is asked for only when the merge base
 * itself has no usable run, and at most `maxTries` artifacts are looked at. Call it again with
 * the fact it asks for until it answers `found` or `missing`.
 */
export function selectBaseline(facts: BaselineFacts): BaselineStep {
  const repository = facts.repository.toLowerCase();
  const runs = facts.runs.filter(
    (run) =>
      run.event === "push" &&
      run.conclusion === "success" &&
      run.headRepo.toLowerCase() === repository,
  );
  if (runs.length === 0) {
    return {
      kind: "missing",
      missing: `no successful push run of ${facts.workflow} on ${facts.baseRef} yet`,
    };
  }
  const chain = facts.ancestors
    ? firstParentChain(facts.mergeBase, facts.ancestors)
    : [facts.mergeBase];
  const problems: string[] = [];
  let tries = 0;
  for (let distance = 0; distance < chain.length && tries < facts.maxTries; distance++) {
    const sha = chain[distance];
    for (const run of runs) {
      if (run.headSha !== sha) continue;
      if (tries >= facts.maxTries) break;
      tries++;
      if (!facts.artifacts.has(run.id)) return { kind: "need-artifact", runId: run.id };
      const artifact = facts.artifacts.get(run.id);
      if (!artifact) {
        problems.push(`run #${run.runNumber} has no artifact "${facts.artifactName}"`);
      } else if (artifact.expired) {
        problems.push(`the artifact of run #${run.runNumber} has expired`);
      } else {
        return {
          kind: "found",
          baseline: {
            sha,
            runId: run.id,
            runNumber: run.runNumber,
            runUrl: run.url,
            distance,
            mergeBase: facts.mergeBase,
          },
        };
      }
    }
  }
  if (!facts.ancestors && tries < facts.maxTries) return { kind: "need-ancestors" };
  const depth = chain.length;
  const where = `the merge base ${facts.mergeBase.slice(0, 7)}${depth > 1 ? ` or its ${depth - 1} first-parent ancestors` : ""}`;
  return {
    kind: "missing",
    missing:
      problems.length > 0
        ? `no usable baseline near ${where}: ${problems.join("; ")}`
        : `no successful push run of ${facts.workflow} on ${facts.baseRef} at ${where}`,
  };
}
