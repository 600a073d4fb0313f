import { readFile } from "node:fs/promises";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { BASE_SHA, GitHubMock, metricsZip } from "./github-mock.js";
import {
  CONFIG,
  cleanUp,
  pullRequestData,
  pullRequestPayload,
  REPO,
  runAction,
  runnerEnv,
  tempDir,
  writeFiles,
} from "./helpers.js";

const FORK_HEAD = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0";

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

async function workspace(accuracy: number): Promise<string> {
  const dir = await tempDir();
  await writeFiles(dir, { "out/eval/metrics.json": JSON.stringify({ accuracy }) });
  return dir;
}

describe("a read-only token", () => {
  test("a fork's pull request: reads the baseline, writes nothing, fails the step by the gates and says how to publish", async () => {
    // Only reads: any write would have no nock interceptor and fail the run.
    github.config(CONFIG).baseline({ accuracy: 0.9 }, FORK_HEAD);
    // A failed review looks for the override label (a read, allowed to a fork's token).
    github.api
      .get(`/repos/${REPO}/pulls/2`)
      .reply(200, pullRequestData({ headSha: FORK_HEAD, headRepo: "forker/Hello-World" }));
    const env = await runnerEnv({
      event: "pull_request",
      payload: pullRequestPayload({ headSha: FORK_HEAD, headRepo: "forker/Hello-World" }),
      workspace: await workspace(0.85),
      inputs: { results: "out/eval" },
    });

    const result = await runAction(env);

    github.done();
    expect(github.seen.filter((r) => !r.startsWith("GET "))).toEqual([]);
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ passed: "false", "comment-url": "" });
    expect(result.summary).toContain("❌ mlgate: failed");
    expect(result.summary).toContain("Not posted on the pull request");
    expect(result.log).toContain("comes from a fork (forker/Hello-World)");
    expect(result.log).toContain("workflow_run:");
    expect(result.log).toContain('workflows: ["train"]');
    expect(result.log).toContain("uses: acme/mlgate@v1");
    expect(result.log).toContain("Never use pull_request_target");
  });

  test("a 403 on the first write (a Dependabot run, missing permissions) is handled like a fork", async () => {
    github.config(CONFIG).baseline({ accuracy: 0.9 }).check(403);
    const env = await runnerEnv({
      event: "pull_request",
      payload: pullRequestPayload(),
      workspace: await workspace(0.95),
      inputs: { results: "out/eval" },
    });
    const result = await runAction(env);
    github.done();
    expect(result.code).toBe(0);
    expect(result.outputs.passed).toBe("true");
    expect(result.log).toContain("::notice::mlgate: GitHub refused to write with this run's token");
    expect(result.log).toContain("workflow_run:");
    expect(result.summary).toContain("✅ mlgate: passed");
  });
});

describe("publishing from workflow_run (the fork pattern's second half)", () => {
  test.each([
    ".github/workflows/train.yml",
    `${REPO}/.github/workflows/train.yml@refs/heads/master`,
  ])(
    "finds the fork's pull request, reviews the run's artifact and posts on its head (run path %s)",
    async (path) => {
      const payload = JSON.parse(
        await readFile(
          join(import.meta.dirname, "../fixtures/payloads/workflow-run-completed-fork.json"),
          "utf8",
        ),
      ) as { workflow_run: { id: number; head_sha: string; path: string } };
      // Runs of reusable or dispatched workflows give the full form; the baselines are train.yml's.
      payload.workflow_run.path = path;
      const runId = payload.workflow_run.id;
      const prFromFork = pullRequestData({ headSha: FORK_HEAD, headRepo: "forker/Hello-World" });
      github.api
        .get(`/repos/${REPO}/pulls`)
        .query({ head: "forker:patch-1", state: "open", per_page: "100" })
        .reply(200, [prFromFork]);
      github.config(CONFIG);
      // One listing of the repository's artifacts serves the head run and the baseline run.
      github.artifacts([
        { id: 56, runId },
        { id: 55, runId: 900 },
      ]);
      github.download(56, metricsZip({ accuracy: 0.95 }));
      github.api
        .get(`/repos/${REPO}/compare/master...${FORK_HEAD}`)
        .query(true)
        .reply(200, { merge_base_commit: { sha: BASE_SHA } });
      github.api
        .get(`/repos/${REPO}/actions/workflows/train.yml/runs`)
        .query(true)
        .reply(200, {
          workflow_runs: [
            {
              id: 900,
              run_number: 9,
              html_url: `https://github.com/${REPO}/actions/runs/900`,
              head_sha: BASE_SHA,
              event: "push",
              conclusion: "success",
              head_repository: { full_name: REPO },
            },
          ],
        });
      github.download(55, metricsZip({ accuracy: 0.9 }));
      github.check(201, FORK_HEAD).comment();

      // The publishing workflow checks nothing out and gives no results: the run's artifact is read.
      const env = await runnerEnv({
        event: "workflow_run",
        payload,
        workspace: await tempDir(),
        sha: "c".repeat(40),
        ref: "refs/heads/master",
        inputs: { "fail-on-gate": "false" },
      });
      env.GITHUB_WORKFLOW = "mlgate publish";
      env.GITHUB_WORKFLOW_REF = `${REPO}/.github/workflows/mlgate-publish.yml@refs/heads/master`;

      const result = await runAction(env);

      github.done();
      expect(result.code).toBe(0);
      expect(github.seen).toEqual([
        `GET /repos/${REPO}/pulls`,
        `GET /repos/${REPO}/contents/.github/mlgate.yml`,
        `GET /repos/${REPO}/actions/artifacts`,
        `GET /repos/${REPO}/actions/artifacts/56/zip`,
        "GET /a/56.zip",
        `GET /repos/${REPO}/compare/master...${FORK_HEAD}`,
        `GET /repos/${REPO}/actions/workflows/train.yml/runs`,
        `GET /repos/${REPO}/actions/artifacts/55/zip`,
        "GET /a/55.zip",
        `POST /repos/${REPO}/check-runs`,
        `GET /repos/${REPO}/issues/2/comments`,
        `POST /repos/${REPO}/issues/2/comments`,
      ]);
      expect(github.bodies.check[0]).toMatchObject({
        head_sha: FORK_HEAD,
        conclusion: "success",
        details_url: expect.stringContaining(`/actions/runs/${runId}`),
      });
      expect(String(github.bodies.comment[0]?.body)).toContain(`<!-- mlgate:sha=${FORK_HEAD} -->`);
      expect(result.outputs.passed).toBe("true");
    },
  );
});
