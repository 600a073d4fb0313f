import { CHECK_NAME } from "../../core/github-facts.js";
import type { FileSource } from "../../evidence/file-source.js";
import type { ZipLimits } from "../../evidence/zip-source.js";
import type { ArtifactCache } from "../artifact-cache.js";
import type {
  BaselineLookup,
  BaselineSubject,
  CheckInput,
  CheckRun,
  CommentResult,
  LabelEvent,
  Permission,
  PullRequest,
  PullRequestRef,
  PushRun,
  Scm,
  WorkflowRun,
} from "../scm.js";
import type { RetryPolicy } from "../with-retry.js";
import { GitHubArtifacts } from "./github-artifacts.js";
import { type BaselineCache, GitHubBaselines } from "./github-baselines.js";
import { GitHubChecks } from "./github-checks.js";
import { GitHubComments } from "./github-comments.js";
import { GitHubPullRequests } from "./github-pull-requests.js";
import { GitHubRuns } from "./github-runs.js";
import { GitHubTransport, type OctokitClient } from "./github-transport.js";
import { readRepoConfigFile } from "./read-repo-config-file.js";

export type { ArtifactInfo } from "./github-artifacts.js";
export type { BaselineCache, CachedBaseline } from "./github-baselines.js";
export type { OctokitClient } from "./github-transport.js";

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

/**
 * `Scm` over GitHub's REST API, one concern per part: the transport (retries, errors), pull
 * requests, runs and the baseline, artifacts, the comment, check runs. Every Octokit error
 * becomes a `GitHubError` with the endpoint and status and nothing of the request.
 */
export class OctokitScm implements Scm {
  readonly repository: string;
  readonly #configPath: string;
  readonly #t: GitHubTransport;
  readonly #pulls: GitHubPullRequests;
  readonly #runs: GitHubRuns;
  readonly #artifacts: GitHubArtifacts;
  readonly #baselines: GitHubBaselines;
  readonly #comments: GitHubComments;
  readonly #checks: GitHubChecks;

  constructor(client: OctokitClient, options: OctokitScmOptions) {
    const t = new GitHubTransport(client, options);
    this.#t = t;
    this.repository = t.repository;
    this.#configPath = options.configPath ?? ".github/mlgate.yml";
    this.#pulls = new GitHubPullRequests(t);
    this.#runs = new GitHubRuns(t);
    this.#artifacts = new GitHubArtifacts(t, {
      zipLimits: options.zipLimits,
      artifactCache: options.artifactCache,
      downloadTimeoutMs: options.downloadTimeoutMs,
      fetch: options.fetch,
      onExpired: (artifact) => this.#baselines.forget(artifact),
    });
    this.#baselines = new GitHubBaselines(t.repository, this.#runs, this.#artifacts, {
      cache: options.baselineCache,
      ancestorDepth: options.ancestorDepth,
      maxTries: options.maxBaselineTries,
    });
    this.#comments = new GitHubComments(
      t,
      options.botLogin,
      async (n) => (await this.#pulls.get(n)).headSha,
    );
    this.#checks = new GitHubChecks(t, options.checkName ?? CHECK_NAME, options.appSlug);
  }

  readConfig(): Promise<string | undefined> {
    return readRepoConfigFile(this.#t, this.#configPath);
  }

  getPullRequest(number: number): Promise<PullRequest> {
    return this.#pulls.get(number);
  }

  findPullRequestsForRun(run: WorkflowRun): Promise<readonly PullRequestRef[]> {
    return this.#pulls.forRun(run);
  }

  getRun(ref: { id: number; attempt: number }): Promise<WorkflowRun | undefined> {
    return this.#runs.get(ref);
  }

  findRunForCommit(workflow: string, sha: string): Promise<WorkflowRun | undefined> {
    return this.#runs.forCommit(workflow, sha);
  }

  changedFiles(pullNumber: number): Promise<readonly string[]> {
    return this.#pulls.changedFiles(pullNumber);
  }

  findBaseline(
    subject: BaselineSubject,
    workflow: string,
    artifact: string,
  ): Promise<BaselineLookup> {
    return this.#baselines.find(subject, workflow, artifact);
  }

  openArtifact(
    runId: number,
    artifactName: string,
    options?: { readonly cache?: boolean },
  ): Promise<FileSource> {
    return this.#artifacts.open(runId, artifactName, options);
  }

  async listPushRuns(workflow: string, branch: string, limit: number): Promise<PushRun[]> {
    const repository = this.repository.toLowerCase();
    // Only this repository's own successful pushes (the listing's filters, checked again),
    // newest first.
    const runs = (await this.#runs.successfulPushes(workflow, branch))
      .filter(
        (r) =>
          r.event === "push" &&
          r.conclusion === "success" &&
          r.headRepo.toLowerCase() === repository,
      )
      .sort((a, b) =>
        (a.createdAt ?? "") < (b.createdAt ?? "")
          ? 1
          : (a.createdAt ?? "") > (b.createdAt ?? "")
            ? -1
            : b.id - a.id,
      );
    return runs.slice(0, limit).map((r) => ({
      id: r.id,
      runNumber: r.runNumber,
      headSha: r.headSha,
      createdAt: r.createdAt ?? "",
      url: r.url,
    }));
  }

  permissionOf(user: string): Promise<Permission> {
    return this.#pulls.permissionOf(user);
  }

  findLabelEvent(pullNumber: number, label: string): Promise<LabelEvent | undefined> {
    return this.#pulls.findLabelEvent(pullNumber, label);
  }

  upsertReviewComment(pullNumber: number, body: string, headSha: string): Promise<CommentResult> {
    return this.#comments.upsert(pullNumber, body, headSha);
  }

  findCheck(headSha: string): Promise<CheckRun | undefined> {
    return this.#checks.find(headSha);
  }

  createCheck(check: CheckInput): Promise<CheckRun> {
    return this.#checks.create(check);
  }

  updateCheck(id: number, check: Omit<CheckInput, "headSha">): Promise<CheckRun> {
    return this.#checks.update(id, check);
  }
}
