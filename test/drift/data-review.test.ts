import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config/parse-config.js";
import { runCli } from "../cli/run-cli.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/drift/", import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mlgate-data-"));
  for (const side of ["base", "head"]) {
    mkdirSync(join(dir, side, "eval"), { recursive: true });
    writeFileSync(join(dir, side, "metrics.json"), JSON.stringify({ accuracy: 0.9 }));
  }
  copyFileSync(join(FIXTURES, "small-base.parquet"), join(dir, "base", "eval", "data.parquet"));
  copyFileSync(join(FIXTURES, "small-head.parquet"), join(dir, "head", "eval", "data.parquet"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function check(config: string, format = "markdown") {
  writeFileSync(join(dir, "mlgate.yml"), config);
  return runCli(
    ["check", "--config", "mlgate.yml", "--head", "head", "--base", "base", "--format", format],
    dir,
  );
}

const DATA = `metrics:
  gates:
    accuracy: { min: 0.8 }
data:
  file: eval/data.parquet
  ignore: [id]
`;

describe("the data check in the review", () => {
  it("gates fail as configured (exit 1) and the comment lists drifted columns first", async () => {
    const r = await check(`${DATA}  gates:
    drifted_columns: { max: 2 }
    drift_share: { max: 0.9 }
`);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("#### Data check: 6 of 8 columns drifted (75%)");
    expect(r.stdout).toContain(
      "- ❌ 6 columns drifted \\(&quot;clicks&quot;, &quot;city&quot;, &quot;score&quot;, &quot;rating&quot;, &quot;income&quot;, …\\), at most 2 allowed",
    );
    // Failing first, named above the metrics and shown in the data check's own section.
    expect(r.stdout).toMatch(/- ❌ max 2: 6 columns drifted .*\(see the data check below\)/);
    expect(r.stdout.indexOf("#### Failing gates")).toBeLessThan(
      r.stdout.indexOf("#### Data check"),
    );
    expect(r.stdout).toContain(
      "- ✅ 6 of 8 columns drifted \\(0.75\\), within the maximum share 0.9",
    );
    expect(r.stdout).toContain(
      "**Schema:** added channel; removed legacy; type changed zip (integer → string).",
    );
    expect(r.stdout).toContain("```mermaid");
    const section = r.stdout.slice(r.stdout.indexOf("#### Data check"));
    expect(section.indexOf("| **clicks** |")).toBeLessThan(section.indexOf("| member |"));
  });

  it("gates pass as configured (exit 0), per-column bounds included", async () => {
    const r = await check(`${DATA}  threshold: 0.0001
  gates:
    drift_share: { max: 0.5 }
    columns:
      member: { min_p_value: 0.1 }
      age: { max: 0.1 }
`);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("- ✅ &quot;member&quot; z p-value 0.2698 ≥ 0.1");
    expect(r.stdout).toContain("- ✅ &quot;age&quot; ks statistic 0.0857 ≤ 0.1");
  });

  it("a per-column bound fails on its column alone", async () => {
    const r = await check(
      `${DATA}  gates:
    columns:
      income: { max: 0.05 }
`,
      "json",
    );
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as {
      gates: { metric: string; passed: boolean | null; message: string }[];
      data: { file: string; report: { columns: { name: string; method: string }[] } };
    };
    expect(json.gates.find((g) => g.metric === "data.income")).toMatchObject({
      passed: false,
      message: '"income" ks statistic 0.1007 > 0.05',
    });
    expect(json.data.file).toBe("eval/data.parquet");
    expect(json.data.report.columns.map((c) => c.name)).not.toContain("id");
    expect(json.data.report.columns.find((c) => c.name === "score")?.method).toBe("ks");
  });

  it("without base data the gates are not evaluated and the verdict is neutral, never passed", async () => {
    rmSync(join(dir, "base", "eval", "data.parquet"));
    const r = await check(`data:
  file: eval/data.parquet
  gates:
    drifted_columns: { max: 0 }
`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("⚪ mlgate: neutral");
    expect(r.stdout).toContain("Not compared: the baseline has no eval/data.parquet.");
    expect(r.stdout).toContain(
      "- ⚪ data.drifted\\_columns not evaluated: the baseline has no eval/data.parquet",
    );
    // Shown once, in the data check section, not repeated in a metric table.
    expect(r.stdout).not.toContain("| data.drifted\\_columns |");
  });

  it("uses the predictions file's feature columns when no data file is configured", async () => {
    const csv = (shift: number) =>
      [
        "id,label,prediction,sex,age,income",
        ...Array.from({ length: 400 }, (_, i) =>
          [
            i,
            i % 2,
            (i + shift) % 2,
            i % 3 === 0 ? "F" : "M",
            20 + ((i * 7 + shift * 11) % 50),
            (1000 + ((i * 37) % 500) + shift * 300).toFixed(1),
          ].join(","),
        ),
      ].join("\n");
    writeFileSync(join(dir, "base", "predictions.csv"), `${csv(0)}\n`);
    writeFileSync(join(dir, "head", "predictions.csv"), `${csv(1)}\n`);
    const r = await check(
      `fairness:
  predictions: predictions.csv
  sensitive: [sex]
significance:
  id: id
data:
  gates:
    drifted_columns: { max: 0 }
`,
      "json",
    );
    const json = JSON.parse(r.stdout) as {
      data: { file: string; report: { columns: { name: string; drifted: boolean }[] } };
    };
    expect(json.data.file).toBe("predictions.csv");
    expect(json.data.report.columns.map((c) => c.name).sort()).toEqual(["age", "income", "sex"]);
    expect(json.data.report.columns.find((c) => c.name === "income")?.drifted).toBe(true);
    expect(r.code).toBe(1);
  });
});

describe("data: in the configuration", () => {
  it("normalises defaults and names bad keys", () => {
    const ok = parseConfig("data:\n  file: d.csv\n");
    expect(ok.config?.data).toEqual({
      file: "d.csv",
      fileKey: "data.file",
      format: undefined,
      columns: undefined,
      ignore: [],
      method: undefined,
      threshold: undefined,
      perColumn: {},
      driftShare: 0.5,
      gates: { driftShare: undefined, driftedColumns: undefined, columns: [] },
    });
    expect(parseConfig("data:\n  gates: {}\n").errors).toEqual([
      "data.file: is required (or set fairness.predictions) (line 1)",
    ]);
    const bad = parseConfig(
      "data:\n  file: d.csv\n  method: t\n  drift_share: 2\n  gates:\n    columns:\n      a: { min_p_value: 0.1 }\n",
    );
    expect(bad.errors?.join("\n")).toContain("data.method");
    expect(bad.errors?.join("\n")).toContain("data.drift_share");
    const distance = parseConfig(
      "data:\n  file: d.csv\n  method: psi\n  gates:\n    columns:\n      a: { min_p_value: 0.1 }\n",
    );
    expect(distance.errors?.join("\n")).toContain(
      "data.gates.columns.a.min_p_value: psi gives a distance, not a p-value; gate it with max",
    );
  });

  it("the JSON Schema documents every data key", () => {
    const schema = JSON.parse(
      readFileSync(new URL("../../schema/mlgate.schema.json", import.meta.url), "utf8"),
    ) as {
      properties: {
        data: { description: string; properties: Record<string, { description?: string }> };
      };
    };
    const data = schema.properties.data;
    expect(data.description).toContain("Data check");
    for (const key of [
      "file",
      "format",
      "columns",
      "ignore",
      "method",
      "threshold",
      "per_column",
      "drift_share",
      "gates",
    ]) {
      expect(data.properties[key]?.description, key).toBeTruthy();
    }
  });
});
