import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { UsageError } from "../core/errors.js";
import { mergeGroupFrom } from "../scm/merge-group-from.js";
import { type PullRequestData, pullRequestFrom } from "../scm/pull-request-from.js";
import type { MergeGroup, PullRequest, WorkflowRun } from "../scm/scm.js";
import { type WorkflowRunData, workflowRunFrom } from "../scm/workflow-run-from.js";

/** What triggered the workflow, in the terms the review needs. */
export type ActionEvent =
  | {
      readonly kind: "pull_request";
      readonly pr: PullRequest;
      /** The head is in another repository: the token is read-only. */
      readonly fork: boolean;
    }
  | {
      readonly kind: "push";
      readonly branch: string;
      /** The branch's previous tip; undefined for a new branch. */
      readonly before: string | undefined;
    }
  | { readonly kind: "workflow_run"; readonly run: WorkflowRun }
  /**
   * A merge queue's group (`on: merge_group`, or a push to its `gh-readonly-queue/…` branch):
   * the commit that will land on the base branch, reviewed as a pull request into it would be.
   */
  | { readonly kind: "merge_group"; readonly group: MergeGroup; readonly headSha: string }
  /** `workflow_dispatch`, `schedule`, a tag push…: reviewed like a push, never published. */
  | { readonly kind: "other" };

/** The runner's `GITHUB_*` variables and event payload, read once. */
export interface ActionContext {
  readonly eventName: string;
  readonly event: ActionEvent;
  /** `owner/name` */
  readonly repository: string;
  readonly owner: string;
  readonly repo: string;
  /** `GITHUB_SHA`: the commit the workflow runs on (a merge commit for pull requests). */
  readonly sha: string;
  readonly workspace: string;
  readonly apiUrl: string;
  readonly runUrl: string | undefined;
  readonly runNumber: number | undefined;
  /** The workflow's display name. */
  readonly workflowName: string;
  /** The workflow's file name (`train.yml`), from `GITHUB_WORKFLOW_REF`. */
  readonly workflowFile: string | undefined;
  /** Where the report and dry-run files go. */
  readonly tempDir: string;
  /** How a workflow refers to this Action, for the log's publishing hint. */
  readonly actionRef: string;
}

const ZERO_SHA = /^0+$/;

/**
 * Reads the context a runner gives a step. Outside a runner (no `GITHUB_EVENT_PATH`) the event
 * is `other` and the repository `local/repository`, so a dry run works on a laptop.
 */
export function readActionContext(env: NodeJS.ProcessEnv, cwd: string): ActionContext {
  const repository = env.GITHUB_REPOSITORY || "local/repository";
  const [owner = "", repo = ""] = repository.split("/");
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const serverUrl = env.GITHUB_SERVER_URL || "https://github.com";
  const runId = env.GITHUB_RUN_ID;
  const runNumber = Number(env.GITHUB_RUN_NUMBER);
  const workflowPath = (env.GITHUB_WORKFLOW_REF ?? "").split("@")[0] ?? "";
  const workflowFile = workflowPath.includes("/.github/workflows/")
    ? workflowPath.slice(workflowPath.lastIndexOf("/") + 1)
    : undefined;
  const actionRepo = env.GITHUB_ACTION_REPOSITORY;
  return {
    eventName,
    event: eventFrom(eventName, payload, repository, env.GITHUB_REF ?? "", env.GITHUB_SHA ?? ""),
    repository,
    owner,
    repo,
    sha: env.GITHUB_SHA ?? "",
    workspace: env.GITHUB_WORKSPACE || cwd,
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    runUrl: runId ? `${serverUrl}/${repository}/actions/runs/${runId}` : undefined,
    runNumber: Number.isInteger(runNumber) && runNumber > 0 ? runNumber : undefined,
    workflowName: env.GITHUB_WORKFLOW || workflowFile || "this workflow",
    workflowFile,
    tempDir: env.RUNNER_TEMP || tmpdir(),
    actionRef: actionRepo ? `${actionRepo}@${env.GITHUB_ACTION_REF || "v1"}` : "OWNER/mlgate@v1",
  };
}

type Payload = Record<string, unknown>;

function readPayload(path: string | undefined): Payload {
  if (!path) return {};
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read the event payload: ${(error as Error).message}`, {
      where: path,
    });
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new UsageError("the event payload is not a JSON object", { where: path });
  }
  return data as Payload;
}

/** The fields of a `merge_group` payload mlgate reads. */
interface MergeGroupData {
  readonly head_sha?: string;
  readonly head_ref?: string;
  readonly base_ref?: string;
}

function eventFrom(
  eventName: string,
  payload: Payload,
  repository: string,
  ref: string,
  sha: string,
): ActionEvent {
  switch (eventName) {
    case "pull_request":
    case "pull_request_target": {
      const data = payload.pull_request as PullRequestData | undefined;
      if (!data?.head?.sha || !data.base?.ref) {
        throw new UsageError(`the ${eventName} payload has no pull_request`);
      }
      const pr = pullRequestFrom(data);
      const fork = pr.headRepo.toLowerCase() !== repository.toLowerCase();
      return { kind: "pull_request", pr, fork };
    }
    case "merge_group": {
      const data = payload.merge_group as MergeGroupData | undefined;
      if (!data?.head_sha || !data.head_ref || !data.base_ref) {
        throw new UsageError("the merge_group payload has no merge_group");
      }
      const group = mergeGroupFrom(data.head_ref, data.base_ref) ?? {
        // Not a queue branch GitHub has used so far: the payload still names both ends.
        headRef: data.head_ref.replace(/^refs\/heads\//, ""),
        baseRef: data.base_ref.replace(/^refs\/heads\//, ""),
      };
      return { kind: "merge_group", group, headSha: data.head_sha };
    }
    case "push": {
      if (!ref.startsWith("refs/heads/")) return { kind: "other" };
      // The older way to train merge groups: a push to the queue's branch.
      const group = mergeGroupFrom(ref);
      const after = typeof payload.after === "string" ? payload.after : sha;
      if (group && after) return { kind: "merge_group", group, headSha: after };
      const before = typeof payload.before === "string" ? payload.before : undefined;
      return {
        kind: "push",
        branch: ref.slice("refs/heads/".length),
        before: before && !ZERO_SHA.test(before) ? before : undefined,
      };
    }
    case "workflow_run": {
      const data = payload.workflow_run as WorkflowRunData | undefined;
      if (!data?.head_sha) throw new UsageError("the workflow_run payload has no workflow_run");
      return { kind: "workflow_run", run: workflowRunFrom(data, repository) };
    }
    default:
      return { kind: "other" };
  }
}
