import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { DriftReport } from "../../src/core/drift/drift-report.js";
import { runCli } from "../cli/run-cli.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/drift/", import.meta.url));

interface ExpectedReport extends Omit<DriftReport, "untested" | "drift_share_threshold"> {
  readonly untested: readonly string[];
}

function expected(scenario: string, format: string): ExpectedReport {
  const all = JSON.parse(readFileSync(`${FIXTURES}expected-${scenario}.json`, "utf8")) as Record<
    string,
    ExpectedReport
  >;
  // The Parquet files hold the CSV files' data (pandas reads Parquet through pyarrow only).
  return all[format === "parquet" ? "csv" : format] as ExpectedReport;
}

function close(actual: number | null, want: number | null, what: string): void {
  if (want === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(Math.abs((actual as number) - want), `${what}: ${actual} vs ${want}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(want)),
  );
}

async function drift(args: string[]) {
  return runCli(["drift", ...args], FIXTURES);
}

describe("mlgate drift against pandas + scipy (Evidently's default rules)", () => {
  for (const scenario of ["small", "large"]) {
    for (const [baseFormat, headFormat] of [
      ["csv", "csv"],
      ["jsonl", "jsonl"],
      ["parquet", "parquet"],
      ["parquet", "csv"],
    ] as const) {
      it(`${scenario}: ${baseFormat} base, ${headFormat} head`, async () => {
        const { code, stdout, stderr } = await drift([
          `${scenario}-base.${baseFormat}`,
          `${scenario}-head.${headFormat}`,
          "--format",
          "json",
        ]);
        expect(stderr).toBe("");
        expect(code).toBe(0);
        const report = JSON.parse(stdout) as DriftReport;
        const want = expected(scenario, headFormat);
        expect(report.rows).toEqual(want.rows);
        expect(report.schema).toEqual(want.schema);
        expect(report.untested.map((u) => u.name)).toEqual(want.untested);
        expect(report.columns.map((c) => c.name).sort()).toEqual(want.columns.map((c) => c.name));
        for (const w of want.columns) {
          const c = report.columns.find((x) => x.name === w.name);
          expect(c?.type, w.name).toBe(w.type);
          expect(c?.method, w.name).toBe(w.method);
          expect(c?.drifted, w.name).toBe(w.drifted);
          expect(c?.threshold, w.name).toBe(w.threshold);
          close(c?.statistic ?? null, w.statistic, `${w.name} statistic`);
          close(c?.p_value ?? null, w.p_value, `${w.name} p-value`);
          close(c?.missing.base ?? null, w.missing.base, `${w.name} missing base`);
          close(c?.missing.head ?? null, w.missing.head, `${w.name} missing head`);
        }
        close(report.drift_share, want.drift_share, "drift share");
        expect(report.dataset_drifted).toBe(want.dataset_drifted);
        // Drifted columns come first.
        const flags = report.columns.map((c) => c.drifted);
        expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
      });
    }
  }

  it("prints markdown with drifted columns first, the schema and histograms", async () => {
    const { code, stdout } = await drift(["small-base.csv", "small-head.csv"]);
    expect(code).toBe(0);
    expect(stdout).toContain("## Data check: 7 of 9 columns drifted (78%)");
    expect(stdout).toContain(
      "**Schema:** added channel; removed legacy; type changed zip (integer → string).",
    );
    expect(stdout).toContain("Not tested: zip (type changed from integer to string).");
    expect(stdout).toContain("| **score** | numeric | Kolmogorov–Smirnov |");
    expect(stdout.match(/```mermaid/g)).toHaveLength(3);
    const table = stdout.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| column"));
    const firstClean = table.findIndex((l) => l.includes("✅ no"));
    expect(table.slice(firstClean).every((l) => l.includes("✅ no"))).toBe(true);
    expect(stdout).toMatchSnapshot();
  });

  it("--columns and --method force one test", async () => {
    const { code, stdout } = await drift([
      "large-base.parquet",
      "large-head.jsonl",
      "--columns",
      "income,age",
      "--method",
      "psi",
      "--format",
      "json",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as DriftReport;
    expect(report.columns.map((c) => [c.name, c.method, c.p_value])).toEqual(
      expect.arrayContaining([
        ["income", "psi", null],
        ["age", "psi", null],
      ]),
    );
    expect(report.columns).toHaveLength(2);
    expect(report.schema).toEqual({ added: [], removed: [], changed: [] });
  });

  it("refuses a method of the wrong kind, naming the column", async () => {
    const { code, stderr } = await drift(["small-base.csv", "small-head.csv", "--method", "ks"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'mlgate: --method: ks applies to numeric columns, but column "city" is categorical (string)\n',
    );
  });

  it("says what is wrong with bad input in one line", async () => {
    const cases: [string[], string][] = [
      [
        ["small-base.csv"],
        "mlgate: give two data files, BASE and HEAD (csv, jsonl or parquet), not 1\n",
      ],
      [["small-base.csv", "nope.csv"], "mlgate: nope.csv: no such file\n"],
      [
        ["small-base.csv", "make-drift-data.py"],
        "mlgate: cannot tell the format of make-drift-data.py from its name: use a .csv, .jsonl (.ndjson) or .parquet file\n",
      ],
      [
        ["small-base.csv", "small-head.csv", "--method", "t"],
        'mlgate: --method must be one of ks, chi2, z, wasserstein, jensenshannon, psi, not "t"\n',
      ],
      [
        ["small-base.csv", "small-head.csv", "--columns", "nope"],
        'mlgate: no column "nope" in either file (small-base.csv, small-head.csv)\n',
      ],
      [
        ["small-base.csv", "small-head.csv", "--drift-share", "2"],
        'mlgate: --drift-share must be a number between 0 and 1, not "2"\n',
      ],
      [
        ["small-base.csv", "small-head.jsonl.broken.csv"],
        "mlgate: small-head.jsonl.broken.csv: no such file\n",
      ],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await drift(args);
      expect(stderr, args.join(" ")).toBe(message);
      expect(code).toBe(2);
    }
  });

  it("judges a config's data gates: exit 1 when one fails, 0 when all pass", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlgate-drift-config-"));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    try {
      const strict = write(
        "strict.yml",
        `data:
  file: eval/data.csv
  ignore: [id]
  gates:
    drift_share: { max: 0.5 }
    columns:
      member: { min_p_value: 0.05 }
      age: { min_p_value: 0.05 }
`,
      );
      const failed = await drift(["small-base.csv", "small-head.csv", "--config", strict]);
      expect(failed.stderr).toBe("");
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain("#### Gates");
      expect(failed.stdout).toContain(
        "- ❌ max 0.5 **data.drift_share**: 6 of 8 columns drifted (0.75), above the maximum share 0.5",
      );
      expect(failed.stdout).toMatch(/- ✅ min 0\.05 \*\*data\.member\.p_value\*\*/);
      expect(failed.stdout).toMatch(/- ❌ min 0\.05 \*\*data\.age\.p_value\*\*/);

      // The config's ignore applies: id is not tested.
      const json = await drift([
        "small-base.csv",
        "small-head.csv",
        "--config",
        strict,
        "--format",
        "json",
      ]);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout) as DriftReport & {
        gates: { metric: string; outcome: string }[];
      };
      expect(report.columns.map((c) => c.name)).not.toContain("id");
      expect(report.gates.map((g) => [g.metric, g.outcome])).toEqual([
        ["data.drift_share", "failed"],
        ["data.member.p_value", "passed"],
        ["data.age.p_value", "failed"],
      ]);

      const lenient = write(
        "lenient.yml",
        "data:\n  file: eval/data.csv\n  columns: [member, constant]\n  gates:\n    drifted_columns: { max: 0 }\n",
      );
      const passed = await drift(["small-base.csv", "small-head.csv", "--config", lenient]);
      expect(passed.code).toBe(0);
      expect(passed.stdout).toContain("- ✅ max 0 **data.drifted_columns**: 0 columns drifted");

      // A config without data: is an input error, not a silent pass.
      const none = write("none.yml", "metrics:\n  files: [metrics.json]\n");
      const missing = await drift(["small-base.csv", "small-head.csv", "--config", none]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("data: is missing");
      const typo = write(
        "typo.yml",
        "data:\n  file: eval/data.csv\n  gates:\n    drift_shar: { max: 0.5 }\n",
      );
      const broken = await drift(["small-base.csv", "small-head.csv", "--config", typo]);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toContain("drift_share");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("mlgate --help lists drift", async () => {
    const { stdout } = await runCli(["--help"], FIXTURES);
    expect(stdout).toMatch(/^ {2}drift +schema, missing values and drift/m);
    const help = await runCli(["drift", "--help"], FIXTURES);
    expect(help.stdout).toContain(
      "Usage: mlgate drift BASE HEAD [--config FILE] [--columns COL[,COL…]]",
    );
  });
});
