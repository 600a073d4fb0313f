import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mlgate-cli-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(path: string, content: string): string {
  const full = join(dir, path);
  mkdirSync(join(full, ".."), { recursive: true });
  writeFileSync(full, content);
  return full;
}

const CONFIG = `metrics:
  gates:
    accuracy: { min: 0.8, max_regression: 0.01 }
    eval_loss: { max_regression: 5% }
`;

describe("mlgate check", () => {
  beforeEach(() => {
    write("mlgate.yml", CONFIG);
    write("base/metrics.json", JSON.stringify({ accuracy: 0.9, eval_loss: 0.3, epoch: 3 }));
  });

  it("passes (exit 0) and prints the comment", async () => {
    write("head/metrics.json", JSON.stringify({ accuracy: 0.905, eval_loss: 0.29, epoch: 3 }));
    const r = await runCli(
      ["check", "--config", "mlgate.yml", "--head", "head", "--base", "base"],
      dir,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("### ✅ mlgate: passed");
    expect(r.stdout).toContain("| accuracy | 0.9 | 0.905 | +0.005 | +0.56% | 🟢 better |");
  });

  it("fails (exit 1) when a gate fails", async () => {
    write("head/metrics.json", JSON.stringify({ accuracy: 0.85, eval_loss: 0.3, epoch: 3 }));
    const r = await runCli(
      ["check", "--config", "mlgate.yml", "--head", "head", "--base", "base"],
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "| accuracy | 0.9 | 0.85 | −0.05 | ❌ max regression 0.01<br>✅ min 0.8 | accuracy regressed 0.05 \\(0.9 → 0.85\\), more than the allowed 0.01 |",
    );
  });

  it("prints the JSON contract with --format json", async () => {
    write("head/metrics.json", JSON.stringify({ accuracy: 0.85, eval_loss: 0.3, epoch: 3 }));
    const r = await runCli(
      ["check", "--config", "mlgate.yml", "--head", "head", "--base", "base", "--format", "json"],
      dir,
    );
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.passed).toBe(false);
    expect(
      json.metrics.map((m: { name: string; status: string }) => `${m.name}:${m.status}`),
    ).toEqual(["accuracy:regressed", "epoch:unchanged", "eval_loss:unchanged"]);
    expect(json.gates).toContainEqual(
      expect.objectContaining({ metric: "accuracy", rule: "max_regression", passed: false }),
    );
  });

  it("without a baseline says so and does not evaluate change gates", async () => {
    write("head/metrics.json", JSON.stringify({ accuracy: 0.85, eval_loss: 0.3 }));
    const r = await runCli(["check", "--config", "mlgate.yml", "--head", "head"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("**No baseline:** no --base or --base-ref was given");
    expect(r.stdout).toContain("⚪ max regression 0.01 not evaluated");
  });

  it("--base-ref reads committed metric files at the merge base (real git repository)", async () => {
    const git = simpleGit(dir);
    await git.init(["-b", "main"]);
    await git.addConfig("user.email", "ci@example.com").addConfig("user.name", "CI");
    write("eval/metrics.json", JSON.stringify({ accuracy: 0.9, eval_loss: 0.3 }));
    await git.add(".").commit("baseline");
    await git.checkoutLocalBranch("feature");
    write("eval/metrics.json", JSON.stringify({ accuracy: 0.91, eval_loss: 0.3 }));
    await git.add(".").commit("better model");
    // main moves on after the branch point: the merge base, not main's tip, is the baseline.
    await git.checkout("main");
    write("eval/metrics.json", JSON.stringify({ accuracy: 0.99, eval_loss: 0.1 }));
    await git.add(".").commit("main moved");
    await git.checkout("feature");
    write("eval/metrics.json", JSON.stringify({ accuracy: 0.88, eval_loss: 0.3 }));

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
        "json",
      ],
      dir,
    );
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout);
    const accuracy = json.metrics.find((m: { name: string }) => m.name === "accuracy");
    expect(accuracy).toMatchObject({ base: 0.9, head: 0.88, status: "regressed" });
    expect(json.baseline.source).toContain("merge base of HEAD and main");
    expect(r.code).toBe(1);
  });
});

