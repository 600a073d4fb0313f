import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { BASE_SHA, GitHubMock } from "./github-mock.js";
import {
  CONFIG,
  cleanUp,
  example,
  HEAD_SHA,
  type Json,
  pullRequestData,
  pullRequestRepo,
  REPO,
  runAction,
  runnerEnv,
  tempDir,
  writeFiles,
} from "./helpers.js";

/** The merge group's head: the base branch with pull request #2 merged on top. */
const GROUP_SHA = "9".repeat(40);
const GROUP_BRANCH = `gh-readonly-queue/master/pr-2-${HEAD_SHA}`;
const R = `/repos/${REPO}`;

/** Only a change gate: without a baseline nothing is judged. */
const CHANGE_ONLY = `workflow: train.yml
artifact: eval-results
metrics:
  files: ["metrics.json"]
  gates:
    accuracy: { max_regression: 0.01 }
`;

/** GitHub's `merge_group.checks_requested` payload (webhooks-examples), for pull request #2. */
function mergeGroupPayload(headSha = GROUP_SHA): Json {
  const payload = example("merge_group", (p) => p.action === "checks_requested");
  const group = payload.merge_group as Json;
  group.head_sha = headSha;
  group.head_ref = `refs/heads/${GROUP_BRANCH}`;
  group.base_sha = BASE_SHA;
  group.base_ref = "refs/heads/master";
  return payload;
}

/** A workflow run `on: merge_group`, as the runner starts it on the group's head. */
async function groupEnv(
  workspace: string,
  inputs: Record<string, string> = {},
  headSha = GROUP_SHA,
): Promise<NodeJS.ProcessEnv> {
  return runnerEnv({
    event: "merge_group",
    payload: mergeGroupPayload(headSha),
    workspace,
    inputs: { results: "out/eval", ...inputs },
    sha: headSha,
    ref: `refs/heads/${GROUP_BRANCH}`,
  });
}

/** A workspace that is no git checkout: the config comes through the API. */
async function workspace(accuracy: number): Promise<string> {
  const dir = await tempDir();
  await writeFiles(dir, { "out/eval/metrics.json": JSON.stringify({ accuracy }) });
  return dir;
}

let github: GitHubMock;

beforeEach(() => {
  nock.disableNetConnect();
  github = new GitHubMock();
});
afterEach(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await cleanUp();
});

