import type { PullRequest, WorkflowRun } from "../../src/scm/scm.js";
import { MemoryScm } from "../helpers/memory-scm.js";

export const HEAD = "1".repeat(40);
export const NEWER = "2".repeat(40);
export const BASE_SHA = "a".repeat(40);
export const PR = 7;

export const CONFIG = `workflow: train.yml
artifact: eval-results
metrics:
  files: ["metrics.json"]
  gates:
    accuracy: { min: 0.8, max_regression: 0.01 }
override:
  label: mlgate/accept-regression
`;

/** A pull request #7 at `HEAD`. */
export function pullRequest(changes: Partial<PullRequest> = {}): PullRequest {
  return {
    number: PR,
    headSha: HEAD,
    headRef: "feature",
    headRepo: "octo/models",
    baseRef: "main",
    url: "https://github.com/octo/models/pull/7",
    state: "open",
    author: "alice",
    labels: [],
    ...changes,
  };
}

/** A run of train.yml for `HEAD`. */
export function trainingRun(changes: Partial<WorkflowRun> = {}): WorkflowRun {
  return {
    id: 500,
    runNumber: 12,
    attempt: 1,
    workflowPath: ".github/workflows/train.yml",
    workflowName: "train",
    event: "pull_request",
    status: "completed",
    conclusion: "success",
    headSha: HEAD,
    headBranch: "feature",
    headRepo: "octo/models",
    url: "https://github.com/octo/models/actions/runs/500",
    createdAt: "2026-01-01T00:00:00Z",
    pullRequests: [pullRequest()],
    ...changes,
  };
}

/** A repository with the config, pull request #7, and a baseline at the merge base (0.9). */
export function repository(): MemoryScm {
  const scm = new MemoryScm();
  scm.config = CONFIG;
  scm.pulls.set(PR, pullRequest());
  scm.runs.push(trainingRun({ id: 100, event: "push", headSha: BASE_SHA, pullRequests: [] }));
  scm.artifacts.set(100, MemoryScm.metricsZip({ accuracy: 0.9 }));
  scm.baselines.set(PR, {
    sha: BASE_SHA,
    runId: 100,
    runNumber: 3,
    runUrl: "https://github.com/octo/models/actions/runs/100",
    distance: 0,
    mergeBase: BASE_SHA,
  });
  return scm;
}
