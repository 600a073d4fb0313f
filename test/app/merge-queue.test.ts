/**
 * Merge queues: GitHub asks for the required checks of a merge group's head commit
 * (`merge_group.checks_requested`), trains it (`workflow_run` with `event: merge_group` on a
 * `gh-readonly-queue/…` branch, no pull requests), and merges only once the `mlgate` check on
 * that commit has concluded.
 */
import { describe, expect, test } from "vitest";
import { deliver } from "./helpers/deliver.js";
import { GitHubMock } from "./helpers/github-mock.js";
import {
  checkRerequestedPayload,
  GROUP_BRANCH,
  GROUP_HEAD,
  GROUP_RUN_ID,
  HEAD_SHA,
  mergeGroupPayload,
  mergeGroupRunPayload,
  REPO,
} from "./helpers/payloads.js";
import { isolateNetwork, MERGE_BASE, metricsZip, PARENT } from "./helpers/setup.js";
import { createTestApp } from "./helpers/test-probot.js";

isolateNetwork();

type CheckBody = {
  head_sha?: string;
  status: string;
  conclusion?: string;
  external_id?: string;
  details_url?: string;
  output: { title: string; summary: string; text?: string };
};

const RUN_URL = `https://github.com/${REPO}/actions/runs/${GROUP_RUN_ID}`;

/** The group's run uploaded `accuracy`; the base branch's push run at the merge base had 0.9. */
function groupReview(gh: GitHubMock, accuracy: number): GitHubMock {
  return gh
    .artifacts([
      { id: 11, runId: GROUP_RUN_ID, sha: GROUP_HEAD },
      { id: 22, runId: 900, sha: MERGE_BASE },
    ])
    .download(11, metricsZip({ accuracy }))
    .compare(MERGE_BASE, GROUP_HEAD, "master")
    .baseRuns([{ id: 900, sha: MERGE_BASE, number: 90 }], "master")
    .download(22, metricsZip({ accuracy: 0.9 }));
}

/** Nothing was asked of or written to a pull request: a merge group has only its check. */
function expectNoPullRequestWrites(gh: GitHubMock): void {
  expect(gh.seen.filter((r) => /\/issues\/|comments/.test(r))).toEqual([]);
  expect(gh.sent("comment")).toEqual([]);
}

describe("merge_group.checks_requested", () => {
  test("creates the check on the merge group's head at once, waiting for the training run", async () => {
    const { probot } = await createTestApp();
    const gh = new GitHubMock()
      .config()
      .runForCommit(GROUP_HEAD)
      .checks(GROUP_HEAD, [])
      .checkCreate();

    await deliver(probot, "merge_group", mergeGroupPayload("checks_requested"));

    expect(gh.api.pendingMocks()).toEqual([]);
    expect(gh.sent<CheckBody>("check")).toEqual([
      expect.objectContaining({
        head_sha: GROUP_HEAD,
        status: "queued",
        external_id: "mlgate:queue",
        output: expect.objectContaining({ title: "Waiting for train.yml" }),
      }),
    ]);
    expectNoPullRequestWrites(gh);
  });

  test("a repository without .github/mlgate.yml gets no check", async () => {
    const { probot } = await createTestApp();
    const gh = new GitHubMock().config(null);

    await deliver(probot, "merge_group", mergeGroupPayload("checks_requested"));

    expect(gh.api.pendingMocks()).toEqual([]);
    expect(gh.sent("check")).toEqual([]);
  });

  test("a request that comes after the run finished reviews it at once", async () => {
    const { probot } = await createTestApp();
    const gh = groupReview(
      new GitHubMock()
        .config()
        .runForCommit(GROUP_HEAD, { id: GROUP_RUN_ID, createdAt: "2024-05-01T11:00:00Z" }),
      0.905,
    ).checkCreate();

    await deliver(probot, "merge_group", mergeGroupPayload("checks_requested"));

    expect(gh.api.pendingMocks()).toEqual([]);
    expect(gh.sent<CheckBody>("check")).toEqual([
      expect.objectContaining({ head_sha: GROUP_HEAD, status: "completed", conclusion: "success" }),
    ]);
  });
});

