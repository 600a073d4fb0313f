import { expect, test } from "vitest";
import { deliver } from "./helpers/deliver.js";
import { GitHubMock } from "./helpers/github-mock.js";
import { FORK_HEAD_SHA, forkWorkflowRunPayload } from "./helpers/payloads.js";
import { isolateNetwork, MERGE_BASE, metricsZip } from "./helpers/setup.js";
import { createTestApp } from "./helpers/test-probot.js";

isolateNetwork();

test("a fork's run (no pull_requests) finds its pull request by head=owner:branch and the head commit", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .forkPulls("forker:patch-1", [
      // Same branch name, another commit: not this run's pull request.
      { number: 3, headSha: "e".repeat(40), headRepo: "forker/Hello-World" },
      { number: 4, headSha: FORK_HEAD_SHA, headRepo: "forker/Hello-World" },
    ])
    .artifacts([
      { id: 31, runId: 7100, sha: FORK_HEAD_SHA },
      { id: 22, runId: 900, sha: MERGE_BASE },
    ])
    .download(31, metricsZip({ accuracy: 0.93 }))
    .compare(MERGE_BASE, FORK_HEAD_SHA)
    .baseRuns([{ id: 900, sha: MERGE_BASE, number: 90 }])
    .download(22, metricsZip({ accuracy: 0.9 }))
    .checkCreate()
    .comments([], 4)
    .commentCreate(4);

  await deliver(probot, "workflow_run", forkWorkflowRunPayload());

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<{ head_sha: string; conclusion: string; external_id: string }>("check");
  expect(check).toMatchObject({
    head_sha: FORK_HEAD_SHA,
    conclusion: "success",
    external_id: "mlgate:4:7100:1",
  });
  expect(gh.sent<{ body: string }>("comment")[0]?.body).toContain(
    `<!-- mlgate:sha=${FORK_HEAD_SHA} -->`,
  );
});

test("a fork branch whose pull request has another head commit or repository gets no review", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock().config().forkPulls("forker:patch-1", [
    { number: 3, headSha: "e".repeat(40), headRepo: "forker/Hello-World" },
    // The right commit from a different repository (a fork of the fork) does not count either.
    { number: 5, headSha: FORK_HEAD_SHA, headRepo: "someone-else/Hello-World" },
  ]);

  await deliver(probot, "workflow_run", forkWorkflowRunPayload());

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.count).toBe(2);
  expect(gh.sent("check")).toEqual([]);
});
