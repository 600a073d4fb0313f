import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { simpleGit } from "simple-git";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";

let dir: string;
const shas: Record<string, string> = {};

/** Accuracy of the twelve training runs committed on main, oldest first (noise ±0.004). */
const RUNS = [0.903, 0.899, 0.906, 0.901, 0.904, 0.9, 0.907, 0.902, 0.905, 0.898, 0.903, 0.906];

function write(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

// A real repository, built the way a DVC user's looks: training commits change
// eval/metrics.json; other commits touch the predictions or the README; a feature branch is
// merged with a merge commit; one commit broke the metrics file. All dated 1 January 2026.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mlgate-history-"));
  let day = 1;
  const git = () => {
    // A minute apart, all on 1 January 2026.
    const date = new Date(Date.UTC(2026, 0, 1, 8) + day++ * 60_000).toISOString();
    // Only what git needs: simple-git refuses variables such as EDITOR from the environment.
    return simpleGit(dir).env({
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    });
  };
  await git().init(["-b", "main"]);
  await git().addConfig("user.email", "ci@example.com").addConfig("user.name", "CI");
  await git().addConfig("commit.gpgsign", "false");
  write("README.md", "# model\n");
  await git().add(".").commit("start");
  for (const [i, accuracy] of RUNS.entries()) {
    write("eval/metrics.json", JSON.stringify({ accuracy, eval_loss: 0.3 + i / 1000 }));
    await git().add(".").commit(`train run ${i}`);
    shas[`run${i}`] = (await git().revparse(["HEAD"])).trim();
    if (i === 3) {
      // Only the predictions change: the folder changed, the metrics did not.
      write("eval/predictions.csv", "id,label,prediction\n1,1,1\n");
      await git().add(".").commit("predictions only");
      write("README.md", "# model\n\nnotes\n");
      await git().add(".").commit("docs");
    }
    if (i === 6) {
      write("eval/metrics.json", "{ not json");
      await git().add(".").commit("broken metrics | <b>@team</b>");
      shas.broken = (await git().revparse(["HEAD"])).trim();
    }
    if (i === 8) {
      // A side branch with two training commits, merged with a merge commit: first parent only.
      await git().checkoutLocalBranch("side");
      write("eval/metrics.json", JSON.stringify({ accuracy: 0.5, eval_loss: 9 }));
      await git().add(".").commit("side 1");
      write("eval/metrics.json", JSON.stringify({ accuracy: 0.904, eval_loss: 0.31 }));
      await git().add(".").commit("side 2");
      await git().checkout("main");
      await git().merge(["--no-ff", "-m", "merge side", "side"]);
      shas.merge = (await git().revparse(["HEAD"])).trim();
    }
  }
  write(
    "mlgate.yml",
    "metrics:\n  gates:\n    accuracy: { max_regression: 0.002, significance: history }\nbaseline: { max_age: 7d }\n",
  );
  await git().add(".").commit("config");
  await git().checkoutLocalBranch("feature");
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mlgate history", () => {
  it("prints one value per first-parent commit that changed the metric files (JSON)", async () => {
    const r = await runCli(["history", "eval", "--rev-range", "main", "--format", "json"], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const accuracy = json.series.find((s: { name: string }) => s.name === "accuracy").values;
    // Twelve runs plus the merge commit (whose metrics are side 2's); not the side branch's own
    // commits, not the predictions-only or README commits, not the broken one.
    expect(accuracy).toEqual([...RUNS.slice(0, 9), 0.904, ...RUNS.slice(9)]);
    expect(json.commits).toHaveLength(13);
    expect(json.commits[9]).toMatchObject({ sha: shas.merge, subject: "merge side" });
    expect(json.commits[0]).toMatchObject({
      sha: shas.run0,
      time: expect.stringMatching(/^2026-01-01T08:/),
      subject: "train run 0",
      values: { accuracy: 0.903, eval_loss: 0.3 },
    });
    expect(json.skipped).toEqual([
      expect.stringMatching(new RegExp(`^commit ${shas.broken?.slice(0, 7)}: .*metrics\\.json`)),
    ]);
    expect(r.stderr).toContain(`mlgate: warning: commit ${shas.broken?.slice(0, 7)}:`);
  });

  it("reads a range and one file, and prints trend lines and a table (markdown)", async () => {
    const r = await runCli(
      ["history", "eval/metrics.json", "--rev-range", `${shas.run5}..main`, "--metrics", "acc*"],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("### History of eval/metrics.json along");
    expect(r.stdout).toContain("7 commits changed the metric files.");
    expect(r.stdout).toMatch(
      /- \*\*accuracy\*\* `[▁-█]{7}` 0\.907 → 0\.906 · 7 values, 0\.898 – 0\.907/,
    );
    expect(r.stdout).toContain("| Commit | Date | accuracy | Subject |");
    expect(r.stdout).toContain(`| \`${shas.run11?.slice(0, 7)}\` | 2026-01-`);
    expect(r.stdout).not.toContain("eval_loss");
    // The broken commit's subject is artifact-like text: escaped where it is shown.
    expect(r.stdout).not.toContain("<b>");
  });

  it("stops at --max-count and says so", async () => {
    const r = await runCli(["history", "eval", "--max-count", "3", "--format", "json"], dir);
    const json = JSON.parse(r.stdout);
    expect(json.commits.map((c: { sha: string }) => c.sha)).toEqual([
      shas.run9,
      shas.run10,
      shas.run11,
    ]);
    expect(json.truncated).toBe(true);
  });

  it("refuses what it cannot read, with one line", async () => {
    const bad = await runCli(["history", "eval", "--rev-range", "nope..main"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^mlgate: .*git cannot read the range nope\.\.main/);
    const option = await runCli(["history", "eval", "--rev-range=main..--output=x"], dir);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("is not a revision range");
    const outside = await runCli(["history", tmpdir()], dir);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain("is outside the git checkout");
    const count = await runCli(["history", "eval", "--max-count", "0"], dir);
    expect(count.stderr).toBe('mlgate: --max-count must be a whole number ≥ 1, not "0"\n');
  });
});

describe("mlgate check --base-ref with significance: history", () => {
  const check = async (accuracy: number) => {
    write("eval/metrics.json", JSON.stringify({ accuracy, eval_loss: 0.31 }));
    return runCli(
      [
        "check",
        "--config",
        "mlgate.yml",
        "--head",
        "eval",
        "--base-ref",
        "main",
        "--format",
        "json",
      ],
      dir,
    );
  };

  it("passes a drop the history calls noise, with the trend and the baseline's age", async () => {
    // 0.906 → 0.9: beyond the 0.002 tolerance, inside what the last 13 commits predict.
    const r = await check(0.9);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const gate = json.gates.find((g: { metric: string }) => g.metric === "accuracy");
    expect(gate.outcome).toBe("within_noise");
    expect(gate.message).toContain("within the range the last 13 base commits predict");
    expect(json.history.series[0].values).toHaveLength(13);
    expect(json.history.source).toBe("commits of main that changed eval");
    // The baseline is main's tip, committed in January 2026: older than max_age 7d.
    expect(json.baseline.age).toMatchObject({ commits: 0, behind: "main" });
    expect(json.baseline.age.days).toBeGreaterThan(7);
    expect(json.baseline_warning).toContain("more than baseline.max_age (7d) allows");
  });

  it("fails an outlier, and the comment shows the trend and its chart", async () => {
    write("eval/metrics.json", JSON.stringify({ accuracy: 0.88, eval_loss: 0.31 }));
    const r = await runCli(
      ["check", "--config", "mlgate.yml", "--head", "eval", "--base-ref", "main"],
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("outside the range the last 13 base commits predict");
    expect(r.stdout).toContain("#### Trend (last 20 commits of main that changed eval)");
    expect(r.stdout).toMatch(/- ❌ \*\*accuracy\*\* `[▁-█]{13} → ▁` head 0\.88/);
    expect(r.stdout).toContain("```mermaid");
    expect(r.stdout).toContain("> ⚠️ The baseline is");
    expect(r.stdout).toContain("0 commits behind main");
  });

  it("prints the trend and the age warning on a terminal too (--format text)", async () => {
    write("eval/metrics.json", JSON.stringify({ accuracy: 0.88, eval_loss: 0.31 }));
    const r = await runCli(
      [
        "check",
        "--config",
        "mlgate.yml",
        "--head",
        "eval",
        "--base-ref",
        "main",
        "--format",
        "text",
      ],
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Trend (last 20 commits of main that changed eval)");
    expect(r.stdout).toMatch(
      /^ {2}accuracy +[▁-█]{13} → ▁ +head 0\.88 +13 base values .* limit .* FAIL$/m,
    );
    expect(r.stdout).toMatch(
      /^Warning: The baseline is .* more than baseline\.max_age \(7d\) allows/m,
    );
    expect(r.stdout).not.toContain("```");
    expect(r.stdout).not.toContain("**");
  });
});
