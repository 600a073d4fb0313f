/** A commit as the commits list returns it: its SHA and its parents' SHAs, first parent first. */
export interface CommitNode {
  readonly sha: string;
  readonly parents: readonly string[];
}

/**
 * The first-parent chain from `start` through the listed commits: `start`, its first parent, that
 * one's first parent… until a commit is not in the list. Index = distance from `start`. Merged
 * side branches are left out, so a baseline is always a commit that was itself on the base branch.
 */
export function firstParentChain(start: string, commits: readonly CommitNode[]): string[] {
  const bySha = new Map(commits.map((c) => [c.sha, c]));
  const chain: string[] = [];
  const seen = new Set<string>();
  let current: string | undefined = start;
  while (current !== undefined && !seen.has(current)) {
    chain.push(current);
    seen.add(current);
    current = bySha.get(current)?.parents[0];
  }
  return chain;
}
