import type { Octokit } from "@octokit/rest";
import picomatch from "picomatch";
import { ArtifactError, ConfigError, GitHubError } from "../core/errors.js";
import { GITHUB_LIMITS } from "../core/github-facts.js";
import { clipText, clipUtf8 } from "../core/render/clip-text.js";
import type { FileSource } from "../evidence/file-source.js";
import type { ZipLimits } from "../evidence/zip-source.js";
import type { ArtifactCache } from "./artifact-cache.js";
import { DownloadError } from "./download-error.js";
import { fetchArtifactZip } from "./fetch-artifact-zip.js";
import { firstParentChain } from "./first-parent-chain.js";
import type { Lru } from "./lru.js";
import { pullRequestFrom } from "./pull-request-from.js";
import { REVIEW_MARKER, reviewedShaOf, withReviewMarkers } from "./review-comment-markers.js";
import type {
  Baseline,
  BaselineLookup,
  CheckAnnotation,
  CheckInput,
  CheckRun,
  CommentResult,
  LabelEvent,
  Permission,
  PullRequest,
  PullRequestRef,
  Scm,
  WorkflowRun,
} from "./scm.js";
import { toGitHubError } from "./to-github-error.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from "./with-retry.js";
import { workflowRunFrom } from "./workflow-run-from.js";

/**
 * What `OctokitScm` needs of a client: `request`. Probot's `context.octokit` and an
 * `@octokit/rest` instance both fit, with or without the retry and throttling plugins.
 */
export type OctokitClient = Pick<Octokit, "request">;

/** An artifact as the listing shows it. */
export interface ArtifactInfo {
  readonly id: number;
  readonly name: string;
  readonly runId: number;
  readonly expired: boolean;
  readonly sizeInBytes: number;
}

/** A resolved baseline and its artifact, cached by merge base. */
export interface CachedBaseline {
  readonly baseline: Baseline;
  readonly artifact: ArtifactInfo;
}

/** Resolved baselines by repository, base branch, workflow, artifact and merge base. */
export type BaselineCache = Lru<string, CachedBaseline>;

export interface OctokitScmOptions {
  readonly owner: string;
  readonly repo: string;
  /** Login whose comments are mlgate's: `<app-slug>[bot]`, or `github-actions[bot]` in the Action. */
  readonly botLogin: string;
  /** Only check runs of this app count as mlgate's (another app may use the name). */
  readonly appSlug?: string | undefined;
  readonly checkName?: string | undefined;
  readonly configPath?: string | undefined;
  readonly retry?: Partial<RetryPolicy> | undefined;
  /** Per GitHub API request. */
  readonly timeoutMs?: number | undefined;
  /** Per artifact transfer from the signed URL. */
  readonly downloadTimeoutMs?: number | undefined;
  readonly zipLimits?: Partial<ZipLimits> | undefined;
  readonly artifactCache?: ArtifactCache | undefined;
  readonly baselineCache?: BaselineCache | undefined;
  /** First-parent ancestors of the merge base searched for a baseline run. */
  readonly ancestorDepth?: number | undefined;
  /** Baseline runs whose artifact is tried before giving up. */
  readonly maxBaselineTries?: number | undefined;
  /** Used for the signed artifact URL only (tests, proxies). */
  readonly fetch?: typeof fetch | undefined;
}

type RequestOptions = { retries: number; signal: AbortSignal };

const PER_PAGE = 100;
/** GitHub lists at most 3,000 files of a pull request. */
const MAX_FILE_PAGES = 30;
const MAX_EVENT_PAGES = 10;
const MAX_COMMENT_PAGES = 30;
/** GitHub refuses longer comment bodies and check-run texts. */
const MAX_COMMENT = 65_536;
const MAX_CHECK_TEXT = 65_535;
const MAX_ANNOTATIONS_PER_REQUEST = 50;
/** A baseline at the merge base stays right; a nearer run may appear for one further back. */
const EXACT_BASELINE_TTL_MS = 24 * 60 * 60 * 1000;
const NEAR_BASELINE_TTL_MS = 10 * 60 * 1000;
const GLOB_CHARS = /[*?[\]{}!]/;