describe("the merge group's training run", () => {
  test("is reviewed against the base branch's baseline and concludes the check on the group's head", async () => {
    const { probot } = await createTestApp();
    const gh = new GitHubMock()
      .config()
      .runForCommit(GROUP_HEAD)
      .checks(GROUP_HEAD, [])
      .checkCreate();
    await deliver(probot, "merge_group", mergeGroupPayload("checks_requested"));

    groupReview(gh.config(), 0.905).checkUpdate();
    await deliver(probot, "workflow_run", mergeGroupRunPayload("completed"));

    expect(gh.api.pendingMocks()).toEqual([]);
    expect(gh.blob.pendingMocks()).toEqual([]);
    // The base is the merge base of the group's head with the base branch, as for a pull request.
    expect(gh.seen).toContain(`GET /repos/${REPO}/compare/master...${GROUP_HEAD}?per_page=1`);
    const [, check] = gh.sent<CheckBody>("check");
    expect(check).toMatchObject({
      status: "completed",
      conclusion: "success",
      external_id: `mlgate:queue:${GROUP_RUN_ID}:1`,
      details_url: RUN_URL,
    });
    expect(check?.output.text).toContain("compared with baseline `aaaaaaa`");
    expect(check?.output.text).toContain(`\`${GROUP_HEAD.slice(0, 7)}\``);
    expectNoPullRequestWrites(gh);
  });

  test("moves the check in progress while training, then concludes it", async () => {
    const { probot } = await createTestApp();
    const gh = new GitHubMock().config().checks(GROUP_HEAD, []).checkCreate();
    await deliver(probot, "workflow_run", mergeGroupRunPayload("in_progress"));
    expect(gh.sent<CheckBody>("check")[0]).toMatchObject({
      head_sha: GROUP_HEAD,
      status: "in_progress",
      details_url: RUN_URL,
    });

    groupReview(gh.config(), 0.905).checkUpdate();
    await deliver(probot, "workflow_run", mergeGroupRunPayload("completed"));

    expect(gh.api.pendingMocks()).toEqual([]);
    expect(gh.sent<CheckBody>("check")[1]).toMatchObject({ conclusion: "success" });
  });

  test("a failed gate concludes failure, and the queue will not merge the group", async () => {
    const { probot } = await createTestApp();
    // The override label is looked for on the group's pull request: it has none.
    const gh = groupReview(new GitHubMock().config(), 0.85).pull().checkCreate();

    await deliver(probot, "workflow_run", mergeGroupRunPayload("completed"));

    expect(gh.api.pendingMocks()).toEqual([]);
    const [check] = gh.sent<CheckBody>("check");
    expect(check).toMatchObject({ head_sha: GROUP_HEAD, conclusion: "failure" });
    expect(check?.output.summary).toMatch(/accuracy/);
    expectNoPullRequestWrites(gh);
  });

  test("a regression accepted on the pull request stays accepted in its merge group", async () => {
    const { probot } = await createTestApp();
    const gh = groupReview(new GitHubMock().config(), 0.85)
      .pull({ labels: ["mlgate/accept-regression"] })
      .runForCommit(HEAD_SHA, { status: "completed" })
      .labelEvents([
        { label: "mlgate/accept-regression", by: "octocat", at: "2024-05-01T10:30:00Z" },
      ])
      .permission("octocat", "maintain")
      .checkCreate();

    await deliver(probot, "workflow_run", mergeGroupRunPayload("completed"));

    expect(gh.api.pendingMocks()).toEqual([]);
    const [check] = gh.sent<CheckBody>("check");
    expect(check).toMatchObject({ head_sha: GROUP_HEAD, conclusion: "success" });
    expect(check?.output.summary).toMatch(/Accepted by @.?octocat/);
    expect(gh.sent("comment")).toEqual([]);
  });

  test("a failed training run concludes failure with a link to it", async () => {
    const { probot } = await createTestApp();
    const gh = new GitHubMock().config().checkCreate();

    await deliver(
      probot,
      "workflow_run",
      mergeGroupRunPayload("completed", { conclusion: "failure" }),
    );

    expect(gh.api.pendingMocks()).toEqual([]);
    expect(gh.sent<CheckBody>("check")).toEqual([
      expect.objectContaining({
        head_sha: GROUP_HEAD,
        status: "completed",
        conclusion: "failure",
        details_url: RUN_URL,
        output: expect.objectContaining({ title: "Training run failure" }),
      }),
    ]);
  });

  test("a run that uploaded no results concludes failure, never success", async () => {
    const { probot } = await createTestApp();
    const gh = new GitHubMock()
      .config()
      .artifacts([{ id: 22, runId: 900, sha: MERGE_BASE }])
      .checkCreate();

    await deliver(probot, "workflow_run", mergeGroupRunPayload("completed"));

    expect(gh.api.pendingMocks()).toEqual([]);
    expect(gh.sent<CheckBody>("check")).toEqual([
      expect.objectContaining({
        head_sha: GROUP_HEAD,
        conclusion: "failure",
        output: expect.objectContaining({ title: "No results to review" }),
      }),
    ]);
  });

  test("a baseline one commit before the merge base is found by the usual policy", async () => {
    const { probot } = await createTestApp();
    const gh = new GitHubMock()
      .config()
      .artifacts([
        { id: 11, runId: GROUP_RUN_ID, sha: GROUP_HEAD },
        { id: 22, runId: 900, sha: PARENT },
      ])
      .download(11, metricsZip({ accuracy: 0.91 }))
      .compare(MERGE_BASE, GROUP_HEAD, "master")
      .baseRuns([{ id: 900, sha: PARENT, number: 90 }], "master")
      .commits(MERGE_BASE, [MERGE_BASE, PARENT])
      .download(22, metricsZip({ accuracy: 0.9 }))
      .checkCreate();

    await deliver(probot, "workflow_run", mergeGroupRunPayload("completed"));

    expect(gh.api.pendingMocks()).toEqual([]);
    const [check] = gh.sent<CheckBody>("check");
    expect(check?.conclusion).toBe("success");
    expect(check?.output.text).toContain("1 commit before the merge base `aaaaaaa`");
  });

  test("a push run on the queue's branch (the older trigger) is reviewed the same way", async () => {
    const { probot } = await createTestApp();
    const gh = groupReview(new GitHubMock().config(), 0.905).checkCreate();

    await deliver(probot, "workflow_run", mergeGroupRunPayload("completed", { event: "push" }));

    expect(gh.api.pendingMocks()).toEqual([]);
    expect(gh.sent<CheckBody>("check")[0]).toMatchObject({
      head_sha: GROUP_HEAD,
      conclusion: "success",
    });
  });
});

