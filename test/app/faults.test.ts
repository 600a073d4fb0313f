import pino from "pino";
import { expect, test } from "vitest";
import { makeZip } from "../helpers/make-zip.js";
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

type CheckBody = { status: string; conclusion: string; output: { title: string; summary: string } };

test("GitHub failing on every retry still concludes the check, saying what failed", async () => {
  const { probot, sleeps } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .artifacts([{ id: 11, runId: HEAD_RUN_ID }])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .checkCreate();
  gh.api
    .get(new RegExp(`/repos/${REPO}/compare/`))
    .times(3)
    .reply(502, "Bad Gateway");

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(sleeps).toEqual([1000, 2000]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
  expect(check?.output.title).toBe("mlgate could not review this commit");
  expect(check?.output.summary).toContain(
    "GitHub failed to answer GET /repos/Codertocat/Hello-World/compare/",
  );
  expect(gh.sent("comment")).toEqual([]);
});

test("a secondary rate limit with Retry-After is waited out and the review completes", async () => {
  const { probot, sleeps } = await createTestApp();
  const gh = new GitHubMock().config().artifacts([{ id: 11, runId: HEAD_RUN_ID }]);
  gh.api
    .get(`/repos/${REPO}/actions/artifacts/11/zip`)
    .reply(403, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "5" });
  gh.download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE)
    .baseRuns([])
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(sleeps).toEqual([5000]);
  expect(gh.sent<CheckBody>("check")[0]).toMatchObject({
    status: "completed",
    conclusion: "success",
  });
});

test("without a configured slug the app asks GitHub for it once", async () => {
  const { probot } = await createTestApp({ appSlug: undefined });
  const gh = new GitHubMock().config(null).config(null);
  gh.api.get("/app").once().reply(200, { id: 1, slug: "mlgate-enterprise", name: "mlgate" });

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));
  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.seen.filter((r) => r === "GET /app")).toHaveLength(1);
});

test("a comment GitHub refuses does not turn the verdict into a failure; the check says what happened", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .artifacts([{ id: 11, runId: HEAD_RUN_ID }])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE)
    .baseRuns([])
    .checkCreate(5000)
    .comments([])
    .checkUpdate(5000);
  gh.api
    .post(`/repos/${REPO}/issues/2/comments`)
    .reply(403, { message: "Resource not accessible by integration" });

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const checks = gh.sent<CheckBody>("check");
  expect(checks.map((c) => c.conclusion)).toEqual(["success", "success"]);
  expect(checks[1]?.output.summary).toContain("could not be published");
  expect(checks[1]?.output.summary).toContain("Resource not accessible by integration");
});

test("a restart between the check's creation and the review still concludes a check", async () => {
  const before = await createTestApp();
  const gh = new GitHubMock().config().runForCommit(HEAD_SHA).checkCreate(5000);
  await deliver(before.probot, "pull_request", pullRequestPayload("opened"));

  // A new process knows nothing of check 5000: the conclusion is a new, newer check run.
  const after = await createTestApp();
  gh.config()
    .artifacts([{ id: 11, runId: HEAD_RUN_ID }])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE)
    .baseRuns([])
    .checkCreate(5001)
    .comments([])
    .commentCreate();
  await deliver(after.probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent<CheckBody>("check").map((c) => c.status)).toEqual(["queued", "completed"]);
});

test("no token, key or signed URL reaches the logs, even at trace level", async () => {
  const lines: string[] = [];
  const log = pino({ level: "trace" }, { write: (line: string) => void lines.push(line) });
  const { probot } = await createTestApp({ log });
  const gh = new GitHubMock()
    .config()
    .artifacts([{ id: 11, runId: HEAD_RUN_ID }])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE);
  gh.api
    .get(new RegExp(`/repos/${REPO}/actions/workflows/train.yml/runs`))
    .times(3)
    .reply(500, { message: "boom" });
  gh.checkCreate();

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const text = lines.join("");
  expect(text).toContain("could not be reviewed");
  expect(text).not.toContain("ghs_testtoken");
  expect(text).not.toContain("s3cr3t");
  expect(text).not.toContain("PRIVATE KEY");
  expect(text).not.toMatch(/authorization"?:\s*"?(token|bearer) [^[]/i);
});

test("a malformed artifact concludes the check with the reason, artifact text escaped", async () => {
  const { probot } = await createTestApp();
  // A reserved key under a hostile name (a NaN is a value now, not a malformed file).
  const hostile = '{"eval": {"<img src=x> @acme/admins": {"__proto__": 1}}}';
  const gh = new GitHubMock()
    .config()
    .artifacts([{ id: 11, runId: HEAD_RUN_ID }])
    .download(11, makeZip([{ name: "metrics.json", data: hostile }]))
    .compare(MERGE_BASE)
    .baseRuns([])
    .checkCreate();

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
  expect(check?.output.summary).toContain("metrics.json");
  expect(check?.output.summary).toContain("reserved");
  expect(check?.output.summary).not.toContain("<img");
  expect(check?.output.summary).not.toMatch(/@acme/);
  expect(gh.sent("comment")).toEqual([]);
});