describe("bad input exits 2 with one line naming the file and the key", () => {
  beforeEach(() => {
    write("mlgate.yml", CONFIG);
    write("base/metrics.json", JSON.stringify({ accuracy: 0.9 }));
  });

  async function fails(args: string[]) {
    const r = await runCli(args, dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    return lines[0]!;
  }

  it("a missing head folder", async () => {
    expect(
      await fails(["check", "--config", "mlgate.yml", "--head", "nope", "--base", "base"]),
    ).toMatch(/nope.*no such file/);
  });
  it("a missing config file", async () => {
    expect(await fails(["check", "--config", "missing.yml", "--head", "base"])).toContain(
      "missing.yml: no such file",
    );
  });
  it("malformed JSON", async () => {
    write("head/metrics.json", '{"accuracy": 0.9,');
    expect(
      await fails(["check", "--config", "mlgate.yml", "--head", "head", "--base", "base"]),
    ).toContain("metrics.json");
  });
  it("an unknown config key", async () => {
    write("bad.yml", "metrics:\n  gates:\n    accuracy: { minimum: 0.9 }\n");
    write("head/metrics.json", JSON.stringify({ accuracy: 0.9 }));
    expect(await fails(["check", "--config", "bad.yml", "--head", "head"])).toBe(
      'mlgate: bad.yml: metrics.gates.accuracy.minimum: unknown key (did you mean "min"?) (line 3)',
    );
  });
  it("NaN in a gated metric fails its gates, naming the head side and the file", async () => {
    write("head/metrics.json", '{"accuracy": NaN, "eval_loss": 0.3}');
    const r = await runCli(
      ["check", "--config", "mlgate.yml", "--head", "head", "--base", "base", "--format", "json"],
      dir,
    );
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.metrics.find((m: { name: string }) => m.name === "accuracy")).toMatchObject({
      base: 0.9,
      head: null,
      head_not_a_number: "NaN",
    });
    const failed = json.gates.filter((g: { passed: boolean }) => g.passed === false);
    expect(failed.map((g: { rule: string }) => g.rule)).toEqual(["min", "max_regression"]);
    expect(failed[0].message).toBe(
      "accuracy: the head value is NaN (in metrics.json), not a number",
    );
  });
  it("an unknown option and a bad format", async () => {
    expect(await fails(["check", "--hed", "x"])).toContain("--hed");
    expect(await fails(["check", "--head", "base", "--format", "xml"])).toContain(
      "--format must be text, markdown or json",
    );
  });
  it("--debug adds the stack", async () => {
    const r = await runCli(["check", "--config", "missing.yml", "--head", "base", "--debug"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe("help", () => {
  it("mlgate --help and mlgate check --help exit 0", async () => {
    expect((await runCli(["--help"], dir)).stdout).toContain("  check     review results");
    const r = await runCli(["check", "--help"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--base-ref REV");
  });
  it("no command is a usage error", async () => {
    expect((await runCli([], dir)).code).toBe(2);
    expect((await runCli(["frobnicate"], dir)).stderr).toContain('unknown command "frobnicate"');
  });
});

describe("mlgate diff", () => {
  it("compares two files and prints the contract JSON", async () => {
    write("a.json", JSON.stringify({ train: { loss: 0.5 }, test: { acc: 0.8 } }));
    write("b.yaml", "train:\n  loss: 0.4\ntest:\n  acc: 0.8\n  f1: 0.7\n");
    const r = await runCli(["diff", "a.json", "b.yaml", "--format", "json"], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    // No gates: nothing was checked, which is neutral, not a pass.
    expect(json.passed).toBe(null);
    expect(json.verdict).toBe("neutral");
    expect(json.gates).toEqual([]);
    expect(json.metrics).toEqual([
      {
        name: "test.acc",
        base: 0.8,
        head: 0.8,
        delta: 0,
        relative: 0,
        direction: "higher",
        status: "unchanged",
      },
      {
        name: "test.f1",
        base: null,
        head: 0.7,
        delta: null,
        relative: null,
        direction: "higher",
        status: "added",
      },
      {
        name: "train.loss",
        base: 0.5,
        head: 0.4,
        delta: expect.closeTo(-0.1, 12),
        relative: expect.closeTo(-0.2, 12),
        direction: "lower",
        status: "improved",
      },
    ]);
  });
  it("gates with --config and exits 1 on a failure", async () => {
    write("g.yml", "metrics:\n  default: { max_regression: 1% }\n");
    write("a.json", JSON.stringify({ acc: 0.8 }));
    write("b.json", JSON.stringify({ acc: 0.7 }));
    const r = await runCli(["diff", "a.json", "b.json", "--config", "g.yml"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("❌ mlgate: failed");
  });
});

describe("config file problems", () => {
  it("name the file once", async () => {
    write("tagged.yml", "workflow: !!python/object:os.system x\n");
    write("m/metrics.json", "{}");
    const r = await runCli(["check", "--config", "tagged.yml", "--head", "m"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "mlgate: tagged.yml: Unresolved tag: tag:yaml.org,2002:python/object:os.system (line 1)\n",
    );
  });
});

describe("bias check against a baseline without predictions", () => {
  it("says the baseline lacks the file instead of claiming there is no baseline", async () => {
    write(
      "fair.yml",
      "fairness:\n  predictions: predictions.csv\n  sensitive: [sex]\n  min_group_size: 1\n  gates:\n    demographic_parity_difference: { max_regression: 0.1 }\n",
    );
    write("old/metrics.json", JSON.stringify({ accuracy: 0.9 }));
    write("new/metrics.json", JSON.stringify({ accuracy: 0.9 }));
    write("new/predictions.csv", "label,prediction,sex\n1,1,F\n0,0,M\n1,0,M\n");
    const r = await runCli(
      ["check", "--config", "fair.yml", "--head", "new", "--base", "old", "--format", "json"],
      dir,
    );
    expect(r.code).toBe(0);
    const gate = JSON.parse(r.stdout).gates[0];
    expect(gate).toMatchObject({ outcome: "not_evaluated", passed: null });
    expect(gate.message).toContain("the baseline has no predictions.csv");
  });
});

describe("mlgate diff on folders", () => {
  it("reads only the configured metric files, not predictions or READMEs", async () => {
    for (const side of ["a", "b"]) {
      write(`${side}/metrics.json`, JSON.stringify({ acc: side === "a" ? 0.8 : 0.9 }));
      write(`${side}/predictions.csv`, "id,label,prediction\n1,1,1\n");
      write(`${side}/README.md`, "# results\n");
    }
    const r = await runCli(["diff", "a", "b", "--format", "json"], dir);
    // No warning about the other files; only where the configuration came from.
    expect(r.stderr).toBe(
      "mlgate: no configuration (.github/mlgate.yml not found here or above, up to the top of the checkout; give --config FILE): nothing is gated\n",
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).metrics.map((m: { name: string }) => m.name)).toEqual(["acc"]);
  });
});

describe("--base-ref before any metrics were committed", () => {
  it("reviews with no baseline instead of failing", async () => {
    const git = simpleGit(dir);
    await git.init(["-b", "main"]);
    await git.addConfig("user.email", "ci@example.com").addConfig("user.name", "CI");
    write("README.md", "model\n");
    write("mlgate.yml", CONFIG);
    await git.add(".").commit("start");
    await git.checkoutLocalBranch("first-model");
    write("out/metrics.json", JSON.stringify({ accuracy: 0.9, eval_loss: 0.3 }));
    const r = await runCli(
      ["check", "--config", "mlgate.yml", "--head", "out", "--base-ref", "main"],
      dir,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("**No baseline:** nothing is committed under out at");
  });
});

describe("mlgate check --format json with a bias check", () => {
  it("carries the fairness reports and disparities beside the gates", async () => {
    write(
      "fj.yml",
      "fairness:\n  predictions: predictions.csv\n  sensitive: [sex]\n  min_group_size: 1\n",
    );
    for (const side of ["fb", "fh"]) {
      write(`${side}/metrics.json`, JSON.stringify({ accuracy: 0.9 }));
      write(`${side}/predictions.csv`, "label,prediction,sex\n1,1,F\n0,1,F\n1,1,M\n0,0,M\n");
    }
    const r = await runCli(
      ["check", "--config", "fj.yml", "--head", "fh", "--base", "fb", "--format", "json"],
      dir,
    );
    expect(r.code).toBe(0);
    const { fairness } = JSON.parse(r.stdout);
    expect(fairness.head.rows).toBe(4);
    expect(fairness.base.rows).toBe(4);
    // Selection rates F = 1, M = 0.5: difference 0.5, ratio 0.5.
    expect(fairness.disparities).toContainEqual({
      name: "demographic_parity_difference",
      base: 0.5,
      head: 0.5,
      delta: 0,
      direction: "lower",
    });
    expect(fairness.head.groups.map((g: { group: { sex: string } }) => g.group.sex)).toEqual([
      "F",
      "M",
    ]);
  });
});
