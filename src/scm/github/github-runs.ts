import { ConfigError, GitHubError } from "../../core/errors.js";
import type { CommitNode } from "../first-parent-chain.js";
import type { BaselineSubject, WorkflowRun } from "../scm.js";
import { workflowRunFrom } from "../workflow-run-from.js";
import type { GitHubTransport } from "./github-transport.js";
import type { CandidateRun } from "./select-baseline.js";

const PER_PAGE = 100;

/** Workflow runs, merge bases and first-parent history: the facts a baseline is chosen from. */
export class GitHubRuns {
  readonly #t: GitHubTransport;
  readonly #pushes = new Map<string, Promise<CandidateRun[]>>();

  constructor(transport: GitHubTransport) {
    this.#t = transport;
  }

  /** One attempt of a run; `undefined` when the run is gone. */
  async get(ref: { id: number; attempt: number }): Promise<WorkflowRun | undefined> {
    const t = this.#t;
    try {
      const { data } = await t.send(
        `GET /repos/${t.repository}/actions/runs/${ref.id}/attempts/${ref.attempt}`,
        true,
        (request) =>
          t.client.request(
            "GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}",
            { ...t.repo, run_id: ref.id, attempt_number: ref.attempt, request },
          ),
      );
      return workflowRunFrom(data, t.repository);
    } catch (error) {
      if (error instanceof GitHubError && (error.status === 404 || error.status === 410)) {
        return undefined;
      }
      throw error;
    }
  }

  /** The newest run of `workflow` for a commit. */
  async forCommit(workflow: string, sha: string): Promise<WorkflowRun | undefined> {
    const t = this.#t;
    const { data } = await t
      .send(
        `GET /repos/${t.repository}/actions/workflows/${workflow}/runs?head_sha=${sha}`,
        true,
        (request) =>
          t.client.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
            ...t.repo,
            workflow_id: workflow,
            head_sha: sha,
            per_page: 1,
            request,
          }),
      )
      .catch(this.#workflowMissing(workflow));
    const run = data.workflow_runs[0];
    return run ? workflowRunFrom(run, t.repository) : undefined;
  }

  /**
   * Recent successful `push` runs of `workflow` on `branch`, newest first; listed once per
   * workflow and branch, so the baseline lookup and the history share one request.
   */
  successfulPushes(workflow: string, branch: string): Promise<CandidateRun[]> {
    const key = `${workflow}\u0000${branch}`;
    let listed = this.#pushes.get(key);
    if (!listed) {
      listed = this.#listPushes(workflow, branch);
      // A failed listing is not remembered: the next caller asks again.
      listed.catch(() => this.#pushes.delete(key));
      this.#pushes.set(key, listed);
    }
    return listed;
  }

  async #listPushes(workflow: string, branch: string): Promise<CandidateRun[]> {
    const t = this.#t;
    const { data } = await t
      .send(
        `GET /repos/${t.repository}/actions/workflows/${workflow}/runs?branch=${branch}&event=push&status=success`,
        true,
        (request) =>
          t.client.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
            ...t.repo,
            workflow_id: workflow,
            branch,
            event: "push",
            status: "success",
            per_page: PER_PAGE,
            request,
          }),
      )
      .catch(this.#workflowMissing(workflow));
    return data.workflow_runs.map((run) => ({
      id: Number(run.id),
      runNumber: run.run_number,
      url: run.html_url,
      headSha: run.head_sha,
      event: run.event,
      conclusion: run.conclusion ?? undefined,
      headRepo: run.head_repository?.full_name ?? t.repository,
      createdAt: run.created_at,
    }));
  }

  /** The merge base of a head commit with its base branch (`compare base...head`). */
  async mergeBase(pr: BaselineSubject): Promise<string> {
    return (await this.compare(pr)).mergeBase;
  }

  /** The merge base, and how many commits the base branch has beyond it (`behind_by`). */
  async compare(pr: BaselineSubject): Promise<{ mergeBase: string; behindBy: number | undefined }> {
    const t = this.#t;
    const basehead = `${pr.baseRef}...${pr.headSha}`;
    const { data } = await t.send(
      `GET /repos/${t.repository}/compare/${basehead}`,
      true,
      (request) =>
        t.client.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
          ...t.repo,
          basehead,
          per_page: 1,
          request,
        }),
    );
    const behindBy = typeof data.behind_by === "number" ? data.behind_by : undefined;
    return { mergeBase: data.merge_base_commit.sha, behindBy };
  }

  /** Up to `depth` commits of history from `sha`, with their parents. */
  async ancestors(sha: string, depth: number): Promise<CommitNode[]> {
    const t = this.#t;
    const { data } = await t.send(
      `GET /repos/${t.repository}/commits?sha=${sha}`,
      true,
      (request) =>
        t.client.request("GET /repos/{owner}/{repo}/commits", {
          ...t.repo,
          sha,
          per_page: Math.min(PER_PAGE, depth),
          request,
        }),
    );
    return data.map((c) => ({ sha: c.sha, parents: c.parents.map((p) => p.sha) }));
  }

  /** A 404 on a workflow's runs means the config names a workflow file that does not exist. */
  #workflowMissing(workflow: string): (error: unknown) => never {
    return (error) => {
      if (error instanceof GitHubError && error.status === 404) {
        throw new ConfigError([
          `workflow: there is no workflow "${workflow}" in ${this.#t.repository} (name the file in .github/workflows, e.g. train.yml)`,
        ]);
      }
      throw error;
    };
  }
}
