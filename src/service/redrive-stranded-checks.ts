import type { Logger, Probot } from "probot";
import {
  STRANDED_CHECK_EVENT,
  type StrandedCheckPayload,
  type StrandedMergeGroup,
} from "../app/stranded-check-event.js";
import { CHECK_NAME } from "../core/github-facts.js";
import type { JobQueue } from "./job-queue.js";
import { listMergeQueueHeads } from "./list-merge-queue-heads.js";

/** How much of GitHub one scan looks at. */
export interface StrandedCheckLimits {
  /** Repositories looked into, most recently pushed first. */
  readonly repositories: number;
  /** Open pull requests per repository, most recently updated first. */
  readonly pullsPerRepository: number;
  /** Heads (of pull requests and of merge queue groups) whose checks are asked for, in all. */
  readonly heads: number;
}

/** Production bounds: at most ~1 + 2 × repositories + heads calls, a few hundred. */
export const STRANDED_CHECK_LIMITS: StrandedCheckLimits = {
  repositories: 200,
  pullsPerRepository: 30,
  heads: 500,
};

/** What one scan did. */
export interface StrandedCheckScan {
  readonly repositories: number;
  /** Heads whose checks were asked for: pull requests' and merge queue groups'. */
  readonly heads: number;
  /** Of those, merge queue groups' heads. */
  readonly mergeGroupHeads: number;
  /** Open check runs old enough to be nobody's live work. */
  readonly stranded: number;
  /** Of those, queued now (the rest were queued already, by this or another replica). */
  readonly queued: number;
  /** What the limits left out, for the log; empty when nothing was. */
  readonly cut: readonly string[];
}

/** One repository as `GET /installation/repositories` lists it (the fields used). */
interface ListedRepository {
  readonly name: string;
  readonly full_name: string;
  readonly owner: { readonly login: string };
  readonly archived?: boolean;
  readonly open_issues_count?: number;
  readonly pushed_at?: string | null;
}

/** A head whose check is asked for: an open pull request's, or a merge queue group's. */
type ScannedHead =
  | { readonly kind: "pull_request"; readonly sha: string; readonly pull: number }
  | { readonly kind: "merge_group"; readonly sha: string; readonly group: StrandedMergeGroup };

type InstallationOctokit = Awaited<ReturnType<Probot["auth"]>>;

interface ListedCheck {
  readonly id: number;
  readonly name: string;
  readonly head_sha: string;
  readonly status: string;
  readonly started_at?: string | null;
  readonly app?: { readonly id?: number } | null;
}

/** Repositories listed before the most recently pushed are picked. */
const MAX_LISTED = 2000;

/**
 * Finds this app's `mlgate` check runs left `queued` or `in_progress` on open pull requests' heads
 * and on merge queue groups' heads (a crash, a store that was lost, a job that never ran; an open
 * check on a group stalls its queue) and queues a review job for each,
 * through the same queue a webhook takes. Only checks started before `startedBefore` and older
 * than `olderThanMs` count: a running replica's live work is not taken from it. The job's id is
 * the check run's, so replicas starting together queue it once; the pull request's lock and the
 * check ledger publish it once. Per repository, one call for the merge queue's branches and one
 * for the open pull requests; then one per head (`filter=latest` returns the check GitHub shows,
 * whatever its status), bounded by `limits`.
 */