/**
 * The one implementation of `Scm` over GitHub's REST API. Every Octokit error becomes a
 * `GitHubError` here, with the endpoint and status and nothing of the request; rate limits are
 * waited out (up to a limit), server errors and timeouts retried where repeating is safe.
 */
export class OctokitScm implements Scm {
  readonly repository: string;
  readonly #client: OctokitClient;
  readonly #o: { owner: string; repo: string };
  readonly #options: OctokitScmOptions;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #checkName: string;
  /** Artifacts seen in listings during this instance's life (one webhook delivery). */
  readonly #artifacts = new Map<number, ArtifactInfo | null>();
  readonly #repoArtifactsListed = new Set<string>();
  /** Baseline cache keys by artifact id, to forget a cached baseline whose artifact expired. */
  readonly #baselineKeys = new Map<number, string>();

  constructor(client: OctokitClient, options: OctokitScmOptions) {
    this.#client = client;
    this.#options = options;
    this.#o = { owner: options.owner, repo: options.repo };
    this.repository = `${options.owner}/${options.repo}`;
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#checkName = options.checkName ?? "mlgate";
  }

  async readConfig(): Promise<string | undefined> {
    const path = this.#options.configPath ?? ".github/mlgate.yml";
    let data: unknown;
    try {
      // No ref: the default branch. A pull request must not be able to loosen its own gates.
      ({ data } = await this.#send(
        `GET /repos/${this.repository}/contents/${path}`,
        true,
        (request) =>
          this.#client.request("GET /repos/{owner}/{repo}/contents/{path}", {
            ...this.#o,
            path,
            request,
          }),
      ));
    } catch (error) {
      if (error instanceof GitHubError && error.status === 404) return undefined;
      throw error;
    }
    if (Array.isArray(data) || typeof data !== "object" || data === null || !("content" in data)) {
      throw new ConfigError([`${path}: is not a file on the default branch`]);
    }
    const file = data as { content?: unknown; encoding?: unknown };
    if (file.encoding !== "base64" || typeof file.content !== "string") {
      throw new ConfigError([`${path}: the file is too large to be a configuration`]);
    }
    return Buffer.from(file.content, "base64").toString("utf8");
  }

  async getPullRequest(number: number): Promise<PullRequest> {
    const { data } = await this.#send(
      `GET /repos/${this.repository}/pulls/${number}`,
      true,
      (request) =>
        this.#client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
          ...this.#o,
          pull_number: number,
          request,
        }),
    );
    return pullRequestFrom(data);
  }

  async findPullRequestsForRun(run: WorkflowRun): Promise<readonly PullRequestRef[]> {
    if (run.pullRequests.length > 0) return run.pullRequests;
    // GitHub fills `pull_requests` for runs of this repository's branches; an empty list from one
    // of them means there is no open pull request, and asking again would cost a request per push.
    if (run.headRepo.toLowerCase() === this.repository.toLowerCase() || !run.headBranch) return [];
    const headOwner = run.headRepo.split("/")[0] ?? "";
    const head = `${headOwner}:${run.headBranch}`;
    const { data } = await this.#send(
      `GET /repos/${this.repository}/pulls?head=${head}`,
      true,
      (request) =>
        this.#client.request("GET /repos/{owner}/{repo}/pulls", {
          ...this.#o,
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

  async getRun(ref: { id: number; attempt: number }): Promise<WorkflowRun | undefined> {
    try {
      const { data } = await this.#send(
        `GET /repos/${this.repository}/actions/runs/${ref.id}/attempts/${ref.attempt}`,
        true,
        (request) =>
          this.#client.request(
            "GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}",
            { ...this.#o, run_id: ref.id, attempt_number: ref.attempt, request },
          ),
      );
      return workflowRunFrom(data, this.repository);
    } catch (error) {
      if (error instanceof GitHubError && (error.status === 404 || error.status === 410)) {
        return undefined;
      }
      throw error;
    }
  }

  async findRunForCommit(workflow: string, sha: string): Promise<WorkflowRun | undefined> {
    const { data } = await this.#send(
      `GET /repos/${this.repository}/actions/workflows/${workflow}/runs?head_sha=${sha}`,
      true,
      (request) =>
        this.#client.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
          ...this.#o,
          workflow_id: workflow,
          head_sha: sha,
          per_page: 1,
          request,
        }),
    ).catch(this.#workflowMissing(workflow));
    const run = data.workflow_runs[0];
    return run ? workflowRunFrom(run, this.repository) : undefined;
  }

  async changedFiles(pullNumber: number): Promise<readonly string[]> {
    const files: string[] = [];
    for (let page = 1; page <= MAX_FILE_PAGES; page++) {
      const { data } = await this.#send(
        `GET /repos/${this.repository}/pulls/${pullNumber}/files?page=${page}`,
        true,
        (request) =>
          this.#client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
            ...this.#o,
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

  async findBaseline(
    pr: PullRequestRef,
    workflow: string,
    artifactName: string,
  ): Promise<BaselineLookup> {
    const mergeBase = await this.#mergeBase(pr);
    const cacheKey = [this.repository, pr.baseRef, workflow, artifactName, mergeBase].join(
      "\u0000",
    );
    const cached = this.#options.baselineCache?.get(cacheKey);
    if (cached) {
      this.#artifacts.set(cached.artifact.runId, cached.artifact);
      this.#baselineKeys.set(cached.artifact.id, cacheKey);
      return cached.baseline;
    }

    const runs = await this.#baseRuns(workflow, pr.baseRef);
    const short = mergeBase.slice(0, 7);
    if (runs.length === 0) {
      return {
        missing: `no successful push run of ${workflow} on ${pr.baseRef} yet`,
        mergeBase,
      };
    }
    const runsBySha = new Map<string, BaseRun[]>();
    for (const run of runs) {
      const list = runsBySha.get(run.headSha) ?? [];
      list.push(run);
      runsBySha.set(run.headSha, list);
    }
    // The commits list is only needed when the merge base itself has no usable run.
    let chain = [mergeBase];
    let chainComplete = false;
    const problems: string[] = [];
    let tries = 0;
    const maxTries = this.#options.maxBaselineTries ?? 3;
    for (let distance = 0; tries < maxTries; distance++) {
      if (distance >= chain.length) {
        if (chainComplete) break;
        chain = firstParentChain(mergeBase, await this.#ancestors(mergeBase));
        chainComplete = true;
        if (distance >= chain.length) break;
      }
      const sha = chain[distance];
      if (sha === undefined) break;
      for (const run of runsBySha.get(sha) ?? []) {
        if (tries >= maxTries) break;
        tries++;
        const artifact = await this.#artifactOf(run.id, artifactName);
        if (!artifact) {
          problems.push(`run #${run.runNumber} has no artifact "${artifactName}"`);
          continue;
        }
        if (artifact.expired) {
          problems.push(`the artifact of run #${run.runNumber} has expired`);
          continue;
        }
        const baseline: Baseline = {
          sha,
          runId: run.id,
          runNumber: run.runNumber,
          runUrl: run.url,
          distance,
          mergeBase,
        };
        this.#baselineKeys.set(artifact.id, cacheKey);
        this.#options.baselineCache?.set(
          cacheKey,
          { baseline, artifact },
          distance === 0 ? EXACT_BASELINE_TTL_MS : NEAR_BASELINE_TTL_MS,
        );
        return baseline;
      }
    }
    const depth = chain.length;
    const where = `the merge base ${short}${depth > 1 ? ` or its ${depth - 1} first-parent ancestors` : ""}`;
    return {
      missing:
        problems.length > 0
          ? `no usable baseline near ${where}: ${problems.join("; ")}`
          : `no successful push run of ${workflow} on ${pr.baseRef} at ${where}`,
      mergeBase,
    };
  }

  async openArtifact(runId: number, artifactName: string): Promise<FileSource> {
    const label = `artifact "${artifactName}" of run ${runId}`;
    const artifact = await this.#artifactOf(runId, artifactName);
    if (!artifact)
      throw new ArtifactError(`run ${runId} uploaded no artifact named "${artifactName}"`);
    if (artifact.expired) throw expired(label);
    const limits = this.#options.zipLimits ?? {};
    if (limits.maxArchiveBytes !== undefined && artifact.sizeInBytes > limits.maxArchiveBytes) {
      throw new ArtifactError(
        `${label} is ${artifact.sizeInBytes} bytes, more than the ${limits.maxArchiveBytes} allowed`,
      );
    }
    const cache = this.#options.artifactCache;
    const key = `${this.repository}#${artifact.id}`;
    const leased = cache?.lease(key);
    if (leased) return leased;

    for (let attempt = 0; ; attempt++) {
      const url = await this.#artifactUrl(artifact, label);
      try {
        const source = await fetchArtifactZip(url, {
          timeoutMs: this.#options.downloadTimeoutMs ?? 10 * 60_000,
          zip: { ...limits, label },
          fetch: this.#options.fetch,
        });
        return cache ? cache.add(key, source, () => source.close()) : source;
      } catch (error) {
        // The signed URL lives about a minute; one fresh URL is worth asking for.
        if (error instanceof DownloadError && error.retryable && attempt === 0) continue;
        throw error;
      }
    }
  }

  async permissionOf(user: string): Promise<Permission> {
    try {
      const { data } = await this.#send(
        `GET /repos/${this.repository}/collaborators/${user}/permission`,
        true,
        (request) =>
          this.#client.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
            ...this.#o,
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

  async findLabelEvent(pullNumber: number, label: string): Promise<LabelEvent | undefined> {
    let found: LabelEvent | undefined;
    for (let page = 1; page <= MAX_EVENT_PAGES; page++) {
      const { data } = await this.#send(
        `GET /repos/${this.repository}/issues/${pullNumber}/events?page=${page}`,
        true,
        (request) =>
          this.#client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/events", {
            ...this.#o,
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

  async upsertReviewComment(
    pullNumber: number,
    body: string,
    headSha: string,
  ): Promise<CommentResult> {
    let full = withReviewMarkers(body, headSha);
    if (full.length > MAX_COMMENT) full = withReviewMarkers(tooLongBody(), headSha);
    // A create that failed with a 5xx may have happened: the retry looks for the comment again
    // before creating, which makes the whole operation safe to repeat.
    return withRetry(
      async () => {
        try {
          return await this.#upsertOnce(pullNumber, full, headSha);
        } catch (error) {
          if (!(error instanceof GitHubError) || error.status !== 422) throw error;
          // GitHub measures length its own way; a refused body gives way to a pointer.
          return await this.#upsertOnce(
            pullNumber,
            withReviewMarkers(tooLongBody(), headSha),
            headSha,
          );
        }
      },
      // Each request already retried its own failures; the whole operation is repeated once.
      {
        ...this.#retry,
        rateLimitRetries: 0,
        serverErrorRetries: Math.min(1, this.#retry.serverErrorRetries),
      },
      true,
    );
  }

  async findCheck(headSha: string): Promise<CheckRun | undefined> {
    const { data } = await this.#send(
      `GET /repos/${this.repository}/commits/${headSha}/check-runs`,
      true,
      (request) =>
        this.#client.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
          ...this.#o,
          ref: headSha,
          check_name: this.#checkName,
          filter: "all",
          per_page: PER_PAGE,
          request,
        }),
    );
    const slug = this.#options.appSlug;
    const ours = data.check_runs
      .filter((c) => c.name === this.#checkName && (slug === undefined || c.app?.slug === slug))
      .sort((a, b) => Number(b.id) - Number(a.id))[0];
    return ours ? checkRunFrom(ours) : undefined;
  }

  async createCheck(check: CheckInput): Promise<CheckRun> {
    const annotations = check.annotations ?? [];
    // A duplicate check run is harmless (the newest of a name counts), so a create may be retried.
    const { data } = await this.#send(
      `POST /repos/${this.repository}/check-runs`,
      true,
      (request) =>
        this.#client.request("POST /repos/{owner}/{repo}/check-runs", {
          ...this.#o,
          name: this.#checkName,
          head_sha: check.headSha,
          ...checkFields(check, annotations.slice(0, MAX_ANNOTATIONS_PER_REQUEST)),
          request,
        }),
    );
    await this.#moreAnnotations(Number(data.id), check, annotations);
    return checkRunFrom(data);
  }

  async updateCheck(id: number, check: Omit<CheckInput, "headSha">): Promise<CheckRun> {
    const annotations = check.annotations ?? [];
    const { data } = await this.#send(
      `PATCH /repos/${this.repository}/check-runs/${id}`,
      true,
      (request) =>
        this.#client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
          ...this.#o,
          check_run_id: id,
          ...checkFields(check, annotations.slice(0, MAX_ANNOTATIONS_PER_REQUEST)),
          request,
        }),
    );
    await this.#moreAnnotations(id, check, annotations);
    return checkRunFrom(data);
  }

  /** GitHub takes 50 annotations per request; the rest follow in updates that append them. */
  async #moreAnnotations(
    id: number,
    check: Omit<CheckInput, "headSha">,
    annotations: readonly CheckAnnotation[],
  ): Promise<void> {
    for (
      let i = MAX_ANNOTATIONS_PER_REQUEST;
      i < annotations.length;
      i += MAX_ANNOTATIONS_PER_REQUEST
    ) {
      const batch = annotations.slice(i, i + MAX_ANNOTATIONS_PER_REQUEST);
      await this.#send(`PATCH /repos/${this.repository}/check-runs/${id}`, true, (request) =>
        this.#client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
          ...this.#o,
          check_run_id: id,
          output: {
            title: clip(check.title, 255),
            summary: clip(check.summary, MAX_CHECK_TEXT),
            annotations: batch.map(annotationFrom),
          },
          request,
        }),
      );
    }
  }

  async #upsertOnce(pullNumber: number, body: string, headSha: string): Promise<CommentResult> {
    const existing = await this.#findReviewComment(pullNumber);
    if (!existing) {
      const { data } = await this.#send(
        `POST /repos/${this.repository}/issues/${pullNumber}/comments`,
        false,
        (request) =>
          this.#client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
            ...this.#o,
            issue_number: pullNumber,
            body,
            request,
          }),
      );
      return { outcome: "created", url: data.html_url };
    }
    if (existing.body === body) return { outcome: "unchanged", url: existing.url };
    const published = reviewedShaOf(existing.body);
    if (published !== undefined && published !== headSha) {
      // Runs finish out of order: only a review of the pull request's current head may replace
      // the review of another commit.
      const pr = await this.getPullRequest(pullNumber);
      if (pr.headSha !== headSha) return { outcome: "kept-newer", url: existing.url };
    }
    const { data } = await this.#send(
      `PATCH /repos/${this.repository}/issues/comments/${existing.id}`,
      true,
      (request) =>
        this.#client.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
          ...this.#o,
          comment_id: existing.id,
          body,
          request,
        }),
    );
    return { outcome: "updated", url: data.html_url };
  }

  async #findReviewComment(
    pullNumber: number,
  ): Promise<{ id: number; body: string; url: string } | undefined> {
    for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
      const { data } = await this.#send(
        `GET /repos/${this.repository}/issues/${pullNumber}/comments?page=${page}`,
        true,
        (request) =>
          this.#client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
            ...this.#o,
            issue_number: pullNumber,
            per_page: PER_PAGE,
            page,
            request,
          }),
      );
      // The marker alone proves nothing (anyone can paste it): the author must be this app.
      const ours = data.find(
        (c) =>
          c.body?.includes(REVIEW_MARKER) &&
          c.user?.type === "Bot" &&
          c.user.login.toLowerCase() === this.#options.botLogin.toLowerCase(),
      );
      if (ours) return { id: Number(ours.id), body: ours.body ?? "", url: ours.html_url };
      if (data.length < PER_PAGE) break;
    }
    return undefined;
  }

  async #mergeBase(pr: PullRequestRef): Promise<string> {
    const basehead = `${pr.baseRef}...${pr.headSha}`;
    const { data } = await this.#send(
      `GET /repos/${this.repository}/compare/${basehead}`,
      true,
      (request) =>
        this.#client.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
          ...this.#o,
          basehead,
          per_page: 1,
          request,
        }),
    );
    return data.merge_base_commit.sha;
  }

  async #baseRuns(workflow: string, branch: string): Promise<BaseRun[]> {
    const { data } = await this.#send(
      `GET /repos/${this.repository}/actions/workflows/${workflow}/runs?branch=${branch}&event=push&status=success`,
      true,
      (request) =>
        this.#client.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
          ...this.#o,
          workflow_id: workflow,
          branch,
          event: "push",
          status: "success",
          per_page: PER_PAGE,
          request,
        }),
    ).catch(this.#workflowMissing(workflow));
    const repository = this.repository.toLowerCase();
    // Only this repository's own pushes: never a pull request run, never a fork's.
    return data.workflow_runs
      .filter(
        (run) =>
          run.event === "push" &&
          run.conclusion === "success" &&
          (run.head_repository?.full_name ?? this.repository).toLowerCase() === repository,
      )
      .map((run) => ({
        id: Number(run.id),
        runNumber: run.run_number,
        url: run.html_url,
        headSha: run.head_sha,
      }));
  }

  /** A 404 on a workflow's runs means the config names a workflow file that does not exist. */
  #workflowMissing(workflow: string): (error: unknown) => never {
    return (error) => {
      if (error instanceof GitHubError && error.status === 404) {
        throw new ConfigError([
          `workflow: there is no workflow "${workflow}" in ${this.repository} (name the file in .github/workflows, e.g. train.yml)`,
        ]);
      }
      throw error;
    };
  }

  async #ancestors(sha: string): Promise<{ sha: string; parents: string[] }[]> {
    const { data } = await this.#send(
      `GET /repos/${this.repository}/commits?sha=${sha}`,
      true,
      (request) =>
        this.#client.request("GET /repos/{owner}/{repo}/commits", {
          ...this.#o,
          sha,
          per_page: Math.min(PER_PAGE, this.#options.ancestorDepth ?? PER_PAGE),
          request,
        }),
    );
    return data.map((c) => ({ sha: c.sha, parents: c.parents.map((p) => p.sha) }));
  }

  /**
   * A run's artifact. An exact name is first looked up in the repository's newest artifacts of
   * that name (one call covers the head run and the baseline candidates); a glob, or a run older
   * than that page, is looked up in the run's own list.
   */
  async #artifactOf(runId: number, name: string): Promise<ArtifactInfo | undefined> {
    if (this.#artifacts.has(runId)) return this.#artifacts.get(runId) ?? undefined;
    const glob = GLOB_CHARS.test(name);
    if (!glob && !this.#repoArtifactsListed.has(name)) {
      this.#repoArtifactsListed.add(name);
      const { data } = await this.#send(
        `GET /repos/${this.repository}/actions/artifacts?name=${name}`,
        true,
        (request) =>
          this.#client.request("GET /repos/{owner}/{repo}/actions/artifacts", {
            ...this.#o,
            name,
            per_page: PER_PAGE,
            request,
          }),
      );
      const complete = data.artifacts.length < PER_PAGE;
      for (const a of data.artifacts) {
        const runOf = a.workflow_run?.id;
        const id = runOf === undefined || runOf === null ? undefined : Number(runOf);
        if (id === undefined || a.name !== name || this.#artifacts.get(id)) continue;
        this.#artifacts.set(id, artifactFrom(a, id));
      }
      if (this.#artifacts.has(runId)) return this.#artifacts.get(runId) ?? undefined;
      if (complete) return undefined;
    }
    let listed: readonly ListedArtifact[];
    try {
      const { data } = await this.#send(
        `GET /repos/${this.repository}/actions/runs/${runId}/artifacts`,
        true,
        (request) =>
          this.#client.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts", {
            ...this.#o,
            run_id: runId,
            ...(glob ? {} : { name }),
            per_page: PER_PAGE,
            request,
          }),
      );
      listed = data.artifacts;
    } catch (error) {
      // The run, or its logs and artifacts, were deleted: it has no artifact to give.
      if (!(error instanceof GitHubError) || (error.status !== 404 && error.status !== 410)) {
        throw error;
      }
      listed = [];
    }
    const matches = glob ? picomatch(name) : (n: string) => n === name;
    const candidates = listed.filter((a) => matches(a.name));
    const found = candidates.find((a) => !a.expired) ?? candidates[0];
    const info = found ? artifactFrom(found, runId) : null;
    this.#artifacts.set(runId, info);
    return info ?? undefined;
  }

  async #artifactUrl(artifact: ArtifactInfo, label: string): Promise<string> {
    let response: { status: number; headers: { location?: string | undefined } };
    try {
      response = await this.#send(
        `GET /repos/${this.repository}/actions/artifacts/${artifact.id}/zip`,
        true,
        (request) =>
          this.#client.request(
            "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
            {
              ...this.#o,
              artifact_id: artifact.id,
              archive_format: "zip",
              // The answer is a redirect to a signed storage URL: take the URL, not the bytes, so
              // the download streams to disk and the token is not sent to the storage host.
              request: { ...request, redirect: "manual" },
            },
          ),
      );
    } catch (error) {
      if (error instanceof GitHubError && error.status === 410) {
        const key = this.#baselineKeys.get(artifact.id);
        if (key !== undefined) this.#options.baselineCache?.delete(key);
        throw expired(label);
      }
      if (error instanceof GitHubError && error.status === 404) {
        throw new ArtifactError(
          `${label} is gone (deleted, or the run's logs and artifacts were removed)`,
        );
      }
      throw error;
    }
    const location = response.headers.location;
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new ArtifactError(
        `GitHub did not redirect to the download of ${label} (HTTP ${response.status})`,
      );
    }
    return location;
  }

  async #send<T>(
    endpoint: string,
    idempotent: boolean,
    call: (request: RequestOptions) => Promise<T>,
  ): Promise<T> {
    return withRetry(
      async () => {
        try {
          // Retries are done here, the same way for the app and the Action: a client's own retry
          // plugin would repeat POSTs that may already have happened.
          return await call({ retries: 0, signal: AbortSignal.timeout(this.#timeoutMs) });
        } catch (error) {
          throw toGitHubError(error, endpoint);
        }
      },
      this.#retry,
      idempotent,
    );
  }
}

interface BaseRun {
  readonly id: number;
  readonly runNumber: number;
  readonly url: string;
  readonly headSha: string;
}

function expired(label: string): ArtifactError {
  return new ArtifactError(
    `${label} has expired (GitHub deletes artifacts after the repository's retention period)`,
  );
}

function tooLongBody(): string {
  return `${REVIEW_MARKER}\n### mlgate\n\nThe review is too long for a comment; it is in full in the **mlgate** check run.`;
}

function isPermission(value: string): value is Permission {
  return ["none", "read", "triage", "write", "maintain", "admin"].includes(value);
}

function clip(text: string, max: number): string {
  return clipText(text, max, "\n\n…cut to fit GitHub's limit.");
}

function annotationFrom(a: CheckAnnotation) {
  return {
    // The file is inside an artifact, not in the repository: line 1 is as close as it gets.
    path: a.path,
    start_line: 1,
    end_line: 1,
    annotation_level: a.level,
    title: clip(a.title, 255),
    message: clipUtf8(a.message, GITHUB_LIMITS.annotationMessageBytes, "…"),
  };
}

function checkFields(check: Omit<CheckInput, "headSha">, annotations: readonly CheckAnnotation[]) {
  const completed = check.status === "completed";
  return {
    status: check.status,
    ...(completed
      ? { conclusion: check.conclusion ?? "neutral", completed_at: new Date().toISOString() }
      : {}),
    ...(check.detailsUrl ? { details_url: check.detailsUrl } : {}),
    ...(check.externalId ? { external_id: check.externalId } : {}),
    output: {
      title: clip(check.title, 255),
      summary: clip(check.summary, MAX_CHECK_TEXT),
      ...(check.text ? { text: clip(check.text, MAX_CHECK_TEXT) } : {}),
      ...(annotations.length > 0 ? { annotations: annotations.map(annotationFrom) } : {}),
    },
  };
}

function checkRunFrom(data: {
  id: number | bigint;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  html_url: string | null;
  output?: { annotations_count?: number | null } | null;
}): CheckRun {
  return {
    id: Number(data.id),
    headSha: data.head_sha,
    status: data.status === "completed" || data.status === "in_progress" ? data.status : "queued",
    conclusion: data.conclusion ?? undefined,
    externalId: data.external_id ?? undefined,
    url: data.html_url ?? undefined,
    annotationsCount: data.output?.annotations_count ?? 0,
  };
}

/** An artifact as GitHub lists it. */
interface ListedArtifact {
  readonly id: number | bigint;
  readonly name: string;
  readonly expired: boolean;
  readonly size_in_bytes: number;
}

function artifactFrom(a: ListedArtifact, runId: number): ArtifactInfo {
  return {
    id: Number(a.id),
    name: a.name,
    runId,
    expired: a.expired,
    sizeInBytes: a.size_in_bytes,
  };
}
