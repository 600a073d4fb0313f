import { expect, test } from "vitest";
import { deliver } from "./helpers/deliver.js";
import { GitHubMock } from "./helpers/github-mock.js";
import {
  HEAD_RUN_ID,
  HEAD_SHA,
  pullRequestPayload,
  REPO,
  workflowRunPayload,
} from "./helpers/payloads.js";
import { isolateNetwork, MERGE_BASE, metricsZip } from "./helpers/setup.js";
import { createTestApp } from "./helpers/test-probot.js";

isolateNetwork();

type CheckBody = {
  status: string;
  conclusion?: string;
  output: { title: string; annotations?: unknown[] };
};

test("a re-review of the same head sends its annotations once per check run", async () => {
  const { probot } = await createTestApp();
  // accuracy 0.7 fails `min: 0.8`: one annotation on metrics.json.
  const gh = new GitHubMock()
    .config()
    .artifacts([{ id: 11, runId: HEAD_RUN_ID }])
    .download(11, metricsZip({ accuracy: 0.7 }))
    .compare(MERGE_BASE)
    .baseRuns([])
    // A failed review looks for the override label on the pull request.
    .pull()
    .checkCreate(5000)
    .comments([])
    .commentCreate();
  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  // Reopened: the same head is reviewed again and its check run moved on, not duplicated.
  gh.config()
    .runForCommit(HEAD_SHA, { status: "completed", conclusion: "success" })
    .artifacts([{ id: 11, runId: HEAD_RUN_ID }])
    .compare(MERGE_BASE)
    .baseRuns([])
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
  await deliver(probot, "pull_request", pullRequestPayload("reopened"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [created, updated] = gh.sent<CheckBody>("check");
  expect(created?.output.annotations).toHaveLength(1);
  expect(updated).toMatchObject({ status: "completed", conclusion: "failure" });
  // GitHub appends annotations on every update: sending them again would show two.
  expect(updated?.output.annotations ?? []).toEqual([]);
});

test("attempt 1 failing after attempt 2 passed leaves attempt 2's verdict and comment", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .artifacts([{ id: 11, runId: HEAD_RUN_ID }])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE)
    .baseRuns([])
    .checkCreate(5000)
    .comments([])
    .commentCreate();
  await deliver(probot, "workflow_run", workflowRunPayload("completed", { attempt: 2 }));

  gh.config();
  await deliver(
    probot,
    "workflow_run",
    workflowRunPayload("completed", { attempt: 1, conclusion: "failure" }),
  );

  expect(gh.api.pendingMocks()).toEqual([]);
  const checks = gh.sent<CheckBody>("check");
  expect(checks).toHaveLength(1);
  expect(checks[0]).toMatchObject({ status: "completed", conclusion: "success" });
  expect(gh.sent("comment")).toHaveLength(1);
});
