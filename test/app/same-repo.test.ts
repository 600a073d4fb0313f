import { expect, test } from "vitest";
import { deliver } from "./helpers/deliver.js";
import { GitHubMock } from "./helpers/github-mock.js";
import { HEAD_RUN_ID, HEAD_SHA, REPO, workflowRunPayload } from "./helpers/payloads.js";
import { GRANDPARENT, isolateNetwork, MERGE_BASE, metricsZip, PARENT } from "./helpers/setup.js";
import { createTestApp } from "./helpers/test-probot.js";

isolateNetwork();

type CheckBody = {
  status: string;
  conclusion?: string;
  external_id?: string;
  details_url?: string;
  output: { title: string; summary: string; text?: string };
};

test("a same-repo run is reviewed against the baseline two commits before the merge base", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .artifacts([
      { id: 11, runId: HEAD_RUN_ID },
      { id: 22, runId: 900, sha: GRANDPARENT },
    ])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE)
    .baseRuns([{ id: 900, sha: GRANDPARENT, number: 90 }])
    .commits(MERGE_BASE, [MERGE_BASE, PARENT, GRANDPARENT])
    .download(22, metricsZip({ accuracy: 0.905 }))
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.blob.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check).toMatchObject({
    status: "completed",
    conclusion: "success",
    external_id: `mlgate:2:${HEAD_RUN_ID}:1`,
    details_url: `https://github.com/${REPO}/actions/runs/${HEAD_RUN_ID}`,
  });
  const [comment] = gh.sent<{ body: string }>("comment");
  expect(comment?.body).toMatch(/^<!-- mlgate:review -->/);
  expect(comment?.body).toContain(`<!-- mlgate:sha=${HEAD_SHA} -->`);
  expect(comment?.body).toContain("compared with baseline `ccccccc`");
  expect(comment?.body).toContain("2 commits before the merge base `aaaaaaa`");
  // The signed URL (and its signature) is never repeated to GitHub or in the comment.
  expect(JSON.stringify(gh.bodies.get("comment"))).not.toContain("s3cr3t");
});

test("a baseline at the merge base needs no commit history", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .artifacts([
      { id: 11, runId: HEAD_RUN_ID },
      { id: 22, runId: 900, sha: MERGE_BASE },
    ])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE)
    .baseRuns([{ id: 900, sha: MERGE_BASE, number: 90 }])
    .download(22, metricsZip({ accuracy: 0.9 }))
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.seen.some((r) => r.includes("/commits?"))).toBe(false);
  const [comment] = gh.sent<{ body: string }>("comment");
  expect(comment?.body).toContain("compared with baseline `aaaaaaa`");
  expect(comment?.body).not.toContain("before the merge base");
});

test("with no baseline run on the base branch the review says so and change gates are not evaluated", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .artifacts([{ id: 11, runId: HEAD_RUN_ID }])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE)
    .baseRuns([])
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [comment] = gh.sent<{ body: string }>("comment");
  expect(comment?.body).toContain(
    "**No baseline:** no successful push run of train.yml on master yet",
  );
  expect(comment?.body).toMatch(/not evaluated/);
  const [check] = gh.sent<CheckBody>("check");
  expect(check?.output.text).toContain("No baseline");
});

test("an expired baseline artifact (410) is said plainly and the review goes on without it", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .artifacts([
      { id: 11, runId: HEAD_RUN_ID },
      { id: 22, runId: 900, sha: MERGE_BASE },
    ])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE)
    .baseRuns([{ id: 900, sha: MERGE_BASE, number: 90 }])
    .expiredDownload(22)
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [comment] = gh.sent<{ body: string }>("comment");
  expect(comment?.body).toMatch(
    /\*\*No baseline:\*\* the baseline .*train\.yml run .*90 on master.* has expired/,
  );
});

test("baseline runs whose artifact expired are skipped for an older one", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .artifacts([
      { id: 11, runId: HEAD_RUN_ID },
      { id: 21, runId: 901, sha: MERGE_BASE, expired: true },
      { id: 22, runId: 900, sha: PARENT },
    ])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE)
    .baseRuns([
      { id: 901, sha: MERGE_BASE, number: 91 },
      { id: 900, sha: PARENT, number: 90 },
    ])
    .commits(MERGE_BASE, [MERGE_BASE, PARENT])
    .download(22, metricsZip({ accuracy: 0.9 }))
    .checkCreate()
    .comments([])
    .commentCreate();

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent<{ body: string }>("comment")[0]?.body).toContain("1 commit before the merge base");
});

test("an expired head artifact concludes the check as failed, saying so", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config()
    .artifacts([{ id: 11, runId: HEAD_RUN_ID, expired: true }])
    .checkCreate();

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
  expect(check?.output.summary).toContain("has expired");
  expect(gh.sent("comment")).toEqual([]);
});

test("a failed training run concludes the check as failed with a link to the run", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock().config().checkCreate();

  await deliver(probot, "workflow_run", workflowRunPayload("completed", { conclusion: "failure" }));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
  expect(check?.output.title).toBe("Training run failure");
  expect(check?.output.summary).toContain(
    `(https://github.com/${REPO}/actions/runs/${HEAD_RUN_ID})`,
  );
});

test("a cancelled training run concludes failure too; a skipped one neutral", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock().config().checkCreate().config().checkUpdate();

  await deliver(
    probot,
    "workflow_run",
    workflowRunPayload("completed", { conclusion: "cancelled" }),
  );
  await deliver(
    probot,
    "workflow_run",
    workflowRunPayload("completed", { conclusion: "skipped", attempt: 2 }),
  );

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.sent<CheckBody>("check").map((c) => c.conclusion)).toEqual(["failure", "neutral"]);
});

test("runs of other workflows are ignored after reading the config", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock().config();

  await deliver(
    probot,
    "workflow_run",
    workflowRunPayload("completed", { workflowPath: ".github/workflows/lint.yml" }),
  );

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.count).toBe(1);
});

test("without .github/mlgate.yml the app stays silent", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock().config(null);

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  expect(gh.seen).toEqual([`GET /repos/${REPO}/contents/.github/mlgate.yml`]);
});

test("config errors conclude the check with each key path, message and line", async () => {
  const { probot } = await createTestApp();
  const gh = new GitHubMock()
    .config(
      "workflow: train.yml\nmetrics:\n  gates:\n    accuracy: { min: high }\n  colour: blue\n",
    )
    .checkCreate();

  await deliver(probot, "workflow_run", workflowRunPayload("completed"));

  expect(gh.api.pendingMocks()).toEqual([]);
  const [check] = gh.sent<CheckBody>("check");
  expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
  expect(check?.output.title).toBe("Configuration error");
  expect(check?.output.summary).toMatch(/metrics\.gates\.accuracy\.min: .*\(line 4\)/);
  expect(check?.output.summary).toMatch(/metrics\.colour: unknown key \(line 5\)/);
});