export async function redriveStrandedChecks(options: {
  readonly probot: Probot;
  readonly appId: number;
  readonly queue: JobQueue;
  readonly log: Logger;
  readonly olderThanMs: number;
  readonly startedBefore: number;
  readonly now?: (() => number) | undefined;
  readonly limits?: StrandedCheckLimits | undefined;
  /** Aborted when the service stops: the scan ends at the next head. */
  readonly signal?: AbortSignal | undefined;
}): Promise<StrandedCheckScan> {
  const { probot, appId, queue, log, signal } = options;
  const limits = options.limits ?? STRANDED_CHECK_LIMITS;
  const now = options.now?.() ?? Date.now();
  const cutoff = Math.min(options.startedBefore, now - options.olderThanMs);
  const cut: string[] = [];
  log.info(
    `mlgate: looking for this app's checks left open over ${Math.round(options.olderThanMs / 1000)} s, in at most ${limits.repositories} repositories (each one's merge queue and ${limits.pullsPerRepository} newest open pull requests, ${limits.heads} heads in all)`,
  );

  const app = await probot.auth();
  const candidates: { installation: number; repo: ListedRepository }[] = [];
  let listed = 0;
  installations: for await (const page of app.paginate.iterator("GET /app/installations", {
    per_page: 100,
  })) {
    for (const installation of page.data) {
      if (installation.suspended_at) continue;
      try {
        const octokit = await probot.auth(installation.id);
        for await (const repos of octokit.paginate.iterator("GET /installation/repositories", {
          per_page: 100,
        })) {
          for (const repo of repos.data as unknown as ListedRepository[]) {
            if (++listed > MAX_LISTED) {
              cut.push(`repositories after the first ${MAX_LISTED} listed`);
              break installations;
            }
            // Archived: nothing can change; no open issue or pull request: no check to look for
            // (a pull request in a merge queue is open until its group merges).
            if (repo.archived || repo.open_issues_count === 0) continue;
            candidates.push({ installation: installation.id, repo });
          }
        }
      } catch (error) {
        log.warn(
          { err: error, installation: installation.id },
          "mlgate: could not list an installation's repositories to look for open checks",
        );
      }
    }
  }
  candidates.sort((a, b) => (b.repo.pushed_at ?? "").localeCompare(a.repo.pushed_at ?? ""));
  if (candidates.length > limits.repositories) {
    cut.push(`${candidates.length - limits.repositories} less recently pushed repositories`);
  }

  let repositories = 0;
  let heads = 0;
  let mergeGroupHeads = 0;
  let stranded = 0;
  let queued = 0;

  /** Asks for one head's check of this app and queues a review of it when it was left open. */
  const lookAt = async (
    octokit: InstallationOctokit,
    installation: number,
    repo: ListedRepository,
    head: ScannedHead,
  ): Promise<void> => {
    heads++;
    if (head.kind === "merge_group") mergeGroupHeads++;
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
      owner: repo.owner.login,
      repo: repo.name,
      ref: head.sha,
      check_name: CHECK_NAME,
      app_id: appId,
      filter: "latest",
      per_page: 10,
    });
    for (const check of data.check_runs as unknown as ListedCheck[]) {
      if (check.name !== CHECK_NAME || check.status === "completed") continue;
      if (check.app?.id !== undefined && check.app.id !== appId) continue;
      const started = check.started_at ? Date.parse(check.started_at) : Number.NaN;
      if (!(started < cutoff) || signal?.aborted) continue;
      stranded++;
      const common = {
        installation: { id: installation },
        repository: { full_name: repo.full_name, name: repo.name, owner: repo.owner },
        check_run: {
          id: check.id,
          head_sha: check.head_sha,
          status: check.status,
          started_at: check.started_at ?? null,
        },
      };
      const payload: StrandedCheckPayload =
        head.kind === "merge_group"
          ? { ...common, merge_group: head.group }
          : { ...common, pull_request: { number: head.pull } };
      const taken = await queue.enqueue({
        id: `stranded-check-${check.id}`,
        name: STRANDED_CHECK_EVENT,
        payload: payload as unknown as Record<string, unknown>,
      });
      if (taken === "queued") {
        queued++;
        log.info(
          {
            repo: repo.full_name,
            ...(head.kind === "merge_group"
              ? { mergeGroup: head.group.head_ref }
              : { pr: head.pull }),
            sha: check.head_sha,
          },
          `mlgate: check ${check.id} was left ${check.status} since ${check.started_at}; queued its review`,
        );
      }
    }
  };

  for (const { installation, repo } of candidates.slice(0, limits.repositories)) {
    if (heads >= limits.heads) {
      cut.push(`repositories after the first ${limits.heads} heads`);
      break;
    }
    if (signal?.aborted) break;
    repositories++;
    const at = { owner: repo.owner.login, repo: repo.name };
    let octokit: InstallationOctokit;
    try {
      octokit = await probot.auth(installation);
    } catch (error) {
      log.warn(
        { err: error, repo: repo.full_name },
        "mlgate: could not look for open checks in a repository",
      );
      continue;
    }
    // A stalled merge queue holds back every pull request in it: its heads come first. A failure
    // here leaves the pull requests to be looked at all the same.
    try {
      const groups = await listMergeQueueHeads(octokit, at);
      for (const group of groups) {
        if (signal?.aborted) break;
        if (heads >= limits.heads) {
          cut.push(`${repo.full_name}'s merge queue after ${limits.heads} heads`);
          break;
        }
        await lookAt(octokit, installation, repo, {
          kind: "merge_group",
          sha: group.head_sha,
          group,
        });
      }
    } catch (error) {
      log.warn(
        { err: error, repo: repo.full_name },
        "mlgate: could not look for open checks in a repository's merge queue",
      );
    }
    try {
      const { data: pulls } = await octokit.request("GET /repos/{owner}/{repo}/pulls", {
        ...at,
        state: "open",
        sort: "updated",
        direction: "desc",
        per_page: limits.pullsPerRepository,
      });
      if (pulls.length >= limits.pullsPerRepository) {
        cut.push(`${repo.full_name}'s less recently updated pull requests`);
      }
      const seen = new Set<string>();
      for (const pull of pulls) {
        const sha = pull.head.sha;
        if (seen.has(sha) || heads >= limits.heads || signal?.aborted) continue;
        seen.add(sha);
        await lookAt(octokit, installation, repo, { kind: "pull_request", sha, pull: pull.number });
      }
    } catch (error) {
      log.warn(
        { err: error, repo: repo.full_name },
        "mlgate: could not look for open checks in a repository",
      );
    }
  }
  const report = { repositories, heads, mergeGroupHeads, stranded, queued, cut };
  log.info(strandedCheckLine(report));
  return report;
}

function strandedCheckLine(scan: StrandedCheckScan): string {
  const left =
    scan.cut.length === 0
      ? ""
      : `; not looked at (limits): ${scan.cut.slice(0, 3).join(", ")}${scan.cut.length > 3 ? ` and ${scan.cut.length - 3} more` : ""}`;
  const repos = `${scan.repositories} ${scan.repositories === 1 ? "repository" : "repositories"}`;
  const pulls = scan.heads - scan.mergeGroupHeads;
  return `mlgate: looked at ${pulls} pull request head(s) and ${scan.mergeGroupHeads} merge queue head(s) in ${repos}: ${scan.stranded} check(s) left open, ${scan.queued} queued for review${left}`;
}
