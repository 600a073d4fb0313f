/**
 * The base branch's history in the app, over the fake GitHub: 30 push runs of train.yml on
 * master (three failed, three with expired artifacts), a first review that backfills the last
 * 20 successful runs, a second review that reads the recorded history without asking GitHub for
 * it, and a push run recorded as it completes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliver } from "../app/helpers/deliver.js";
import { HEAD_RUN_ID, HEAD_SHA, workflowRunPayload } from "../app/helpers/payloads.js";
import { metricsZip } from "../app/helpers/setup.js";
import { createTestApp, type TestApp } from "../app/helpers/test-probot.js";
import { CALLS, FakeGitHub, REPO } from "../faults/fake-github.js";

const CONFIG = `workflow: train.yml
artifact: eval-results
metrics:
  files: ["metrics.json"]
  gates:
    accuracy: { max_regression: 0.002, significance: history }
baseline: { max_age: 7d }
`;

/** Accuracy of the 30 base runs, oldest first: noise of about ±0.004 around 0.903. */
const ACCURACY = [
  0.903, 0.899, 0.906, 0.901, 0.904, 0.9, 0.907, 0.902, 0.905, 0.898, 0.903, 0.906, 0.9, 0.904,
  0.901, 0.907, 0.899, 0.905, 0.902, 0.906, 0.903, 0.899, 0.906, 0.901, 0.904, 0.9, 0.907, 0.902,
  0.905, 0.903,
];
const FAILED = new Set([3, 11, 19]);
const EXPIRED = new Set([7, 15, 24]);
const sha = (i: number) => (0xbb00 + i).toString(16).padEnd(40, "0");
const runId = (i: number) => 5000 + i;

function seed(gh: FakeGitHub): void {
  gh.configText = CONFIG;
  gh.pulls.set(2, {
    number: 2,
    headSha: HEAD_SHA,
    headRepo: REPO,
    headRef: "changes",
    labels: [],
    author: "Codertocat",
  });
  for (const [i, accuracy] of ACCURACY.entries()) {
    gh.runs.push({
      id: runId(i),
      number: 100 + i,
      sha: sha(i),
      event: "push",
      branch: "master",
      headRepo: REPO,
      // One a day through March 2024; the review runs on 1 May 2024.
      createdAt: new Date(Date.UTC(2024, 2, 1 + i, 10)).toISOString(),
      conclusion: FAILED.has(i) ? "failure" : "success",
    });
    if (!FAILED.has(i)) {
      gh.artifacts.push({
        id: 7000 + i,
        runId: runId(i),
        name: "eval-results",
        zip: metricsZip({ accuracy, eval_loss: 0.3 }),
        expired: EXPIRED.has(i),
      });
    }
  }
  // The merge base is the newest base commit; master moved on by 4 commits since.
  gh.history = ACCURACY.map((_, i) => sha(i)).reverse();
  gh.behindBy = 4;
}

function headRun(gh: FakeGitHub, id: number, headSha: string, accuracy: number): void {
  gh.runs.push({
    id,
    number: 200,
    sha: headSha,
    event: "pull_request",
    branch: "changes",
    headRepo: REPO,
    createdAt: "2024-05-01T10:00:00Z",
  });
  gh.artifacts.push({
    id: id + 1,
    runId: id,
    name: "eval-results",
    zip: metricsZip({ accuracy, eval_loss: 0.3 }),
  });
}

let gh: FakeGitHub;
let restore: () => void;
let app: TestApp;

beforeEach(async () => {
  gh = new FakeGitHub();
  seed(gh);
  restore = gh.install();
  app = await createTestApp();
});
afterEach(() => restore());

const baseDownloads = () =>
  gh.requests.filter(
    (r) => r.host === "api" && /\/actions\/artifacts\/70\d\d\/zip$/.test(r.url.pathname),
  );

