import { readFile } from "node:fs/promises";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { BASE_SHA, GitHubMock } from "./github-mock.js";
import {
  CONFIG,
  cleanUp,
  HEAD_SHA,
  pullRequestData,
  pullRequestPayload,
  REPO,
  runAction,
  runnerEnv,
  tempDir,
  writeFiles,
} from "./helpers.js";

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

/** A workspace that is no git checkout: the config comes through the API. */
async function workspace(accuracy: number): Promise<string> {
  const dir = await tempDir();
  await writeFiles(dir, { "out/eval/metrics.json": JSON.stringify({ accuracy }) });
  return dir;
}

describe("pull request from the same repository, artifacts baseline", () => {
  test("reviews against the merge base's push run, then posts the check run and the comment", async () => {
    github.config(CONFIG).baseline({ accuracy: 0.9 }).check().comment();
    const env = await runnerEnv({
      event: "pull_request",
      payload: pullRequestPayload(),
      workspace: await workspace(0.91),
      inputs: { results: "out/eval" },
    });

    const result = await runAction(env);

    github.done();
    expect(result.code).toBe(0);
    expect(github.seen).toEqual([
      `GET /repos/${REPO}/contents/.github/mlgate.yml`,
      `GET /repos/${REPO}/compare/master...${HEAD_SHA}`,
      `GET /repos/${REPO}/actions/workflows/train.yml/runs`,
      `GET /repos/${REPO}/actions/artifacts`,
      `GET /repos/${REPO}/actions/artifacts/55/zip`,
      "GET /a/55.zip",
      `POST /repos/${REPO}/check-runs`,
      `GET /repos/${REPO}/issues/2/comments`,
      `POST /repos/${REPO}/issues/2/comments`,
    ]);
    // The check is on the pull request's head, not on the merge commit the workflow ran on.
    expect(github.bodies.check[0]).toMatchObject({
      name: "mlgate",
      head_sha: HEAD_SHA,
      status: "completed",
      conclusion: "success",
      details_url: `https://github.com/${REPO}/actions/runs/4242`,
    });
    const body = String(github.bodies.comment[0]?.body);
    expect(body).toContain("<!-- mlgate:review -->");
    expect(body).toContain(`<!-- mlgate:sha=${HEAD_SHA} -->`);
    // Artifact-derived text is escaped: `#9` must not link issue 9.
    expect(body).toContain(
      "[train.yml run #&#8203;9 on master](https://github.com/Codertocat/Hello-World/actions/runs/900)",
    );

    expect(result.outputs).toEqual({
      passed: "true",
      "report-path": `${result.tempDir}/mlgate/report.json`,
      "comment-url": `https://github.com/${REPO}/pull/2#issuecomment-1`,
    });
    const report = JSON.parse(await readFile(result.outputs["report-path"] ?? "", "utf8"));
    expect(report).toMatchObject({ passed: true, baseline: { sha: BASE_SHA } });
    expect(result.summary).toContain("✅ mlgate: passed");
  });

  test("a failed gate fails the step, after publishing the failure", async () => {
    github.config(CONFIG).baseline({ accuracy: 0.9 }).check().comment();
    github.api.get(`/repos/${REPO}/pulls/2`).reply(200, pullRequestData());
    const env = await runnerEnv({
      event: "pull_request",
      payload: pullRequestPayload(),
      workspace: await workspace(0.85),
      inputs: { results: "out/eval" },
    });
    const result = await runAction(env);
    github.done();
    expect(result.code).toBe(1);
    expect(result.outputs.passed).toBe("false");
    expect(github.bodies.check[0]).toMatchObject({ conclusion: "failure" });
    expect(result.log).toMatch(/::error title=mlgate%3A a gate failed::mlgate: /);
  });

  test("an override label added by a maintainer after the run started accepts the failure", async () => {
    const label = "mlgate/accept-regression";
    github.config(CONFIG).baseline({ accuracy: 0.9 }).check().comment();
    github.api.get(`/repos/${REPO}/pulls/2`).reply(200, pullRequestData({ labels: [label] }));
    github.api
      .get(`/repos/${REPO}/actions/workflows/train.yml/runs`)
      .query({ head_sha: HEAD_SHA, per_page: "1" })
      .reply(200, {
        workflow_runs: [
          {
            id: 4242,
            run_number: 17,
            event: "pull_request",
            status: "in_progress",
            conclusion: null,
            head_sha: HEAD_SHA,
            head_branch: "changes",
            html_url: `https://github.com/${REPO}/actions/runs/4242`,
            created_at: "2025-03-01T10:00:00Z",
          },
        ],
      });
    github.api
      .get(`/repos/${REPO}/issues/2/events`)
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
      .get(`/repos/${REPO}/collaborators/maintainer/permission`)
      .reply(200, { permission: "write", role_name: "write" });
    const env = await runnerEnv({
      event: "pull_request",
      payload: pullRequestPayload(),
      workspace: await workspace(0.85),
      inputs: { results: "out/eval" },
    });
    const result = await runAction(env);
    github.done();
    expect(result.code).toBe(0);
    expect(result.outputs.passed).toBe("true");
    expect(github.bodies.check[0]).toMatchObject({ conclusion: "success" });
    expect(JSON.stringify(github.bodies.check[0]?.output)).toContain("Accepted by @maintainer");
  });

  test("a broken config concludes the check as failed, so a required check never waits", async () => {
    github.config("metrics:\n  gates:\n    accuracy: { minimum: 0.9 }\n").check();
    const env = await runnerEnv({
      event: "pull_request",
      payload: pullRequestPayload(),
      workspace: await workspace(0.9),
      inputs: { results: "out/eval" },
    });
    const result = await runAction(env);
    github.done();
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({
      passed: "false",
      "report-path": `${result.tempDir}/mlgate/report.json`,
    });
    // An `if: always()` step reads why, from the same path as a review.
    const report = JSON.parse(await readFile(result.outputs["report-path"] ?? "", "utf8"));
    expect(report).toMatchObject({ passed: false, verdict: "failed" });
    expect(report.headline).toMatch(/^mlgate could not review: .*minimum/);
    expect(report.errors.join("\n")).toContain("metrics.gates.accuracy.minimum: unknown key");
    expect(github.bodies.check[0]).toMatchObject({ head_sha: HEAD_SHA, conclusion: "failure" });
    expect(JSON.stringify(github.bodies.check[0])).toContain("minimum");
    expect(result.summary).toContain("mlgate could not review");
    expect(result.summary).toContain("the default branch");
  });

  test("no baseline run yet: change gates are not evaluated, the check says so", async () => {
    github.config(CONFIG).check().comment();
    github.api
      .get(`/repos/${REPO}/compare/master...${HEAD_SHA}`)
      .query(true)
      .reply(200, { merge_base_commit: { sha: BASE_SHA } });
    github.api
      .get(`/repos/${REPO}/actions/workflows/train.yml/runs`)
      .query(true)
      .reply(200, { total_count: 0, workflow_runs: [] });
    const env = await runnerEnv({
      event: "pull_request",
      payload: pullRequestPayload(),
      workspace: await workspace(0.95),
      inputs: { results: "out/eval" },
    });
    const result = await runAction(env);
    github.done();
    expect(result.code).toBe(0);
    expect(result.summary).toContain("no successful push run of train.yml on master yet");
  });

  test("inputs are checked before anything is sent", async () => {
    const env = await runnerEnv({
      event: "pull_request",
      payload: pullRequestPayload(),
      workspace: await workspace(0.9),
      inputs: { results: "out/eval", baseline: "s3" },
    });
    const result = await runAction(env);
    expect(result.code).toBe(1);
    expect(github.seen).toEqual([]);
    expect(result.log).toContain('input baseline: "s3" is not one of artifacts, git');
  });
});
