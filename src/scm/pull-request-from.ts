import type { PullRequest } from "./scm.js";

/** The fields of a pull request mlgate reads, as webhooks and the REST API both send them. */
export interface PullRequestData {
  readonly number: number;
  readonly html_url: string;
  readonly state: string;
  readonly user: { readonly login: string } | null;
  readonly labels: readonly { readonly name?: string | undefined }[];
  readonly head: {
    readonly sha: string;
    readonly ref: string;
    readonly repo: { readonly full_name: string } | null;
  };
  readonly base: { readonly ref: string };
}

/** Maps a pull request (webhook payload or REST response) to mlgate's `PullRequest`. */
export function pullRequestFrom(data: PullRequestData): PullRequest {
  return {
    number: data.number,
    url: data.html_url,
    state: data.state === "open" ? "open" : "closed",
    author: data.user?.login ?? "",
    labels: data.labels.flatMap((l) => (l.name ? [l.name] : [])),
    headSha: data.head.sha,
    headRef: data.head.ref,
    // A deleted fork has no repository: it matches nothing.
    headRepo: data.head.repo?.full_name ?? "",
    baseRef: data.base.ref,
  };
}
