import type { PullRequestRef } from "../scm/scm.js";

/** GitHub's merge queue branches: `gh-readonly-queue/<base>/pr-<number>-<sha>`. */
const QUEUE_BRANCH = /^gh-readonly-queue\/(.+)\/pr-\d+-[0-9a-f]{40}$/;

/**
 * A merge group as the review sees a pull request: its head commit is reviewed against the base
 * branch it will land on. Number 0: a merge group has no pull request of its own, and gets no
 * comment. Undefined when the branch is not a merge queue's.
 */
export function mergeGroupTarget(
  headSha: string,
  headRef: string,
  repository: string,
  baseRef?: string | undefined,
): PullRequestRef | undefined {
  const branch = headRef.replace(/^refs\/heads\//, "");
  const base = baseRef?.replace(/^refs\/heads\//, "") ?? QUEUE_BRANCH.exec(branch)?.[1];
  if (!base) return undefined;
  return { number: 0, headSha, headRef: branch, headRepo: repository, baseRef: base };
}
