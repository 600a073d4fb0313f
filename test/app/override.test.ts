import { expect, test } from "vitest";
import { deliver } from "./helpers/deliver.js";
import { CONFIG, GitHubMock } from "./helpers/github-mock.js";
import {
  HEAD_RUN_ID,
  HEAD_SHA,
  pullRequestPayload,
  workflowRunPayload,
} from "./helpers/payloads.js";
import { isolateNetwork, MERGE_BASE, metricsZip } from "./helpers/setup.js";
import { createTestApp } from "./helpers/test-probot.js";

isolateNetwork();

const LABEL = "mlgate/accept-regression";
type CheckBody = { conclusion: string; output: { title: string; summary: string; text: string } };

/** A head that regresses accuracy by 0.05 (the gate allows 0.01) against a baseline at the merge base. */
function regression(gh: GitHubMock): GitHubMock {
  return gh
    .artifacts([
      { id: 11, runId: HEAD_RUN_ID },
      { id: 22, runId: 900, sha: MERGE_BASE },
    ])
    .download(11, metricsZip({ accuracy: 0.85 }))
    .compare(MERGE_BASE)
    .baseRuns([{ id: 900, sha: MERGE_BASE, number: 90 }])
    .download(22, metricsZip({ accuracy: 0.9 }));
}

function labeled(sender: string, author?: string) {
  return pullRequestPayload("labeled", { labels: [LABEL], label: LABEL, sender, author });
}

test("the label from someone with write permission accepts the failed gates, with who and when", async () => {
  const { probot } = await createTestApp();
  const gh = regression(new GitHubMock().config().runForCommit(HEAD_SHA, { status: "completed" }))
    .permission("octocat", "write")
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(probot, "pull_request", labeled("octocat"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check?.conclusion).toBe("success");
  expect(check?.output.summary).toMatch(/Accepted by @.?octocat/);
  expect(check?.output.summary).toContain("2024-05-01T12:00:00.000Z");
  const [comment] = gh.sent<{ body: string }>("comment");
  expect(comment?.body).toMatch(/accepted by @.?octocat/);
});

test("the label from someone with read permission is ignored, and the review says so", async () => {
  const { probot } = await createTestApp();
  const gh = regression(new GitHubMock().config().runForCommit(HEAD_SHA, { status: "completed" }))
    .permission("reader", "read")
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(probot, "pull_request", labeled("reader"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check?.conclusion).toBe("failure");
  expect(check?.output.text).toMatch(
    /label added by reader was ignored: accepting failed gates needs write or admin permission, and reader has read/,
  );
  expect(gh.sent<{ body: string }>("comment")[0]?.body).toMatch(/was ignored/);
});

test("triage is not enough; maintain is", async () => {
  const { probot } = await createTestApp();
  const gh = regression(new GitHubMock().config().runForCommit(HEAD_SHA, { status: "completed" }))
    .permission("triager", "read", "triage")
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(probot, "pull_request", labeled("triager"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent<CheckBody>("check")[0]?.conclusion).toBe("failure");
});

test("with override.allow_author: false the author's own label is ignored", async () => {
  const { probot } = await createTestApp();
  const config = `${CONFIG.replace("  label: mlgate/accept-regression\n", `  label: ${LABEL}\n  allow_author: false\n`)}`;
  const gh = regression(
    new GitHubMock().config(config).runForCommit(HEAD_SHA, { status: "completed" }),
  )
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(probot, "pull_request", labeled("Codertocat", "Codertocat"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check?.conclusion).toBe("failure");
  expect(check?.output.text).toMatch(/author may not accept its own regressions/);
});

test("a run finishing with the label already on: the labeler is looked up and checked", async () => {
  const { probot } = await createTestApp();
  const gh = regression(new GitHubMock().config())
    .pull({ labels: [LABEL] })
    .labelEvents([
      { label: "bug", by: "someone", at: "2024-05-01T09:00:00Z" },
      { label: LABEL, by: "maintainer", at: "2024-05-01T10:10:00Z" },
    ])
    .permission("maintainer", "write", "maintain")
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(
    probot,
    "workflow_run",
    workflowRunPayload("completed", { createdAt: "2024-05-01T10:00:00Z" }),
  );

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check?.conclusion).toBe("success");
  expect(check?.output.summary).toContain("2024-05-01T10:10:00Z");
});

test("a label added before the head was pushed does not accept the new head: a push re-evaluates", async () => {
  const { probot } = await createTestApp();
  const gh = regression(new GitHubMock().config())
    .pull({ labels: [LABEL] })
    .labelEvents([{ label: LABEL, by: "maintainer", at: "2024-05-01T08:00:00Z" }])
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(
    probot,
    "workflow_run",
    workflowRunPayload("completed", { createdAt: "2024-05-01T10:00:00Z" }),
  );

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check?.conclusion).toBe("failure");
  expect(check?.output.text).toMatch(/added before commit ec26c3e was pushed/);
});

test("removing the label re-decides: the failed gates fail again", async () => {
  const { probot } = await createTestApp();
  const gh = regression(new GitHubMock().config().runForCommit(HEAD_SHA, { status: "completed" }))
    // A conclusion is a new check run when none is remembered (the newest of a name counts).
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(
    probot,
    "pull_request",
    pullRequestPayload("unlabeled", { labels: [], label: LABEL, sender: "octocat" }),
  );

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent<CheckBody>("check")[0]?.conclusion).toBe("failure");
});

test("other labels are ignored after reading the config", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock().config();

  await deliver(
    probot,
    "pull_request",
    pullRequestPayload("labeled", { label: "bug", sender: "octocat" }),
  );

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.count).toBe(1);
});
