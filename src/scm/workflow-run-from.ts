import type { PullRequestRef, WorkflowRun } from "./scm.js";

/** The fields of a workflow run that mlgate reads, as both webhooks and the REST API send them. */
export interface WorkflowRunData {
  readonly id: number | bigint;
  readonly run_number: number;
  readonly run_attempt?: number | undefined;
  readonly path?: string | undefined;
  readonly name?: string | null | undefined;
  readonly event: string;
  readonly status: string | null;
  readonly conclusion: string | null;
  readonly head_sha: string;
  readonly head_branch: string | null;
  readonly html_url: string;
  readonly created_at: string;
  readonly head_repository?: { readonly full_name: string } | null | undefined;
  readonly pull_requests?: readonly (RunPullRequestData | null)[] | null | undefined;
}

/** A pull request as a workflow run lists it (no labels, no author). */
export interface RunPullRequestData {
  readonly number: number;
  readonly head: {
    readonly ref: string;
    readonly sha: string;
    readonly repo: { readonly url: string } | null;
  };
  readonly base: {
    readonly ref: string;
    readonly sha: string;
    readonly repo: { readonly url: string } | null;
  };
}

const STATUSES = new Set<WorkflowRun["status"]>([
  "requested",
  "queued",
  "in_progress",
  "waiting",
  "pending",
  "completed",
]);

/**
 * Maps a workflow run (webhook payload or REST response) to mlgate's `WorkflowRun`. Pull requests
 * whose base is another repository are dropped: a run can list pull requests of forks' parents.
 *
 * @param repository - `owner/name` the run belongs to
 */
export function workflowRunFrom(data: WorkflowRunData, repository: string): WorkflowRun {
  const status = (data.status ?? "queued") as WorkflowRun["status"];
  return {
    id: Number(data.id),
    runNumber: data.run_number,
    attempt: data.run_attempt ?? 1,
    workflowPath: data.path ?? "",
    workflowName: data.name ?? "",
    event: data.event,
    status: STATUSES.has(status) ? status : "queued",
    conclusion: data.conclusion ?? undefined,
    headSha: data.head_sha,
    headBranch: data.head_branch ?? "",
    headRepo: data.head_repository?.full_name ?? repository,
    url: data.html_url,
    createdAt: data.created_at,
    pullRequests: (data.pull_requests ?? []).flatMap((pr): PullRequestRef[] => {
      if (!pr) return [];
      const base = repoOfApiUrl(pr.base.repo?.url);
      if (base === undefined || base.toLowerCase() !== repository.toLowerCase()) return [];
      return [
        {
          number: pr.number,
          headSha: pr.head.sha,
          headRef: pr.head.ref,
          headRepo: repoOfApiUrl(pr.head.repo?.url) ?? repository,
          baseRef: pr.base.ref,
        },
      ];
    }),
  };
}

/** `owner/name` from `https://api.github.com/repos/owner/name` (or a GHES `/api/v3/repos/…`). */
function repoOfApiUrl(url: string | undefined): string | undefined {
  const match = url?.match(/\/repos\/([^/]+\/[^/]+)\/?$/);
  return match?.[1];
}
