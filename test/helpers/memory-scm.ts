import { ArtifactError, GitHubError } from "../../src/core/errors.js";
import type { FileSource } from "../../src/evidence/file-source.js";
import { openZipSource } from "../../src/evidence/zip-source.js";
import { reviewedShaOf, withReviewMarkers } from "../../src/scm/review-comment-markers.js";
import type {
  BaselineLookup,
  BaselineSubject,
  CheckAnnotation,
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
} from "../../src/scm/scm.js";
import { makeZip } from "./make-zip.js";

/** A check run as GitHub keeps it: annotations are appended by every create and update. */
export interface MemoryCheck {
  readonly id: number;
  readonly headSha: string;
  status: CheckInput["status"];
  conclusion: CheckInput["conclusion"];
  title: string;
  summary: string;
  text: string | undefined;
  externalId: string | undefined;
  detailsUrl: string | undefined;
  readonly annotations: CheckAnnotation[];
}

/**
 * `Scm` in memory, for flow tests of `planReview` and `publishReview`: pull requests, runs,
 * artifacts and baselines are plain fields a test sets; check runs and comments behave as
 * GitHub's do (annotations accumulate, the newest check run of a commit is the one shown, a
 * comment reviewing the current head is not replaced by a review of another commit). Every call
 * is recorded by name. `fail` makes a named call throw a GitHub error.
 */
export class MemoryScm implements Scm {
  readonly repository: string;
  config: string | undefined;
  readonly pulls = new Map<number, PullRequest>();
  readonly runs: WorkflowRun[] = [];
  /** Artifact zips by run id. */
  readonly artifacts = new Map<number, Buffer>();
  /** Baselines by pull request number, or by head commit for a merge group. */
  readonly baselines = new Map<number | string, BaselineLookup>();
  readonly files = new Map<number, readonly string[]>();
  readonly permissions = new Map<string, Permission>();
  readonly labelEvents = new Map<string, LabelEvent>();
  readonly checks: MemoryCheck[] = [];
  readonly comments: { id: number; pullNumber: number; body: string }[] = [];
  readonly calls: string[] = [];
  readonly #failures = new Map<string, GitHubError>();

  constructor(repository = "octo/models") {
    this.repository = repository;
  }

  /** An artifact zip holding one `metrics.json`. */
  static metricsZip(metrics: Record<string, number>): Buffer {
    return makeZip([{ name: "metrics.json", data: JSON.stringify(metrics) }]);
  }

  /** Makes every later call named `name` (e.g. `upsertReviewComment`) fail with `status`. */
  fail(name: string, status: number, message = `GitHub failed (HTTP ${status})`): this {
    this.#failures.set(name, new GitHubError(message, { endpoint: name, status }));
    return this;
  }

  /** The check run GitHub shows for a commit: the newest one. */
  shownCheck(headSha: string): MemoryCheck | undefined {
    return this.checks.filter((c) => c.headSha === headSha).at(-1);
  }

