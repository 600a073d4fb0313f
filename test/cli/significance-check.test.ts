import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

// Builds base and head evaluation outputs over the same ids: base gets `baseCorrect` examples
// right, head flips some right answers to wrong so its accuracy drops by `drop` of n.
function writeSide(dir: string, n: number, correct: (i: number) => boolean): number {
  mkdirSync(dir, { recursive: true });
  const lines = ["id,label,prediction"];
  let right = 0;
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const ok = correct(i);
    if (ok) right++;
    lines.push(`ex-${i},${label},${ok ? label : 1 - label}`);
  }
  writeFileSync(join(dir, "predictions.csv"), `${lines.join("\n")}\n`);
  writeFileSync(join(dir, "metrics.json"), JSON.stringify({ accuracy: right / n }));
  return right / n;
}

const CONFIG = `metrics:
  gates:
    accuracy: { max_regression: 0.001, significance: 0.05 }
significance:
  predictions: predictions.csv
  id: id
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mlgate-sig-"));
  writeFileSync(join(dir, "mlgate.yml"), CONFIG);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Base right on 85% (deterministic pattern); head loses `lost` and gains `gained` examples. */
function scenario(name: string, n: number, lost: number, gained: number) {
  const baseRight = (i: number) => i % 20 < 17;
  const base = writeSide(join(dir, name, "base"), n, baseRight);
  // Discordant pairs spread over the set: some base-right examples turn wrong, some wrong turn right.
  const loseEvery = Math.floor((n * 0.85) / lost);
  const gainEvery = gained > 0 ? Math.floor((n * 0.15) / gained) : 0;
  let seenRight = 0;
  let seenWrong = 0;
  let lostSoFar = 0;
  let gainedSoFar = 0;
  const head = writeSide(join(dir, name, "head"), n, (i) => {
    if (baseRight(i)) {
      seenRight++;
      if (lostSoFar < lost && seenRight % loseEvery === 0) {
        lostSoFar++;
        return false;
      }
      return true;
    }
    seenWrong++;
    if (gainEvery > 0 && gainedSoFar < gained && seenWrong % gainEvery === 0) {
      gainedSoFar++;
      return true;
    }
    return false;
  });
  return { base, head };
}

describe("noise-aware gates end to end through mlgate check", () => {
  it("a 0.3 pp drop on 2,000 examples passes as within noise", async () => {
    const { base, head } = scenario("small", 2000, 16, 10); // net −6 of 2,000 = −0.3 pp
    expect(base - head).toBeCloseTo(0.003, 10);
    const r = await runCli(
      [
        "check",
        "--config",
        "mlgate.yml",
        "--head",
        "small/head",
        "--base",
        "small/base",
        "--format",
        "json",
      ],
      dir,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const gate = json.gates.find((g: { rule: string }) => g.rule === "max_regression");
    expect(gate).toMatchObject({ outcome: "within_noise", passed: true });
    expect(gate.significance.test).toBe("mcnemar");
    // McNemar exact on 16 vs 10 discordant pairs: p = 2·P(X ≤ 10), X ~ Bin(26, ½) = 0.3269…
    expect(gate.significance.p_value).toBeCloseTo(0.32693, 4);
    expect(gate.significance.ci[0]).toBeLessThan(0);
    expect(gate.significance.ci[1]).toBeGreaterThan(0);
    expect(gate.significance.draws).toBe(1000);
    expect(gate.message).toContain("within noise");

    const md = await runCli(
      ["check", "--config", "mlgate.yml", "--head", "small/head", "--base", "small/base"],
      dir,
    );
    expect(md.stdout).toMatch(/🟡 max regression [^|]* within noise/);
    // Rendered escaped (the message carries the metric name): −0.3 pp \[−0.8, +0.2\].
    expect(md.stdout).toMatch(/−0\.3 pp \\\[−[\d.]+, \+[\d.]+\\\]/);
  });

  it("a 3 pp drop on 20,000 examples fails as significant", async () => {
    const { base, head } = scenario("large", 20_000, 700, 100); // net −600 of 20,000 = −3 pp
    expect(base - head).toBeCloseTo(0.03, 10);
    const r = await runCli(
      [
        "check",
        "--config",
        "mlgate.yml",
        "--head",
        "large/head",
        "--base",
        "large/base",
        "--format",
        "json",
      ],
      dir,
    );
    expect(r.code).toBe(1);
    const gate = JSON.parse(r.stdout).gates.find(
      (g: { rule: string }) => g.rule === "max_regression",
    );
    expect(gate).toMatchObject({ outcome: "failed", passed: false });
    expect(gate.significance.test).toBe("mcnemar");
    expect(gate.significance.p_value).toBeLessThan(1e-10);
    expect(gate.significance.ci[1]).toBeLessThan(0);
    expect(gate.message).toContain("significant at α = 0.05");
  });

  it("reruns give the same interval (the seed comes from the inputs, not the clock)", async () => {
    const args = [
      "check",
      "--config",
      "mlgate.yml",
      "--head",
      "small/head",
      "--base",
      "small/base",
      "--format",
      "json",
    ];
    const a = JSON.parse((await runCli(args, dir)).stdout);
    const b = JSON.parse((await runCli(args, dir)).stdout);
    expect(a.gates).toEqual(b.gates);
  });

  it("without predictions the gate falls back to the plain tolerance and says so", async () => {
    writeSide(join(dir, "plain", "base"), 10, () => true);
    writeFileSync(join(dir, "plain", "base", "metrics.json"), JSON.stringify({ accuracy: 0.9 }));
    mkdirSync(join(dir, "plain", "head"), { recursive: true });
    writeFileSync(join(dir, "plain", "head", "metrics.json"), JSON.stringify({ accuracy: 0.89 }));
    const r = await runCli(
      [
        "check",
        "--config",
        "mlgate.yml",
        "--head",
        "plain/head",
        "--base",
        "plain/base",
        "--format",
        "json",
      ],
      dir,
    );
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.gates[0].message).toContain("plain tolerance applies");
    expect(json.notes.join(" ")).toContain("the head has no predictions.csv");
  });

  it("per-seed arrays are compared with Welch's t-test", async () => {
    mkdirSync(join(dir, "seeds", "base"), { recursive: true });
    mkdirSync(join(dir, "seeds", "head"), { recursive: true });
    writeFileSync(
      join(dir, "seeds", "base", "metrics.json"),
      JSON.stringify({ accuracy: [0.9, 0.91, 0.89] }),
    );
    writeFileSync(
      join(dir, "seeds", "head", "metrics.json"),
      JSON.stringify({ accuracy: [0.895, 0.905, 0.885] }),
    );
    const r = await runCli(
      [
        "check",
        "--config",
        "mlgate.yml",
        "--head",
        "seeds/head",
        "--base",
        "seeds/base",
        "--format",
        "json",
      ],
      dir,
    );
    const json = JSON.parse(r.stdout);
    expect(json.metrics[0]).toMatchObject({
      base: expect.closeTo(0.9, 12),
      head: expect.closeTo(0.895, 12),
    });
    expect(json.metrics[0].base_std).toBeCloseTo(0.01, 12);
    const gate = json.gates[0];
    expect(gate.significance.test).toBe("welch");
    // Equal variances (0.01²) and n = 3: t = −0.005 / sqrt(2·0.0001/3) = −0.6124, df = 4.
    expect(gate.outcome).toBe("within_noise");
    expect(r.code).toBe(0);
  });
});