describe("the app's history of the base branch", () => {
  it("backfills on the first review, shows the trend and the age, passes noise, then fails an outlier from the recorded history", async () => {
    // First review: 0.906 → 0.9 is beyond the 0.002 tolerance but inside the history's range.
    headRun(gh, HEAD_RUN_ID, HEAD_SHA, 0.9);
    await deliver(app.probot, "workflow_run", workflowRunPayload("completed"));
    const check = gh.checksOf(HEAD_SHA)[0];
    expect(check?.conclusion).toBe("success");
    const comment = gh.commentsOf(2).at(-1)?.body ?? "";
    expect(comment).toContain("🟡 max regression 0.002 within noise");
    expect(comment).toContain("within the range the last 18 base runs predict");
    expect(comment).toContain("#### Trend (last 20 runs of train.yml on master)");
    expect(comment).toMatch(/- 🟡 \*\*accuracy\*\* `[▁-█]{18} → [▁-█]` head 0\.9 · 18 base values/);
    expect(comment).toContain(
      "_Left out of the history: run #&#8203;115: artifact &quot;eval-results&quot; of run 5015 has expired \\(GitHub deletes artifacts after the repository's retention period\\); run #&#8203;124:",
    );
    // The baseline's age: 32 days since its run, 4 commits on master since the merge base.
    expect(comment).toContain("32 days old and 4 commits behind master");
    expect(comment).toContain(
      "> ⚠️ The baseline is 32 days old and 4 commits behind master, more than baseline.max\\_age \\(7d\\) allows",
    );
    expect(comment).not.toContain("```mermaid");

    // The backfill: the one runs listing the baseline lookup made, the one artifacts listing,
    // then each of the newest 20 successful runs whose artifact has not expired (18), once.
    expect(gh.count(CALLS.baseRuns)).toBe(1);
    expect(gh.count(CALLS.artifacts)).toBe(1);
    expect(baseDownloads()).toHaveLength(18);
    const recorded = await app.state.history.runs({
      repository: REPO,
      workflow: "train.yml",
      branch: "master",
    });
    expect(recorded).toHaveLength(20);
    expect(recorded.filter((r) => r.missing).map((r) => r.runNumber)).toEqual([115, 124]);
    expect(recorded.some((r) => FAILED.has(r.runNumber - 100))).toBe(false);

    // Second review, another pull request on the same base: an outlier. The history comes from
    // the store, not from GitHub.
    const other = "e".repeat(40);
    gh.pulls.set(5, {
      number: 5,
      headSha: other,
      headRepo: REPO,
      headRef: "other",
      labels: [],
      author: "x",
    });
    headRun(gh, 31000, other, 0.885);
    const before = gh.requests.length;
    await deliver(
      app.probot,
      "workflow_run",
      workflowRunPayload("completed", { runId: 31000, headSha: other, prNumber: 5 }),
    );
    const warm = gh.requests.slice(before).filter((r) => r.host === "api");
    expect(gh.checksOf(other)[0]?.conclusion).toBe("failure");
    const failed = gh.commentsOf(5).at(-1)?.body ?? "";
    expect(failed).toContain("outside the range the last 18 base runs predict");
    expect(failed).toMatch(/- ❌ \*\*accuracy\*\* `[▁-█]{18} → ▁` head 0\.885/);
    expect(failed).toContain("```mermaid");
    expect(failed).toContain('title "accuracy: last 18 base runs and the head"');
    // Warm: the history costs no request. These are the requests of today's warm review
    // (test/app/economy.test.ts: config, artifacts, head zip, compare, check, comments ×2) plus
    // the pull request a failed review reads for the override label.
    expect(
      warm.map((r) => `${r.method} ${r.url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, "")}`),
    ).toEqual([
      "GET /contents/.github%2Fmlgate.yml",
      "GET /actions/artifacts",
      "GET /actions/artifacts/31001/zip",
      `GET /compare/master...${other}`,
      "GET /pulls/5",
      "POST /check-runs",
      "GET /issues/5/comments",
      "POST /issues/5/comments",
    ]);
    expect(baseDownloads()).toHaveLength(18);
    console.log(
      [
        "History backfill, first review (20 runs listed, 2 expired):",
        `  API requests: ${gh.requests.slice(0, before).filter((r) => r.host === "api").length}, of which ${baseDownloads().length} base artifact redirects`,
        `  storage downloads: ${gh.requests.slice(0, before).filter((r) => r.host === "blob").length}`,
        `Warm review with the recorded history: ${warm.length} API requests`,
        ...warm.map((r) => `    ${r.method} ${r.url.pathname}${r.url.search}`),
      ].join("\n"),
    );
  });

  it("records a successful push run on the default branch as it completes, and nothing else", async () => {
    const push = (id: number, conclusion: string, branch = "master") => {
      gh.runs.push({
        id,
        number: 300,
        sha: "f".repeat(40),
        event: "push",
        branch,
        headRepo: REPO,
        createdAt: "2024-04-30T10:00:00Z",
      });
      gh.artifacts.push({
        id: id + 1,
        runId: id,
        name: "eval-results",
        zip: metricsZip({ accuracy: 0.91 }),
      });
      const payload = workflowRunPayload("completed", {
        runId: id,
        headSha: "f".repeat(40),
        conclusion,
      });
      const run = payload.workflow_run as Record<string, unknown>;
      Object.assign(run, { event: "push", head_branch: branch, pull_requests: [] });
      return deliver(app.probot, "workflow_run", payload);
    };
    await push(6000, "success");
    await push(6100, "failure");
    await push(6200, "success", "feature");
    const recorded = await app.state.history.runs({
      repository: REPO,
      workflow: "train.yml",
      branch: "master",
    });
    expect(recorded).toEqual([
      {
        runId: 6000,
        // As the webhook's payload says.
        runNumber: 163,
        sha: "f".repeat(40),
        time: "2024-05-01T10:00:00Z",
        url: `https://github.com/${REPO}/actions/runs/6000`,
        values: { accuracy: 0.91 },
      },
    ]);
  });
});
