import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { LocalScm } from "../../src/scm/local-scm.js";
import { CONFIG, cleanUp, pullRequestRepo, tempDir } from "./helpers.js";

afterEach(cleanUp);

describe("LocalScm", () => {
  test("reads the config as committed at a revision, or from the working tree", async () => {
    const repo = await pullRequestRepo({
      base: { ".github/mlgate.yml": CONFIG },
      head: { ".github/mlgate.yml": "metrics: {}\n" },
    });
    const outDir = await tempDir();
    const at = (configRef?: string) =>
      new LocalScm({ repoDir: repo.dir, configRef, outDir }).readConfig();
    expect(await at("origin/master")).toBe(CONFIG);
    expect(await at()).toBe("metrics: {}\n");
    const other = new LocalScm({ repoDir: repo.dir, configPath: "nope.yml", outDir });
    expect(await other.readConfig()).toBeUndefined();
    await expect(at("--output=/tmp/x")).rejects.toThrow("is not a git revision");
    await expect(at("no-such-branch")).rejects.toThrow('no commit "no-such-branch"');
  });

  test("writes the comment and the check run to files, and says when nothing changed", async () => {
    const outDir = await tempDir();
    const lines: string[] = [];
    const scm = new LocalScm({ repoDir: outDir, outDir, log: (l) => lines.push(l) });
    const sha = "a".repeat(40);
    expect(await scm.upsertReviewComment(3, "body", sha)).toMatchObject({ outcome: "created" });
    expect(await scm.upsertReviewComment(3, "body", sha)).toMatchObject({ outcome: "unchanged" });
    expect(await readFile(join(outDir, "comment-3.md"), "utf8")).toContain(
      `<!-- mlgate:sha=${sha} -->`,
    );
    const check = await scm.createCheck({
      headSha: sha,
      status: "completed",
      conclusion: "failure",
      title: "t",
      summary: "s",
    });
    expect(await scm.findCheck(sha)).toEqual(check);
    const file = JSON.parse(await readFile(join(outDir, `check-${sha.slice(0, 12)}.json`), "utf8"));
    expect(file).toMatchObject({ name: "mlgate", head_sha: sha, conclusion: "failure" });
    expect(lines).toHaveLength(2);
    await expect(scm.openArtifact(1, "eval-results")).rejects.toThrow("local run");
  });

  test("the changed files and the merge base of a pull request come from git", async () => {
    const repo = await pullRequestRepo({
      base: { "a.txt": "1" },
      head: { "b/c.txt": "2" },
    });
    const pr = {
      number: 2,
      url: "",
      state: "open" as const,
      author: "someone",
      labels: [],
      headSha: repo.headSha,
      headRef: "changes",
      headRepo: "local/repo",
      baseRef: "master",
    };
    const scm = new LocalScm({ repoDir: repo.dir, outDir: await tempDir(), pullRequest: pr });
    expect(await scm.changedFiles(2)).toEqual(["b/c.txt"]);
    expect(await scm.findBaseline(pr, "train.yml")).toMatchObject({ mergeBase: repo.baseSha });
  });
});