describe("merge_group.destroyed", () => {
  test("concludes a check mlgate left open as neutral", async () => {
    const { probot } = await createTestApp();
    const gh = new GitHubMock().checks(GROUP_HEAD, [{ id: 5000, status: "queued" }]).checkUpdate();

    await deliver(probot, "merge_group", mergeGroupPayload("destroyed", { reason: "dequeued" }));

    expect(gh.api.pendingMocks()).toEqual([]);
    expect(gh.sent<CheckBody>("check")).toEqual([
      expect.objectContaining({
        status: "completed",
        conclusion: "neutral",
        output: expect.objectContaining({ title: "Merge group dequeued before the review" }),
      }),
    ]);
  });

  test("leaves a concluded check alone", async () => {
    const { probot } = await createTestApp();
    const gh = new GitHubMock().checks(GROUP_HEAD, [
      { id: 5000, status: "completed", conclusion: "success" },
    ]);

    await deliver(probot, "merge_group", mergeGroupPayload("destroyed", { reason: "merged" }));

    expect(gh.api.pendingMocks()).toEqual([]);
    expect(gh.sent("check")).toEqual([]);
  });
});

describe("asking again", () => {
  test("Re-run on the merge group's check reviews the group in a new check run", async () => {
    const { probot } = await createTestApp();
    const gh = groupReview(
      new GitHubMock()
        .config()
        .runForCommit(GROUP_HEAD, { id: GROUP_RUN_ID, createdAt: "2024-05-01T11:00:00Z" }),
      0.905,
    ).checkCreate(5001);
    const payload = checkRerequestedPayload(`mlgate:queue:${GROUP_RUN_ID}:1`);
    const check = payload.check_run as Record<string, unknown> & {
      check_suite: Record<string, unknown>;
    };
    check.head_sha = GROUP_HEAD;
    check.check_suite.head_branch = GROUP_BRANCH;
    check.check_suite.head_sha = GROUP_HEAD;
    check.check_suite.pull_requests = [];

    await deliver(probot, "check_run", payload);

    expect(gh.api.pendingMocks()).toEqual([]);
    expect(gh.sent<CheckBody>("check")).toEqual([
      expect.objectContaining({ head_sha: GROUP_HEAD, status: "completed", conclusion: "success" }),
    ]);
    expectNoPullRequestWrites(gh);
  });
});
