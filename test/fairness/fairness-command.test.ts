import { describe, expect, it } from "vitest";
import { fairnessCommand } from "../../src/cli/fairness-command.js";
import { InputError, UsageError } from "../../src/core/errors.js";
import { tempFile } from "./helpers.js";

const CSV = `id,label,prediction,sex,race
1,1,1,F,A
2,1,0,F,A
3,0,1,F,B
4,0,0,F,B
5,1,1,F,A
6,1,1,M,A
7,1,1,M,B
8,0,0,M,A
9,0,1,M,B
10,0,0,M,A
11,1,0,M,B
`;

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await fairnessCommand(args, { stdout: (s) => (out += s) });
  return { code, out };
}

describe("mlgate fairness", () => {
  it("prints the JSON contract of DESIGN.md", async () => {
    const file = tempFile("predictions.csv", CSV);
    const { code, out } = await run([
      file,
      "--label",
      "label",
      "--prediction",
      "prediction",
      "--sensitive",
      "sex",
      "--min-group-size",
      "1",
      "--format",
      "json",
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(["rows", "overall", "groups", "disparities"]);
    expect(json.rows).toBe(11);
    expect(Object.keys(json.overall)).toEqual([
      "count",
      "positives",
      "negatives",
      "selection_rate",
      "true_positive_rate",
      "false_positive_rate",
      "false_negative_rate",
      "true_negative_rate",
      "precision",
      "accuracy",
    ]);
    expect(json.groups[0]).toMatchObject({
      group: { sex: "F" },
      count: 5,
      positives: 3,
      negatives: 2,
      selection_rate: 0.6,
      false_positive_rate: 0.5,
      accuracy: 0.6,
      insufficient: false,
    });
    expect(json.groups[1]).toMatchObject({ group: { sex: "M" }, count: 6, selection_rate: 0.5 });
    expect(Object.keys(json.disparities)).toEqual([
      "demographic_parity_difference",
      "demographic_parity_ratio",
      "equal_opportunity_difference",
      "equal_opportunity_ratio",
      "equalized_odds_difference",
      "equalized_odds_ratio",
    ]);
    expect(json.disparities.equal_opportunity_difference).toBe(0);
    expect(json.disparities.equalized_odds_ratio).toBeCloseTo(2 / 3, 12);
  });

  it("prints markdown by default, with the default min group size of 30", async () => {
    const file = tempFile("predictions.csv", CSV);
    const { out } = await run([
      file,
      "--label=label",
      "--prediction=prediction",
      "--sensitive=sex,race",
    ]);
    expect(out).toContain("11 rows · 4 groups · positive label 1 · minimum group size 30.");
    expect(out).toContain("| demographic parity ratio | undefined |");
    expect(out).toContain("no group has enough rows");
    expect(out).toContain("| F · A _(insufficient data)_ | 3 | 3 | 0 |");
  });

  it("accepts --sensitive more than once and a string --positive", async () => {
    const file = tempFile("p.csv", "y,p,a,b\nyes,yes,1,x\nno,yes,1,x\n");
    const { out } = await run([
      file,
      "--label",
      "y",
      "--prediction",
      "p",
      "--sensitive",
      "a",
      "--sensitive",
      "b",
      "--positive",
      "yes",
      "--format",
      "json",
      "--min-group-size",
      "0",
    ]);
    expect(JSON.parse(out).groups[0]).toMatchObject({
      group: { a: "1", b: "x" },
      count: 2,
      positives: 1,
      selection_rate: 1,
    });
  });

  it("throws UsageError for usage mistakes and InputError for files", async () => {
    const file = tempFile("p.csv", CSV);
    const base = ["--label", "label", "--prediction", "prediction", "--sensitive", "sex"];
    await expect(run(base)).rejects.toThrow(UsageError);
    await expect(run([file, "--prediction", "p", "--sensitive", "sex"])).rejects.toThrow(
      "--label COL is required",
    );
    await expect(run([file, "--label", "l", "--prediction", "p"])).rejects.toThrow(
      "--sensitive COL[,COL…] is required",
    );
    await expect(run([file, ...base, "--min-group-size", "x"])).rejects.toThrow(UsageError);
    await expect(run([file, ...base, "--format", "xml"])).rejects.toThrow(UsageError);
    await expect(run([file, ...base, "--sensitive", "sex"])).rejects.toThrow("twice");
    await expect(run([tempFile("p.txt", CSV), ...base])).rejects.toThrow(UsageError);
    await expect(run(["/nonexistent/p.csv", ...base])).rejects.toThrow(InputError);
  });
});
