import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import nock from "nock";
import { simpleGit } from "simple-git";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  CONFIG,
  cleanUp,
  pullRequestPayload,
  pullRequestRepo,
  pushPayload,
  runAction,
  runnerEnv,
  writeFiles,
} from "./helpers.js";

/** The pull request tries to loosen its own gate and regresses accuracy by 0.05. */
const LOOSE = "metrics:\n  files: [metrics.json]\n  gates:\n    accuracy: { min: 0.1 }\n";

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await cleanUp();
});

describe("git baseline (dry run: nothing is sent anywhere)", () => {
  test("a pull request is held to the base branch's config and compared with its merge base", async () => {
    const repo = await pullRequestRepo({
      base: { ".github/mlgate.yml": CONFIG, "results/metrics.json": '{"accuracy": 0.90}' },
      head: { ".github/mlgate.yml": LOOSE, "results/metrics.json": '{"accuracy": 0.85}' },
    });
    const env = await runnerEnv({
      event: "pull_request",
      payload: pullRequestPayload({ headSha: repo.headSha }),
      workspace: repo.dir,
      inputs: { results: "results", baseline: "git", "dry-run": "true" },
    });

    const result = await runAction(env);

    expect(result.code).toBe(1);
    expect(result.log).toContain(".github/mlgate.yml read from origin/master");
    expect(result.outputs.passed).toBe("false");
    expect(result.summary).toContain("❌ mlgate: failed");
    expect(result.summary).toContain(repo.baseSha.slice(0, 7));
    expect(result.summary).toContain("results at the merge base with origin/master");

    const report = JSON.parse(await readFile(result.outputs["report-path"] ?? "", "utf8"));
    expect(report.passed).toBe(false);
    expect(report.baseline.sha).toBe(repo.baseSha);
    expect(report.metrics).toEqual([
      expect.objectContaining({ name: "accuracy", base: 0.9, head: 0.85, status: "regressed" }),
    ]);

    // What would be posted is written next to the report instead.
    const out = join(result.tempDir, "mlgate");
    expect((await readdir(out)).sort()).toEqual([
      "check-ec26c3e57ca3.json".replace("ec26c3e57ca3", repo.headSha.slice(0, 12)),
      "comment-2.md",
      "report.json",
    ]);
    expect(result.outputs["comment-url"]).toBe(`file://${join(out, "comment-2.md")}`);
    const comment = await readFile(join(out, "comment-2.md"), "utf8");
    expect(comment).toContain("<!-- mlgate:review -->");
    expect(comment).toContain(`<!-- mlgate:sha=${repo.headSha} -->`);
    const check = JSON.parse(
      await readFile(join(out, `check-${repo.headSha.slice(0, 12)}.json`), "utf8"),
    );
    expect(check).toMatchObject({ head_sha: repo.headSha, conclusion: "failure" });
  });

  test("fail-on-gate: false reports the failure in the outputs but passes the step", async () => {
    const repo = await pullRequestRepo({
      base: { ".github/mlgate.yml": CONFIG, "results/metrics.json": '{"accuracy": 0.90}' },
      head: { "results/metrics.json": '{"accuracy": 0.70}' },
    });
    const env = await runnerEnv({
      event: "pull_request",
      payload: pullRequestPayload({ headSha: repo.headSha }),
      workspace: repo.dir,
      inputs: {
        results: "results",
        baseline: "git",
        "dry-run": "true",
        "fail-on-gate": "false",
        comment: "false",
        check: "false",
      },
    });
    const result = await runAction(env);
    expect(result.code).toBe(0);
    expect(result.outputs.passed).toBe("false");
    expect(result.outputs["comment-url"]).toBe("");
    expect(await readdir(join(result.tempDir, "mlgate"))).toEqual(["report.json"]);
  });

  test("a push is compared with its parent commit and posts nothing", async () => {
    const repo = await pullRequestRepo({
      base: { ".github/mlgate.yml": CONFIG, "eval/metrics.json": '{"accuracy": 0.90}' },
      head: { "eval/metrics.json": '{"accuracy": 0.95}' },
    });
    const env = await runnerEnv({
      event: "push",
      payload: pushPayload(repo.baseSha, repo.headSha),
      workspace: repo.dir,
      sha: repo.headSha,
      ref: "refs/heads/master",
      inputs: { results: "eval", baseline: "git", "dry-run": "true" },
    });
    const result = await runAction(env);
    expect(result.code).toBe(0);
    expect(result.outputs.passed).toBe("true");
    expect(result.summary).toContain("eval at the parent commit");
    expect(result.summary).toContain(repo.baseSha.slice(0, 7));
    expect(await readdir(join(result.tempDir, "mlgate"))).toEqual(["report.json"]);
  });

  test("a shallow checkout says what to change instead of comparing with nothing silently", async () => {
    const repo = await pullRequestRepo({
      base: { ".github/mlgate.yml": CONFIG, "results/metrics.json": '{"accuracy": 0.90}' },
      head: { "results/metrics.json": '{"accuracy": 0.91}' },
    });
    // A root commit stands in for the one commit a depth-1 checkout has.
    await simpleGit(repo.dir).raw(["checkout", "--orphan", "lonely"]);
    await writeFiles(repo.dir, { "results/metrics.json": '{"accuracy": 0.91}' });
    await simpleGit(repo.dir).add(".").commit("lonely");
    const sha = (await simpleGit(repo.dir).revparse(["HEAD"])).trim();
    const env = await runnerEnv({
      event: "push",
      payload: pushPayload(repo.headSha, sha),
      workspace: repo.dir,
      sha,
      ref: "refs/heads/master",
      inputs: { results: "results", baseline: "git", "dry-run": "true" },
    });
    const result = await runAction(env);
    expect(result.code).toBe(0);
    expect(result.summary).toContain("fetch-depth: 0");
    expect(result.summary).toContain("not evaluated");
  });
});
