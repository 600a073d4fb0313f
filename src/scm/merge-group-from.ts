import type { MergeGroup, WorkflowRun } from "./scm.js";

/** The branches a merge queue makes: `gh-readonly-queue/<base branch>/pr-<number>-<sha>`. */
const QUEUE_BRANCH = /^gh-readonly-queue\/(.+)\/pr-(\d+)-[0-9a-f]+$/;
const QUEUE_PREFIX = "gh-readonly-queue/";

const withoutHeads = (ref: string): string => ref.replace(/^refs\/heads\//, "");

/**
 * The merge group named by a branch, or `undefined` when the branch is not a merge queue's. The
 * base branch is `baseRef` when the caller knows it (the `merge_group` payload says it), else the
 * one the branch name spells.
 */
export function mergeGroupFrom(headRef: string, baseRef?: string): MergeGroup | undefined {
  const branch = withoutHeads(headRef);
  if (!branch.startsWith(QUEUE_PREFIX)) return undefined;
  const match = QUEUE_BRANCH.exec(branch);
  const base = baseRef ? withoutHeads(baseRef) : match?.[1];
  if (!base) return undefined;
  return { headRef: branch, baseRef: base, pullNumber: match ? Number(match[2]) : undefined };
}

/**
 * The merge group a training run tested: a run `on: merge_group`, or a push to a merge queue's
 * branch (the older way to train merge groups), of this repository. A `merge_group` run whose
 * branch does not name its base is taken to merge into the default branch.
 */
export function mergeGroupOfRun(
  run: WorkflowRun,
  repository: string,
  defaultBranch: string | undefined,
): MergeGroup | undefined {
  if (run.event !== "merge_group" && run.event !== "push") return undefined;
  if (run.headRepo.toLowerCase() !== repository.toLowerCase()) return undefined;
  const group = mergeGroupFrom(run.headBranch);
  if (group || run.event !== "merge_group" || !defaultBranch) return group;
  return { headRef: run.headBranch, baseRef: defaultBranch };
}
