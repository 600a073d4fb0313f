import { GRANDPARENT, MERGE_BASE, metricsZip, PARENT } from "../app/helpers/commits.js";
import { workflowRunPayload } from "../app/helpers/payloads.js";
import type { CallSpec, FakeGitHub } from "../faults/fake-github.js";
import { REPO } from "../faults/fake-github.js";

/** The config of every pull request here: a bound and a change gate on accuracy. */
export const CONFIG = `workflow: train.yml
artifact: eval-results
metrics:
  files: ["metrics.json"]
  gates:
    accuracy: { min: 0.8, max_regression: 0.01 }
`;

/** One seeded pull request and its finished training run. */
export interface SeededPull {
  readonly number: number;
  readonly headSha: string;
  readonly runId: number;
  readonly artifactId: number;
}

/**
 * `count` open pull requests of one repository, each with a finished training run whose artifact
 * passes the gates against the base branch's baseline run (accuracy 0.9 → 0.91).
 */
export function seedPulls(gh: FakeGitHub, count: number, first = 100): SeededPull[] {
  gh.configText = CONFIG;
  gh.history = [MERGE_BASE, PARENT, GRANDPARENT];
  gh.runs.push({
    id: 900,
    number: 90,
    sha: MERGE_BASE,
    event: "push",
    branch: "master",
    headRepo: REPO,
    createdAt: "2024-04-30T10:00:00Z",
  });
  gh.artifacts.push({
    id: 22,
    runId: 900,
    name: "eval-results",
    zip: metricsZip({ accuracy: 0.9 }),
  });
  const pulls: SeededPull[] = [];
  for (let i = 0; i < count; i++) {
    const number = first + i;
    const pull = {
      number,
      headSha: number.toString(16).padStart(40, "e"),
      runId: 50_000 + number,
      artifactId: 60_000 + number,
    };
    gh.pulls.set(number, {
      number,
      headSha: pull.headSha,
      headRepo: REPO,
      headRef: `branch-${number}`,
      labels: [],
      author: "Codertocat",
    });
    gh.runs.push({
      id: pull.runId,
      number,
      sha: pull.headSha,
      event: "pull_request",
      branch: `branch-${number}`,
      headRepo: REPO,
      createdAt: "2024-05-01T10:00:00Z",
    });
    gh.artifacts.push({
      id: pull.artifactId,
      runId: pull.runId,
      name: "eval-results",
      zip: metricsZip({ accuracy: 0.91 }),
    });
    pulls.push(pull);
  }
  return pulls;
}

/** The `workflow_run.completed` delivery of a seeded pull request's run. */
export function runCompleted(pull: SeededPull, attempt = 1): Record<string, unknown> {
  return workflowRunPayload("completed", {
    runId: pull.runId,
    runNumber: pull.number,
    attempt,
    headSha: pull.headSha,
    prNumber: pull.number,
  });
}

/** The artifact download of one pull request's run (to slow it down mid-review). */
export function artifactDownload(pull: SeededPull): CallSpec {
  return {
    name: `GET artifact ${pull.artifactId} download`,
    host: "blob",
    method: "GET",
    path: new RegExp(`^/a/${pull.artifactId}\\.zip$`),
  };
}

/** mlgate's comments on a pull request (by the app, with its marker). */
export function botComments(gh: FakeGitHub, number: number) {
  return gh.commentsOf(number).filter((c) => c.login === "mlgate[bot]");
}

/** Whether the newest mlgate check of the head is concluded. */
export function concluded(gh: FakeGitHub, sha: string): string | undefined {
  const check = gh.checksOf(sha)[0];
  return check?.status === "completed" ? (check.conclusion ?? undefined) : undefined;
}
