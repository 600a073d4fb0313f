/**
 * `--format text` carries what the comment carries, as plain aligned text: the bias check's
 * groups, the data check, and the LLM examples that flipped (the trend: test/history).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "mlgate-text-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mlgate check --format text", () => {
  it("shows each group's rates base → head and the data check's columns", async () => {
    const config = join(dir, "sentiment.yml");
    copyFileSync(join(ROOT, "examples/sentiment/.github/mlgate.yml"), config);
    writeFileSync(
      config,
      `${readFileSync(config, "utf8")}data:\n  gates:\n    drift_share: { max: 0.5 }\n`,
    );
    const r = await runCli(
      [
        "check",
        "--config",
        config,
        "--head",
        "examples/sentiment/pull-request",
        "--base",
        "examples/sentiment/main",
        "--format",
        "text",
      ],
      ROOT,
    );
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain("Bias check disparities");
    expect(out).toContain("Bias check groups (base → head)");
    expect(out).toMatch(/^ {2}Group +Rows +Selection +TPR +FPR$/m);
    expect(out).toMatch(
      /^ {2}F \/ 18-29 +663 +0\.4555 → 0\.4465 +0\.9085 → 0\.8644 +0\.0924 → 0\.1114$/m,
    );
    expect(out).toContain(
      "Data check (predictions.csv): 0 of 3 columns drifted (0%); rows 4000 → 4000",
    );
    expect(out).toMatch(/^ {2}score +wasserstein +0\.0289 +— +0\.1 +no +0% → 0%$/m);
    expect(out).not.toMatch(/[|*`#]/);
  });

  it("lists the LLM examples that flipped, pass → fail first, hashes shortened", async () => {
    const r = await runCli(
      [
        "check",
        "--config",
        "examples/llm-eval/.github/mlgate.yml",
        "--head",
        "examples/llm-eval/pull-request",
        "--base",
        "examples/llm-eval/main",
        "--format",
        "text",
      ],
      ROOT,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples that changed outcome (paired by id)");
    expect(r.stdout).toContain(
      "  gsm8k.exact_match.strict-match: 8 pass → fail, 2 fail → pass of 120 paired",
    );
    expect(r.stdout).toMatch(/^ {4}pass → fail: (gsm8k:[0-9a-f]{12}, ){5}…$/m);
    expect(r.stdout).toMatch(/^ {4}fail → pass: gsm8k:[0-9a-f]{12}, gsm8k:[0-9a-f]{12}$/m);
  });
});