  #call(name: string): void {
    this.calls.push(name);
    const failure = this.#failures.get(name);
    if (failure) throw failure;
  }

  async readConfig(): Promise<string | undefined> {
    this.#call("readConfig");
    return this.config;
  }

  async getPullRequest(number: number): Promise<PullRequest> {
    this.#call("getPullRequest");
    const pr = this.pulls.get(number);
    if (!pr) throw new GitHubError(`no pull request ${number}`, { endpoint: "pulls", status: 404 });
    return pr;
  }

  async findPullRequestsForRun(run: WorkflowRun): Promise<readonly PullRequestRef[]> {
    this.#call("findPullRequestsForRun");
    return run.pullRequests;
  }

  async getRun(ref: { id: number; attempt: number }): Promise<WorkflowRun | undefined> {
    this.#call("getRun");
    return this.runs.find((r) => r.id === ref.id && r.attempt === ref.attempt);
  }

  async findRunForCommit(workflow: string, sha: string): Promise<WorkflowRun | undefined> {
    this.#call("findRunForCommit");
    return this.runs
      .filter((r) => r.headSha === sha && r.workflowPath.endsWith(`/${workflow}`))
      .sort((a, b) => b.id - a.id || b.attempt - a.attempt)[0];
  }

  async changedFiles(pullNumber: number): Promise<readonly string[]> {
    this.#call("changedFiles");
    return this.files.get(pullNumber) ?? [];
  }

  async findBaseline(subject: BaselineSubject): Promise<BaselineLookup> {
    this.#call("findBaseline");
    const key =
      "number" in subject && typeof subject.number === "number" ? subject.number : subject.headSha;
    return this.baselines.get(key) ?? { missing: "no baseline in this test" };
  }

  async openArtifact(runId: number, artifactName: string): Promise<FileSource> {
    this.#call("openArtifact");
    const zip = this.artifacts.get(runId);
    if (!zip) throw new ArtifactError(`run ${runId} uploaded no artifact named "${artifactName}"`);
    return openZipSource(zip, { label: `artifact "${artifactName}" of run ${runId}` });
  }

  async listPushRuns(): Promise<readonly PushRun[]> {
    // The pipeline tests need no history of the base branch.
    return [];
  }

  async permissionOf(user: string): Promise<Permission> {
    this.#call("permissionOf");
    return this.permissions.get(user) ?? "none";
  }

  async findLabelEvent(pullNumber: number, label: string): Promise<LabelEvent | undefined> {
    this.#call("findLabelEvent");
    return this.labelEvents.get(`${pullNumber}:${label}`);
  }

  async upsertReviewComment(
    pullNumber: number,
    body: string,
    headSha: string,
  ): Promise<CommentResult> {
    this.#call("upsertReviewComment");
    const full = withReviewMarkers(body, headSha);
    const existing = this.comments.find((c) => c.pullNumber === pullNumber);
    const url = (id: number) => `https://github.com/${this.repository}/pull/${pullNumber}#c${id}`;
    if (!existing) {
      const id = this.comments.length + 1;
      this.comments.push({ id, pullNumber, body: full });
      return { outcome: "created", url: url(id) };
    }
    if (existing.body === full) return { outcome: "unchanged", url: url(existing.id) };
    const published = reviewedShaOf(existing.body);
    if (published !== undefined && published !== headSha) {
      if (this.pulls.get(pullNumber)?.headSha !== headSha) {
        return { outcome: "kept-newer", url: url(existing.id) };
      }
    }
    existing.body = full;
    return { outcome: "updated", url: url(existing.id) };
  }

  async findCheck(headSha: string): Promise<CheckRun | undefined> {
    this.#call("findCheck");
    const check = this.shownCheck(headSha);
    return check ? checkRunOf(check) : undefined;
  }

  async createCheck(input: CheckInput): Promise<CheckRun> {
    this.#call("createCheck");
    const check: MemoryCheck = {
      id: 1000 + this.checks.length,
      headSha: input.headSha,
      status: input.status,
      conclusion: input.conclusion,
      title: input.title,
      summary: input.summary,
      text: input.text,
      externalId: input.externalId,
      detailsUrl: input.detailsUrl,
      annotations: [...(input.annotations ?? [])],
    };
    this.checks.push(check);
    return checkRunOf(check);
  }

  async updateCheck(id: number, input: Omit<CheckInput, "headSha">): Promise<CheckRun> {
    this.#call("updateCheck");
    const check = this.checks.find((c) => c.id === id);
    if (!check)
      throw new GitHubError(`no check run ${id}`, { endpoint: "check-runs", status: 404 });
    Object.assign(check, {
      status: input.status,
      conclusion: input.conclusion,
      title: input.title,
      summary: input.summary,
      text: input.text,
      externalId: input.externalId ?? check.externalId,
      detailsUrl: input.detailsUrl ?? check.detailsUrl,
    });
    // GitHub appends: an update never removes an annotation.
    check.annotations.push(...(input.annotations ?? []));
    return checkRunOf(check);
  }
}

function checkRunOf(check: MemoryCheck): CheckRun {
  return {
    id: check.id,
    headSha: check.headSha,
    status: check.status,
    conclusion: check.conclusion,
    externalId: check.externalId,
    url: `https://github.com/checks/${check.id}`,
    annotationsCount: check.annotations.length,
  };
}
