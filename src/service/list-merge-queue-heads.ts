import type { StrandedMergeGroup } from "../app/stranded-check-event.js";
import { mergeGroupFrom } from "../scm/merge-group-from.js";

/** The one GitHub call this needs; an installation's Octokit is one. */
export interface RefsClient {
  request(
    route: "GET /repos/{owner}/{repo}/git/matching-refs/{ref}",
    parameters: { readonly owner: string; readonly repo: string; readonly ref: string },
  ): Promise<{ readonly data: unknown }>;
}

interface ListedRef {
  readonly ref?: unknown;
  readonly object?: { readonly sha?: unknown } | null;
}

/**
 * The heads of a repository's merge queue groups, from the queue's temporary branches
 * (`refs/heads/gh-readonly-queue/<base>/pr-<n>-<sha>`): one call, and an empty list for a
 * repository without a merge queue (GitHub answers an empty list, or 404 for a repository with no
 * refs at all). A branch whose name does not say its base and pull request is left out: its
 * group could not be reviewed against a base. Each head once, in GitHub's order.
 *
 * @throws GitHub's other errors
 */
export async function listMergeQueueHeads(
  octokit: RefsClient,
  at: { readonly owner: string; readonly repo: string },
): Promise<StrandedMergeGroup[]> {
  let listed: unknown;
  try {
    // A parameter, not part of the route: Octokit drops a route's trailing slash, and without it
    // GitHub would also list branches that merely start `gh-readonly-queue`.
    ({ data: listed } = await octokit.request("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", {
      ...at,
      ref: "heads/gh-readonly-queue/",
    }));
  } catch (error) {
    if ((error as { status?: unknown } | null)?.status === 404) return [];
    throw error;
  }
  const heads: StrandedMergeGroup[] = [];
  const seen = new Set<string>();
  for (const entry of Array.isArray(listed) ? (listed as ListedRef[]) : []) {
    const sha = entry.object?.sha;
    if (typeof entry.ref !== "string" || typeof sha !== "string" || seen.has(sha)) continue;
    const group = mergeGroupFrom(entry.ref);
    if (!group || group.pullNumber === undefined) continue;
    seen.add(sha);
    heads.push({
      head_sha: sha,
      head_ref: group.headRef,
      base_ref: group.baseRef,
      pull_number: group.pullNumber,
    });
  }
  return heads;
}
