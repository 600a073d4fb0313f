import { GitHubError } from "../../core/errors.js";
import { pullRequestFrom } from "../pull-request-from.js";
import type { LabelEvent, Permission, PullRequest, PullRequestRef, WorkflowRun } from "../scm.js";
import type { GitHubTransport } from "./github-transport.js";

const PER_PAGE = 100;
/** GitHub lists at most 3,000 files of a pull request. */
const MAX_FILE_PAGES = 30;
const MAX_EVENT_PAGES = 10;
const PERMISSIONS: readonly Permission[] = ["none", "read", "triage", "write", "maintain", "admin"];

/** Pull requests, their files and labels, and who may accept a regression. */
export class GitHubPullRequests {
  readonly #t: GitHubTransport;

  constructor(transport: GitHubTransport) {
    this.#t = transport;
  }

  async get(number: number): Promise<PullRequest> {
    const t = this.#t;
    const { data } = await t.send(`GET /repos/${t.repository}/pulls/${number}`, true, (request) =>
      t.client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
        ...t.repo,
        pull_number: number,
        request,
      }),
    );
    return pullRequestFrom(data);
  }

  /**
   * The open pull requests a run belongs to. Same-repository runs carry them; a fork's run is
   * matched by `head=owner:branch`, then by its exact head commit and head repository.
   */
  async forRun(run: WorkflowRun): Promise<readonly PullRequestRef[]> {
    if (run.pullRequests.length > 0) return run.pullRequests;
    const t = this.#t;
    // GitHub fills `pull_requests` for runs of this repository's branches; an empty list from one
    // of them means there is no open pull request, and asking again would cost a request per push.
    if (run.headRepo.toLowerCase() === t.repository.toLowerCase() || !run.headBranch) return [];
    const headOwner = run.headRepo.split("/")[0] ?? "";
    const head = `${headOwner}:${run.headBranch}`;
    const { data } = await t.send(
      `GET /repos/${t.repository}/pulls?head=${head}`,
      true,
      (request) =>
        t.client.request("GET /repos/{owner}/{repo}/pulls", {
          ...t.repo,
          head,
          state: "open",
          per_page: PER_PAGE,
          request,
        }),
    );
    // A branch name says nothing about the commit: only a pull request whose head is exactly the
    // run's commit, from the run's repository, gets this run's review.
    return data
      .map(pullRequestFrom)
      .filter(
        (pr) =>
          pr.headSha === run.headSha && pr.headRepo.toLowerCase() === run.headRepo.toLowerCase(),
      );
  }

  /** Paths a pull request changes (both sides of a rename). */
  async changedFiles(pullNumber: number): Promise<readonly string[]> {
    const t = this.#t;
    const files: string[] = [];
    for (let page = 1; page <= MAX_FILE_PAGES; page++) {
      const { data } = await t.send(
        `GET /repos/${t.repository}/pulls/${pullNumber}/files?page=${page}`,
        true,
        (request) =>
          t.client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
            ...t.repo,
            pull_number: pullNumber,
            per_page: PER_PAGE,
            page,
            request,
          }),
      );
      for (const file of data) {
        files.push(file.filename);
        if (file.previous_filename) files.push(file.previous_filename);
      }
      if (data.length < PER_PAGE) break;
    }
    return files;
  }

  /** A user's permission on the repository; `none` for people who are not collaborators. */
  async permissionOf(user: string): Promise<Permission> {
    const t = this.#t;
    try {
      const { data } = await t.send(
        `GET /repos/${t.repository}/collaborators/${user}/permission`,
        true,
        (request) =>
          t.client.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
            ...t.repo,
            username: user,
            request,
          }),
      );
      // `role_name` knows maintain and triage; custom roles fall back to their base permission.
      const role = data.role_name as string | undefined;
      if (role && isPermission(role)) return role;
      return isPermission(data.permission) ? data.permission : "none";
    } catch (error) {
      if (error instanceof GitHubError && error.status === 404) return "none";
      throw error;
    }
  }

  /** Who added `label` most recently, and when. */
  async findLabelEvent(pullNumber: number, label: string): Promise<LabelEvent | undefined> {
    const t = this.#t;
    let found: LabelEvent | undefined;
    for (let page = 1; page <= MAX_EVENT_PAGES; page++) {
      const { data } = await t.send(
        `GET /repos/${t.repository}/issues/${pullNumber}/events?page=${page}`,
        true,
        (request) =>
          t.client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/events", {
            ...t.repo,
            issue_number: pullNumber,
            per_page: PER_PAGE,
            page,
            request,
          }),
      );
      for (const event of data) {
        const named = (event as { label?: { name?: string } }).label?.name;
        if (event.event === "labeled" && named === label && event.actor) {
          found = { by: event.actor.login, at: event.created_at };
        }
      }
      if (data.length < PER_PAGE) break;
    }
    return found;
  }
}

function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
