import { readFileSync } from "node:fs";
import examples from "@octokit/webhooks-examples";

/** The repository, pull request and commits every app test is about. */
export const REPO = "Codertocat/Hello-World";
export const PR_NUMBER = 2;
/** The head of pull request #2 in @octokit/webhooks-examples. */
export const HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const FORK_HEAD_SHA = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0";
export const HEAD_RUN_ID = 30433642;
export const INSTALLATION = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };

type Json = Record<string, unknown>;

function example(name: string, pick: (payload: Json) => boolean): Json {
  const group = (examples as unknown as { name: string; examples: Json[] }[]).find(
    (e) => e.name === name,
  );
  const found = group?.examples.find(pick);
  if (!found) throw new Error(`no ${name} example`);
  return structuredClone(found);
}

/** A real `pull_request` payload (opened, synchronize, reopened, labeled…) for PR #2. */
export function pullRequestPayload(
  action: "opened" | "synchronize" | "reopened" | "labeled" | "unlabeled",
  changes: {
    headSha?: string;
    labels?: string[];
    label?: string;
    sender?: string;
    author?: string;
  } = {},
): Json {
  const payload = example(
    "pull_request",
    (p) =>
      p.action === (action === "unlabeled" ? "unlabeled" : action) && p.installation !== undefined,
  );
  const pr = payload.pull_request as Json & { head: Json; labels: Json[]; user: Json };
  if (changes.headSha) pr.head.sha = changes.headSha;
  if (changes.labels)
    pr.labels = changes.labels.map((name, i) => ({
      id: 900 + i,
      name,
      color: "ededed",
      default: false,
    }));
  if (changes.author) pr.user = { ...pr.user, login: changes.author };
  if (changes.label)
    payload.label = { id: 901, name: changes.label, color: "ededed", default: false };
  if (changes.sender) payload.sender = { ...(payload.sender as Json), login: changes.sender };
  payload.installation = INSTALLATION;
  return payload;
}

/**
 * A real `workflow_run` payload (the example that lists a pull request), moved onto this
 * repository's train.yml and PR #2.
 */
export function workflowRunPayload(
  action: "requested" | "in_progress" | "completed",
  changes: {
    runId?: number;
    runNumber?: number;
    attempt?: number;
    headSha?: string;
    prHeadSha?: string;
    conclusion?: string | null;
    createdAt?: string;
    workflowPath?: string;
    prNumber?: number;
  } = {},
): Json {
  const payload = example(
    "workflow_run",
    (p) =>
      Array.isArray((p.workflow_run as Json).pull_requests) &&
      ((p.workflow_run as Json).pull_requests as Json[]).length === 1,
  );
  const repository = pullRequestPayload("opened").repository;
  const run = payload.workflow_run as Json & { pull_requests: (Json & { head: Json })[] };
  const headSha = changes.headSha ?? HEAD_SHA;
  const runId = changes.runId ?? HEAD_RUN_ID;
  Object.assign(run, {
    id: runId,
    run_number: changes.runNumber ?? 163,
    run_attempt: changes.attempt ?? 1,
    name: "train",
    path: changes.workflowPath ?? ".github/workflows/train.yml",
    event: "pull_request",
    status:
      action === "completed" ? "completed" : action === "requested" ? "queued" : "in_progress",
    conclusion:
      action === "completed"
        ? changes.conclusion === undefined
          ? "success"
          : changes.conclusion
        : null,
    head_sha: headSha,
    head_branch: "changes",
    created_at: changes.createdAt ?? "2024-05-01T10:00:00Z",
    html_url: `https://github.com/${REPO}/actions/runs/${runId}`,
    repository,
    head_repository: repository,
  });
  const pr = run.pull_requests[0];
  if (pr) {
    pr.head.sha = changes.prHeadSha ?? headSha;
    if (changes.prNumber !== undefined) pr.number = changes.prNumber;
  }
  payload.action = action;
  payload.repository = repository;
  payload.installation = INSTALLATION;
  delete payload.organization;
  return payload;
}

/** The hand-made fork run: `pull_requests` is empty, the head repository is forker/Hello-World. */
export function forkWorkflowRunPayload(): Json {
  const url = new URL("../../fixtures/payloads/workflow-run-completed-fork.json", import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as Json;
}

/** A real `check_run.rerequested` payload, made the mlgate check of PR #2's head. */
export function checkRerequestedPayload(externalId = `mlgate:${PR_NUMBER}`): Json {
  const payload = example("check_run", (p) => p.action === "rerequested");
  const repository = pullRequestPayload("opened").repository;
  const check = payload.check_run as Json & { app: Json };
  Object.assign(check, {
    name: "mlgate",
    head_sha: HEAD_SHA,
    external_id: externalId,
    pull_requests: [],
    app: { ...check.app, slug: "mlgate" },
  });
  payload.repository = repository;
  payload.installation = INSTALLATION;
  delete payload.organization;
  return payload;
}

/** The head commit of the merge group a merge queue made for PR #2 on master. */
export const GROUP_HEAD = "2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d";
/** The training run of that merge group. */
export const GROUP_RUN_ID = 30433700;
/** The merge queue's branch for PR #2: `gh-readonly-queue/<base>/pr-<number>-<sha>`. */
export const GROUP_BRANCH = `gh-readonly-queue/master/pr-${PR_NUMBER}-929f8209d40f77f4abc622a499c93a83babdbe64`;

/**
 * A real `merge_group` payload (checks_requested; `destroyed` with its `reason`), moved onto
 * this repository: PR #2's group on master, built on `baseSha`.
 */
export function mergeGroupPayload(
  action: "checks_requested" | "destroyed",
  changes: { baseSha?: string; reason?: "merged" | "invalidated" | "dequeued" } = {},
): Json {
  const payload = example("merge_group", (p) => p.action === "checks_requested");
  const group = payload.merge_group as Json;
  Object.assign(group, {
    head_sha: GROUP_HEAD,
    head_ref: `refs/heads/${GROUP_BRANCH}`,
    base_ref: "refs/heads/master",
    ...(changes.baseSha ? { base_sha: changes.baseSha } : {}),
  });
  (group.head_commit as Json).id = GROUP_HEAD;
  payload.action = action;
  if (action === "destroyed") payload.reason = changes.reason ?? "dequeued";
  payload.repository = pullRequestPayload("opened").repository;
  payload.installation = INSTALLATION;
  delete payload.organization;
  return payload;
}

/**
 * The training run a merge queue started for PR #2's merge group (`on: merge_group`): the real
 * `workflow_run` payload on the queue's branch, with no pull requests, as GitHub sends it.
 */
export function mergeGroupRunPayload(
  action: "requested" | "in_progress" | "completed",
  changes: {
    runId?: number;
    attempt?: number;
    conclusion?: string | null;
    event?: "merge_group" | "push";
  } = {},
): Json {
  const payload = workflowRunPayload(action, {
    runId: changes.runId ?? GROUP_RUN_ID,
    runNumber: 164,
    attempt: changes.attempt,
    headSha: GROUP_HEAD,
    conclusion: changes.conclusion,
    createdAt: "2024-05-01T11:00:00Z",
  });
  const run = payload.workflow_run as Json;
  Object.assign(run, {
    event: changes.event ?? "merge_group",
    head_branch: GROUP_BRANCH,
    display_title: "Merge group for PR #2",
    pull_requests: [],
  });
  (run.head_commit as Json).id = GROUP_HEAD;
  return payload;
}