describe("merge_group: the step's result is the merge queue's verdict", () => {
  test("passing results: compared with the base branch's baseline, check on the group's head, no comment, exit 0", async () => {
    github.config(CONFIG).baseline({ accuracy: 0.9 }, GROUP_SHA).check(201, GROUP_SHA);

    const result = await runAction(await groupEnv(await workspace(0.91)));

    github.done();
    expect(result.code).toBe(0);
    // The merge base of the group's head with the base branch, as for a pull request into it.
    expect(github.seen).toEqual([
      `GET ${R}/contents/.github/mlgate.yml`,
      `GET ${R}/compare/master...${GROUP_SHA}`,
      `GET ${R}/actions/workflows/train.yml/runs`,
      `GET ${R}/actions/artifacts`,
      `GET ${R}/actions/artifacts/55/zip`,
      "GET /a/55.zip",
      `POST ${R}/check-runs`,
    ]);
    expect(github.bodies.check[0]).toMatchObject({
      name: "mlgate",
      head_sha: GROUP_SHA,
      status: "completed",
      conclusion: "success",
      external_id: "mlgate:queue",
    });
    expect(github.bodies.comment).toEqual([]);
    expect(result.outputs).toEqual({
      passed: "true",
      "report-path": `${result.tempDir}/mlgate/report.json`,
      "comment-url": "",
    });
    const report = JSON.parse(await readFile(result.outputs["report-path"] ?? "", "utf8"));
    expect(report).toMatchObject({
      passed: true,
      verdict: "passed",
      head: { sha: GROUP_SHA },
      baseline: { sha: BASE_SHA },
    });
    expect(result.summary).toContain("**Merge queue:** group gh-readonly-queue/master/pr-2-");
    expect(result.summary).toContain("made for pull request #2");
    expect(result.summary).toContain("✅ mlgate: passed");
    expect(result.summary).not.toContain("not evaluated");
  });

  test("a regression beyond the tolerance fails the step and the group's check", async () => {
    github.config(CONFIG).baseline({ accuracy: 0.9 }, GROUP_SHA).check(201, GROUP_SHA);
    // The override label is looked for on the group's pull request; it has none.
    github.api.get(`${R}/pulls/2`).reply(200, pullRequestData());

    const result = await runAction(await groupEnv(await workspace(0.85)));

    github.done();
    expect(result.code).toBe(1);
    expect(result.outputs.passed).toBe("false");
    expect(github.bodies.check[0]).toMatchObject({ head_sha: GROUP_SHA, conclusion: "failure" });
    expect(github.bodies.comment).toEqual([]);
    expect(result.summary).toContain("❌ mlgate: failed");
    expect(result.summary).toContain("accuracy");
    expect(result.log).toMatch(/::error title=mlgate%3A a gate failed::mlgate: /);
  });

  test("a regression accepted on the pull request is accepted in its merge group", async () => {
    const label = "mlgate/accept-regression";
    github.config(CONFIG).baseline({ accuracy: 0.9 }, GROUP_SHA).check(201, GROUP_SHA);
    github.api.get(`${R}/pulls/2`).reply(200, pullRequestData({ labels: [label] }));
    // The rule is the pull request's: its own head's training run, then who added the label.
    github.api
      .get(`${R}/actions/workflows/train.yml/runs`)
      .query({ head_sha: HEAD_SHA, per_page: "1" })
      .reply(200, {
        workflow_runs: [
          {
            id: 4100,
            run_number: 16,
            event: "pull_request",
            status: "completed",
            conclusion: "success",
            head_sha: HEAD_SHA,
            head_branch: "changes",
            html_url: `https://github.com/${REPO}/actions/runs/4100`,
            created_at: "2025-03-01T10:00:00Z",
          },
        ],
      });
    github.api
      .get(`${R}/issues/2/events`)
      .query(true)
      .reply(200, [
        {
          event: "labeled",
          label: { name: label },
          actor: { login: "maintainer" },
          created_at: "2025-03-01T11:00:00Z",
        },
      ]);
    github.api
      .get(`${R}/collaborators/maintainer/permission`)
      .reply(200, { permission: "write", role_name: "write" });

    const result = await runAction(await groupEnv(await workspace(0.85)));

    github.done();
    expect(result.code).toBe(0);
    expect(result.outputs.passed).toBe("true");
    expect(github.bodies.check[0]).toMatchObject({ head_sha: GROUP_SHA, conclusion: "success" });
    expect(JSON.stringify(github.bodies.check[0]?.output)).toContain("Accepted by @maintainer");
  });

  test("no baseline: neutral, never passed, and the summary says the change gates were not evaluated", async () => {
    github.config(CHANGE_ONLY).check(201, GROUP_SHA);
    github.api
      .get(`${R}/compare/master...${GROUP_SHA}`)
      .query(true)
      .reply(200, { merge_base_commit: { sha: BASE_SHA } });
    github.api
      .get(`${R}/actions/workflows/train.yml/runs`)
      .query(true)
      .reply(200, { total_count: 0, workflow_runs: [] });

    const result = await runAction(await groupEnv(await workspace(0.5)));

    github.done();
    // Neutral does not fail the step (there is no input asking it to); it is said, not hidden.
    expect(result.code).toBe(0);
    expect(result.outputs.passed).toBe("true");
    const report = JSON.parse(await readFile(result.outputs["report-path"] ?? "", "utf8"));
    expect(report).toMatchObject({ verdict: "neutral", passed: null });
    expect(github.bodies.check[0]).toMatchObject({ head_sha: GROUP_SHA, conclusion: "neutral" });
    expect(result.summary).toContain("**Change gates were not evaluated** (1)");
    expect(result.summary).toContain("no successful push run of train.yml on master yet");
    expect(result.summary).toContain("the verdict is neutral, not passed");
    expect(result.summary).not.toContain("✅ mlgate: passed");
    expect(result.log).toContain(
      "::warning title=mlgate%3A change gates not evaluated::mlgate: change gates were not evaluated for this merge group",
    );
  });

  test("no baseline with a gate on the head's own value: passed on that gate, and the summary says which were not evaluated", async () => {
    github.config(CONFIG).check(201, GROUP_SHA);
    github.api
      .get(`${R}/compare/master...${GROUP_SHA}`)
      .query(true)
      .reply(200, { merge_base_commit: { sha: BASE_SHA } });
    github.api
      .get(`${R}/actions/workflows/train.yml/runs`)
      .query(true)
      .reply(200, { total_count: 0, workflow_runs: [] });

    const result = await runAction(await groupEnv(await workspace(0.95)));

    github.done();
    expect(result.code).toBe(0);
    expect(result.summary).toContain("**Change gates were not evaluated** (1)");
    expect(result.summary).toContain("Only the gates on this run's own values");
    expect(result.log).toContain("::warning title=mlgate%3A change gates not evaluated::");
  });

  test("a broken config concludes the group's check as failed and fails the step", async () => {
    github.config("metrics:\n  gates:\n    accuracy: { minimum: 0.9 }\n").check(201, GROUP_SHA);

    const result = await runAction(await groupEnv(await workspace(0.9)));

    github.done();
    expect(result.code).toBe(1);
    expect(github.bodies.check[0]).toMatchObject({ head_sha: GROUP_SHA, conclusion: "failure" });
    expect(result.summary).toContain("mlgate could not review");
  });

  test("a push to the queue's branch (the older trigger) is reviewed as its merge group", async () => {
    github.config(CONFIG).baseline({ accuracy: 0.9 }, GROUP_SHA).check(201, GROUP_SHA);
    const env = await runnerEnv({
      event: "push",
      payload: {
        ref: `refs/heads/${GROUP_BRANCH}`,
        before: "0".repeat(40),
        after: GROUP_SHA,
      },
      workspace: await workspace(0.91),
      inputs: { results: "out/eval" },
      sha: GROUP_SHA,
      ref: `refs/heads/${GROUP_BRANCH}`,
    });

    const result = await runAction(env);

    github.done();
    expect(result.code).toBe(0);
    expect(github.bodies.check[0]).toMatchObject({ head_sha: GROUP_SHA, conclusion: "success" });
    expect(result.summary).toContain("**Merge queue:**");
  });
});

