import { expect, test } from "vitest";
import { deliver } from "./helpers/deliver.js";
import { GitHubMock } from "./helpers/github-mock.js";
import { HEAD_RUN_ID, HEAD_SHA, REPO, workflowRunPayload } from "./helpers/payloads.js";
import { isolateNetwork, MERGE_BASE, metricsZip, NEWER_HEAD } from "./helpers/setup.js";
import { createTestApp } from "./helpers/test-probot.js";

isolateNetwork();

/** Mocks of one cold review of PR #2's head run without a baseline, up to the comment list. */
function reviewMocks(gh: GitHubMock, artifactId = 11, cached = false): GitHubMock {
  gh.config().artifacts([{ id: artifactId, runId: HEAD_RUN_ID }]);
  if (!cached) gh.download(artifactId, metricsZip({ accuracy: 0.91 }));
  return gh.compare(MERGE_BASE).baseRuns([]);
}

test("the same delivery twice is handled once", async () => {
  const { probot } = await createTestApp();
  const gh = reviewMocks(new GitHubMock()).checkCreate().comments([]).commentCreate();
  const payload = workflowRunPayload("completed");

  await deliver(probot, "workflow_run", payload, "same-delivery");
  const before = gh.count;
  await deliver(probot, "workflow_run", payload, "same-delivery");

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.count).toBe(before);
  expect(gh.sent("comment")).toHaveLength(1);
});

test("the same review delivered again under another id publishes nothing new", async () => {
  const { probot } = await createTestApp();
  const gh = reviewMocks(new GitHubMock()).checkCreate(5000).comments([]).commentCreate();
  // The artifact was downloaded the first time and is still on disk.
  reviewMocks(gh, 11, true)
    .checkUpdate(5000)
    .api.get(`/repos/${REPO}/issues/2/comments`)
    .query({ per_page: "100", page: "1" })
    .reply(200, () => [
      {
        id: 777,
        body: gh.sent<{ body: string }>("comment")[0]?.body,
        user: { login: "mlgate[bot]", type: "Bot" },
        html_url: `https://github.com/${REPO}/pull/2#issuecomment-777`,
      },
    ]);

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));
  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  // One comment created, none edited: the body already says exactly this.
  expect(gh.sent("comment")).toHaveLength(1);
});

test("two deliveries for one pull request at once do not race to create two comments", async () => {
  const { probot } = await createTestApp();
  const gh = reviewMocks(new GitHubMock()).checkCreate(5000).comments([]).commentCreate();
  reviewMocks(gh, 12)
    .checkUpdate(5000)
    .api.get(`/repos/${REPO}/issues/2/comments`)
    .query({ per_page: "100", page: "1" })
    .reply(200, () => [
      {
        id: 777,
        body: gh.sent<{ body: string }>("comment")[0]?.body,
        user: { login: "mlgate[bot]", type: "Bot" },
        html_url: `https://github.com/${REPO}/pull/2#issuecomment-777`,
      },
    ]);

  await Promise.all([
    deliver(probot, "workflow_run", workflowRunPayload("completed")),
    deliver(probot, "workflow_run", workflowRunPayload("completed", { attempt: 2 })),
  ]);

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent("comment")).toHaveLength(1);
});

test("an older run finishing after a newer push concludes its own check as superseded, comment untouched", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock().config().checkCreate();

  await deliver(probot, "workflow_run", workflowRunPayload("completed", { prHeadSha: NEWER_HEAD }));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<{ head_sha: string; conclusion: string; output: { title: string } }>(
    "check",
  );
  expect(check).toMatchObject({ head_sha: HEAD_SHA, conclusion: "neutral" });
  expect(check?.output.title).toBe("Superseded by a newer commit");
  expect(gh.sent("comment")).toEqual([]);
});

test("a review of an older head never overwrites the comment that reviews the current head", async () => {
  const { probot } = await createTestApp();
  const newer = `<!-- mlgate:review -->\n### ✅ mlgate: passed\n\n<!-- mlgate:sha=${NEWER_HEAD} -->\n`;
  const gh = reviewMocks(new GitHubMock())
    .checkCreate()
    .comments([{ id: 777, body: newer }])
    .pull({ headSha: NEWER_HEAD });

  // The run's payload still lists the pull request at the old head; GitHub says otherwise.
  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent("comment")).toEqual([]);
  // The old commit's own check is still concluded with its review.
  expect(gh.sent<{ head_sha: string; status: string }>("check")[0]).toMatchObject({
    head_sha: HEAD_SHA,
    status: "completed",
  });
});

test("a review of the current head replaces the comment of an older head", async () => {
  const { probot } = await createTestApp();
  const older = `<!-- mlgate:review -->\n### ❌ mlgate: failed\n\n<!-- mlgate:sha=${"1".repeat(40)} -->\n`;
  const gh = reviewMocks(new GitHubMock())
    .checkCreate()
    .comments([{ id: 777, body: older }])
    .pull({ headSha: HEAD_SHA })
    .commentUpdate(777);

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent<{ body: string }>("comment")[0]?.body).toContain(
    `<!-- mlgate:sha=${HEAD_SHA} -->`,
  );
});

test("a comment carrying the marker but written by someone else is not mlgate's", async () => {
  const { probot } = await createTestApp();
  const forged = `<!-- mlgate:review -->\n### ✅ mlgate: passed\n<!-- mlgate:sha=${HEAD_SHA} -->`;
  const gh = reviewMocks(new GitHubMock())
    .checkCreate()
    .comments([
      { id: 100, body: forged, login: "mallory", type: "User" },
      { id: 101, body: forged, login: "other-app[bot]", type: "Bot" },
    ])
    .commentCreate();

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent("comment")).toHaveLength(1);
});
