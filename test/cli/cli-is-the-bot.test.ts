import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { runCli } from "./run-cli.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mlgate-bot-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(path: string, content: string): void {
  const full = join(dir, path);
  mkdirSync(join(full, ".."), { recursive: true });
  writeFileSync(full, content);
}

const GATES = "metrics:\n  default: { max_regression: 1% }\n  gates:\n    accuracy: { min: 0.9 }\n";

describe("config discovery: the CLI is the bot", () => {
  it("check without --config uses .github/mlgate.yml at the top of the checkout and says so", async () => {
    const git = simpleGit(dir);
    await git.init();
    write(".github/mlgate.yml", GATES);
    write("out/metrics.json", JSON.stringify({ accuracy: 0.85 }));
    mkdirSync(join(dir, "sub"));
    // Run from a sub-folder: the checkout's top is found, as the app reads the default branch's.
    const r = await runCli(["check", "--head", "../out", "--format", "json"], join(dir, "sub"));
    expect(r.stderr).toContain(
      "mlgate: using ../.github/mlgate.yml (the configuration at the top of the checkout)",
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).headline).toBe("1 gate failed: accuracy (min 0.9)");
  });

  it("a project folder's own .github/mlgate.yml wins over the top's, for check and validate alike", async () => {
    await simpleGit(dir).init();
    write(".github/mlgate.yml", "metrics:\n  gates:\n    accuracy: { min: 0.5 }\n");
    write("models/a/.github/mlgate.yml", GATES);
    write("models/a/out/metrics.json", JSON.stringify({ accuracy: 0.85 }));
    mkdirSync(join(dir, "models/a/src"));
    const cwd = join(dir, "models/a/src");
    const r = await runCli(["check", "--head", "../out", "--format", "json"], cwd);
    expect(r.stderr).toContain(
      "mlgate: using ../.github/mlgate.yml (the nearest configuration, below the top of the checkout)",
    );
    expect(r.code).toBe(1);
    const v = await runCli(["validate", "--format", "json"], cwd);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout).file).toBe(join("..", ".github", "mlgate.yml"));
  });

  it("with no configuration the verdict is neutral, 'no configuration', never passed", async () => {
    write("a.json", JSON.stringify({ accuracy: 0.9, loss: 0.2 }));
    write("b.json", JSON.stringify({ accuracy: 0.7, loss: 0.5 }));
    const r = await runCli(["diff", "a.json", "b.json", "--format", "json"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("mlgate: no configuration (.github/mlgate.yml not found");
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ verdict: "neutral", passed: null });
    expect(json.headline).toBe("No configuration: nothing is gated");
    const md = await runCli(["diff", "a.json", "b.json", "--format", "markdown"], dir);
    expect(md.stdout).toContain("### ⚪ mlgate: neutral");
    expect(md.stdout).not.toContain("passed");
  });
});

describe("--format text", () => {
  const files = () => {
    write("base/metrics.json", JSON.stringify({ accuracy: 0.95, eval_loss: 0.3, f1: 0.8 }));
    write("head/metrics.json", JSON.stringify({ accuracy: 0.85, eval_loss: 0.3, f1: 0.8 }));
    write("mlgate.yml", GATES);
  };
  it("is an aligned plain table with no markdown, and the default on a terminal", async () => {
    files();
    let stdout = "";
    const code = await run(
      ["check", "--config", "mlgate.yml", "--head", "head", "--base", "base"],
      {
        stdout: (t) => {
          stdout += t;
        },
        stderr: () => {},
        cwd: dir,
        stdoutIsTTY: true,
      },
    );
    expect(code).toBe(1);
    expect(stdout).not.toMatch(/<!--|<details>|\\_|\| - \||```/);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe("mlgate: FAILED — 1 gate failed: accuracy (min 0.9)");
    const header = lines.find((l) => l.trimStart().startsWith("Metric"));
    const row = lines.find((l) => l.trimStart().startsWith("accuracy"));
    // Columns line up: each value starts where its header does.
    expect(header?.indexOf("Head")).toBe(row?.indexOf("0.85"));
    expect(stdout).toContain("Passed: eval_loss, f1");
  });
  it("markdown stays the default when piped", async () => {
    files();
    const r = await runCli(
      ["check", "--config", "mlgate.yml", "--head", "head", "--base", "base"],
      dir,
    );
    expect(r.stdout).toContain("<!-- mlgate:review -->");
  });
});

describe("numbers show the change that exists", () => {
  it("by default: 0.0005 → 0.00025 and 0.99991 → 0.99994 read differently", async () => {
    write("a.json", JSON.stringify({ lr_loss: 0.0005, accuracy: 0.99991 }));
    write("b.json", JSON.stringify({ lr_loss: 0.00025, accuracy: 0.99994 }));
    const r = await runCli(["diff", "a.json", "b.json", "--format", "markdown"], dir);
    expect(r.stdout).toContain("| accuracy | 0.99991 | 0.99994 | +3e-5 |");
    expect(r.stdout).toContain("| lr\\_loss | 0.0005 | 0.00025 | −0.00025 |");
  });
  it("--precision N and report.precision set the significant digits", async () => {
    write("a.json", JSON.stringify({ accuracy: 0.912345 }));
    write("b.json", JSON.stringify({ accuracy: 0.923456 }));
    const two = await runCli(
      ["diff", "a.json", "b.json", "--precision", "2", "--format", "markdown"],
      dir,
    );
    expect(two.stdout).toContain("| accuracy | 0.91 | 0.92 | +0.011 |");
    write("mlgate.yml", "report: { precision: 6 }\n");
    const six = await runCli(
      ["diff", "a.json", "b.json", "--config", "mlgate.yml", "--format", "markdown"],
      dir,
    );
    expect(six.stdout).toContain("| accuracy | 0.912345 | 0.923456 | +0.011111 |");
    const bad = await runCli(["diff", "a.json", "b.json", "--precision", "0"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--precision must be a whole number");
  });
});
