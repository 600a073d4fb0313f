import { expect, test } from "vitest";
import { deliver } from "./helpers/deliver.js";
import { CONFIG, GitHubMock } from "./helpers/github-mock.js";
import {
  checkRerequestedPayload,
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
  output: { title: string; summary: string };
};

test("opening a pull request creates the check at once, queued and waiting for train.yml", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock().config().runForCommit(HEAD_SHA).checkCreate();

  await deliver(probot, "pull_request", pullRequestPayload("opened"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody & { head_sha: string; external_id: string }>("check");
  expect(check).toMatchObject({ head_sha: HEAD_SHA, status: "queued", external_id: "mlgate:2" });
  expect(check?.output.title).toBe("Waiting for train.yml");
});

test("then the run's lifecycle moves the same check run: in progress, then concluded", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .runForCommit(HEAD_SHA)
    .checkCreate(5000)
    .config()
    .checkUpdate(5000)
    .config()
    .artifacts([{ id: 11, runId: HEAD_RUN_ID }])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE)
    .baseRuns([])
    .checkUpdate(5000)
    .comments([])
    .commentCreate()
    // A late in_progress delivery for the same run must not reopen the concluded check.
    .config();

  await deliver(probot, "pull_request", pullRequestPayload("synchronize"));
  await deliver(probot, "workflow_run", workflowRunPayload("in_progress"));
  await deliver(probot, "workflow_run", workflowRunPayload("completed"));
  await deliver(probot, "workflow_run", workflowRunPayload("in_progress"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent<CheckBody>("check").map((c) => c.status)).toEqual([
    "queued",
    "in_progress",
    "completed",
  ]);
});

test("after a restart, in_progress finds the existing check; a re-run attempt reopens a concluded one", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .checks(HEAD_SHA, [{ id: 4000, status: "queued", externalId: "mlgate:2" }])
    .checkUpdate(4000)
    .config()
    .checks("f".repeat(40), [
      {
        id: 4001,
        status: "completed",
        conclusion: "failure",
        externalId: `mlgate:2:${HEAD_RUN_ID}:1`,
      },
    ])
    .checkUpdate(4001);

  await deliver(probot, "workflow_run", workflowRunPayload("in_progress"));
  await deliver(
    probot,
    "workflow_run",
    workflowRunPayload("in_progress", { headSha: "f".repeat(40), attempt: 2 }),
  );

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent<CheckBody>("check").map((c) => c.status)).toEqual(["in_progress", "in_progress"]);
});

test("a pull request opened after its training run finished is reviewed at once", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .runForCommit(HEAD_SHA, { status: "completed", conclusion: "success" })
    .artifacts([{ id: 11, runId: HEAD_RUN_ID }])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE)
    .baseRuns([])
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(probot, "pull_request", pullRequestPayload("opened"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent<CheckBody>("check")[0]).toMatchObject({ status: "completed" });
});

test("a change outside paths: concludes neutral at once", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config(`${CONFIG}paths: ["model/**", "train.py"]\n`)
    .files(["README.md", "docs/usage.md"])
    .checkCreate();

  await deliver(probot, "pull_request", pullRequestPayload("opened"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check).toMatchObject({ status: "completed", conclusion: "neutral" });
  expect(check?.output.title).toBe("Not configured for this change");
});

test("a change inside paths: waits for training as usual", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config(`${CONFIG}paths: ["model/**"]\n`)
    .files(["model/net.py"])
    .runForCommit(HEAD_SHA, { status: "in_progress", conclusion: null })
    .checkCreate();

  await deliver(probot, "pull_request", pullRequestPayload("opened"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent<CheckBody>("check")[0]).toMatchObject({ status: "in_progress" });
});

test("a config error on the default branch fails the new head's check with the problems", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock().config("workflow: [train.yml\n").checkCreate();

  await deliver(probot, "pull_request", pullRequestPayload("opened"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
  expect(check?.output.summary).toMatch(/\(line \d+\)/);
});

test("Re-run on the check reviews the head again in a new check run", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .pull()
    .runForCommit(HEAD_SHA, { status: "completed", conclusion: "success" })
    .artifacts([{ id: 11, runId: HEAD_RUN_ID }])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE)
    .baseRuns([])
    .checkCreate(6000)
    .comments([])
    .commentCreate();

  await deliver(probot, "check_run", checkRerequestedPayload());

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent<CheckBody>("check")[0]).toMatchObject({
    status: "completed",
    conclusion: "success",
  });
});

test("Re-run of another app's check named mlgate is ignored", async () => {
  const { probot } = await createTestApp({ appSlug: "not-mlgate" });
  const gh = new GitHubMock();

  await deliver(probot, "check_run", checkRerequestedPayload());

  expect(gh.count).toBe(0);
});

test("a config naming a workflow that does not exist fails the check as a configuration error", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock().config().checkCreate();
  gh.api
    .get(`/repos/${REPO}/actions/workflows/train.yml/runs`)
    .query(true)
    .reply(404, { message: "Not Found" });

  await deliver(probot, "pull_request", pullRequestPayload("opened"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
  expect(check?.output.title).toBe("Configuration error");
  expect(check?.output.summary).toContain('there is no workflow "train.yml"');
});
