import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "../../src/core/config/parse-config.js";
import { runCli } from "./run-cli.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mlgate-validate-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(path: string, content: string): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), content);
}

const VALID = `workflow: train.yml
artifact: eval-results
metrics:
  gates:
    accuracy: { min: 0.9, max_regression: 0.5% }
`;

const BROKEN = `workflow: train.yml
metrics:
  gates:
    accuracy:
      minimum: 0.9
    eval_loss: { max_regression: lots }
fairness:
  label: label
`;

describe("mlgate validate", () => {
  it("prints the normalised configuration, every default filled in, and exits 0", async () => {
    write("mlgate.yml", VALID);
    const r = await runCli(["validate", "mlgate.yml"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("mlgate: mlgate.yml is valid; with its defaults it reads:\n");
    const printed = parse(r.stdout);
    expect(printed.metrics.gates.accuracy).toEqual({
      min: 0.9,
      max_regression: "0.5%",
      required: true,
    });
    expect(printed.metrics.files).toContain("**/metrics.json");
    expect(printed.override).toEqual({ label: "mlgate/accept-regression", allow_author: true });
    // What it prints is itself a valid configuration that means the same.
    const again = parseConfig(r.stdout);
    expect(again.config).toEqual(parseConfig(VALID).config);
  });

  it("lists every error on its own line, with key path and line, and exits 2", async () => {
    write("mlgate.yml", BROKEN);
    const r = await runCli(["validate", "mlgate.yml"], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([
      'mlgate: mlgate.yml: metrics.gates.accuracy.minimum: unknown key (did you mean "min"?) (line 5)',
      'mlgate: mlgate.yml: metrics.gates.eval_loss.max_regression: a relative tolerance is written like "2%" (line 6)',
      "mlgate: mlgate.yml: fairness.predictions: is required (line 7)",
      "mlgate: mlgate.yml: fairness.sensitive: is required (line 7)",
    ]);
  });

  it("names the file and the line of a YAML syntax error", async () => {
    write("mlgate.yml", "metrics:\n  gates: [unclosed\n");
    const r = await runCli(["validate", "mlgate.yml"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mlgate: mlgate\.yml: .+ \(line \d+\)\n$/);
  });

  it("--format json gives {file, valid, config|errors}", async () => {
    write("good.yml", VALID);
    write("bad.yml", BROKEN);
    const good = await runCli(["validate", "good.yml", "--format", "json"], dir);
    expect(good.code).toBe(0);
    const goodJson = JSON.parse(good.stdout);
    expect(goodJson).toMatchObject({ file: "good.yml", valid: true, warnings: [] });
    expect(goodJson.config.workflow).toBe("train.yml");
    const bad = await runCli(["validate", "bad.yml", "--format", "json"], dir);
    expect(bad.code).toBe(2);
    const badJson = JSON.parse(bad.stdout);
    expect(badJson.valid).toBe(false);
    expect(badJson.errors).toContain(
      'metrics.gates.accuracy.minimum: unknown key (did you mean "min"?) (line 5)',
    );
    expect(badJson.errors).toHaveLength(4);
  });

  it("reads .github/mlgate.yml by default, also from a subfolder of the checkout", async () => {
    mkdirSync(join(dir, ".git"));
    write(".github/mlgate.yml", VALID);
    mkdirSync(join(dir, "src", "model"), { recursive: true });
    const top = await runCli(["validate"], dir);
    expect(top.code).toBe(0);
    expect(top.stderr).toContain(`mlgate: ${join(".github", "mlgate.yml")} is valid`);
    const below = await runCli(["validate"], join(dir, "src", "model"));
    expect(below.code).toBe(0);
    expect(below.stderr).toContain(`mlgate: ${join("..", "..", ".github", "mlgate.yml")} is valid`);
  });

  it("says so when there is no configuration, and never looks above the checkout", async () => {
    mkdirSync(join(dir, "repo", ".git"), { recursive: true });
    write(".github/mlgate.yml", VALID); // outside the checkout: not this repository's
    const r = await runCli(["validate"], join(dir, "repo"));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `mlgate: ${join(".github", "mlgate.yml")}: no such file here or above, up to the top of the git checkout\n`,
    );
    const named = await runCli(["validate", "missing.yml"], dir);
    expect(named.code).toBe(2);
    expect(named.stderr).toBe("mlgate: missing.yml: no such file\n");
  });

  it("refuses a bad --format and two files", async () => {
    write("mlgate.yml", VALID);
    expect((await runCli(["validate", "mlgate.yml", "--format", "toml"], dir)).stderr).toBe(
      'mlgate: --format must be yaml or json, not "toml"\n',
    );
    const two = await runCli(["validate", "a.yml", "b.yml"], dir);
    expect(two.code).toBe(2);
    expect(two.stderr).toBe("mlgate: give one configuration FILE, not 2\n");
  });

  it("validates the example's configuration", async () => {
    const r = await runCli(["validate", "examples/sentiment/.github/mlgate.yml"], process.cwd());
    expect(r.code).toBe(0);
    expect(parse(r.stdout).fairness.gates.demographic_parity_ratio).toEqual({ min: 0.8 });
  });
});