describe("merge_group with the git baseline (dry run)", () => {
  test("held to the base branch's config, not the group's, and compared with the merge base", async () => {
    // The queued pull request loosens the gate in its own copy of the config.
    const repo = await pullRequestRepo({
      base: { ".github/mlgate.yml": CONFIG, "out/eval/metrics.json": '{"accuracy": 0.90}' },
      head: {
        ".github/mlgate.yml":
          "metrics:\n  files: [metrics.json]\n  gates:\n    accuracy: { min: 0.1 }\n",
        "out/eval/metrics.json": '{"accuracy": 0.85}',
      },
    });
    const env = await groupEnv(repo.dir, { baseline: "git", "dry-run": "true" }, repo.headSha);

    const result = await runAction(env);

    expect(result.code).toBe(1);
    expect(result.log).toContain(".github/mlgate.yml read from origin/master");
    expect(result.summary).toContain("out/eval at the merge base with origin/master");
    expect(result.summary).toContain(repo.baseSha.slice(0, 7));
    const out = join(result.tempDir, "mlgate");
    // The check run, and no comment: the group has no pull request of its own.
    expect((await readdir(out)).sort()).toEqual([
      `check-${repo.headSha.slice(0, 12)}.json`,
      "report.json",
    ]);
    const check = JSON.parse(
      await readFile(join(out, `check-${repo.headSha.slice(0, 12)}.json`), "utf8"),
    );
    expect(check).toMatchObject({ head_sha: repo.headSha, conclusion: "failure" });
  });
});
