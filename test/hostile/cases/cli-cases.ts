import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect } from "vitest";
import { runCli } from "../../cli/run-cli.js";
import { makeZip } from "../../helpers/make-zip.js";
import { type HostileCase, hostileCase, MAX_MESSAGE_LENGTH } from "../harness.js";
import { HOSTILE_NAMES } from "../hostile-names.js";
import { expectSafeMarkdown } from "../safe-markdown.js";

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Folders to remove after the suite. */
export const cliFolders: string[] = [];

/**
 * Writes `files` into a fresh folder and runs `mlgate` there, in-process. An "unexpected error"
 * line is mlgate's own report of a bug: it is turned into a crash here.
 */
const cli =
  (files: Record<string, string | Buffer>, argv: readonly string[]) =>
  async (): Promise<CliRun> => {
    const dir = mkdtempSync(join(tmpdir(), "mlgate-hostile-cli-"));
    cliFolders.push(dir);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const result = await runCli([...argv], dir);
    if (result.stderr.includes("unexpected error")) {
      throw new Error(`mlgate reported an internal error: ${result.stderr.trim()}`);
    }
    return result;
  };

/** Exit 2, nothing on stdout, one stderr line that names `where` and has no stack. */
const exits2 = (where: string, message?: RegExp) => ({
  result: (value: unknown) => {
    const r = value as CliRun;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    // Where the configuration came from is said first, on a line of its own; the error is one.
    const lines = r.stderr
      .split("\n")
      .filter((l) => l !== "" && !/^mlgate: (no configuration|using) /.test(l));
    expect(lines, r.stderr.slice(0, 500)).toHaveLength(1);
    const [line = ""] = lines;
    expect(line.startsWith("mlgate: ")).toBe(true);
    expect(line).not.toMatch(/\bat .*:\d+:\d+/);
    expect(line).not.toContain("\r");
    expect(line.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH + 100);
    expect(line).toContain(where);
    if (message) expect(line).toMatch(message);
  },
});

/** Exit 1: a gate failed, and the comment says why (a value that is not a number). */
const failsGate = (message: RegExp) => ({
  result: (value: unknown) => {
    const r = value as CliRun;
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(message);
  },
});

/** Exit 0 or 1 with a comment on stdout that passes the render checks. */
const rendersSafely = (codes: readonly number[], marker = true) => ({
  safe: (value: unknown) => {
    const r = value as CliRun;
    expect(codes).toContain(r.code);
    expectSafeMarkdown(r.stdout, { marker });
  },
});

const GOOD = JSON.stringify({ accuracy: 0.9, eval_loss: 0.3 });
const CONFIG = "metrics:\n  gates:\n    accuracy: { min: 0.8 }\n";
const check = (head = "head", extra: readonly string[] = []) => [
  "check",
  "--config",
  "mlgate.yml",
  "--head",
  head,
  ...extra,
];
const zipOf = (entries: Parameters<typeof makeZip>[0]) => makeZip(entries);
const PREDICTIONS_HEADER = "label,prediction,sex\n";
const fairness = (file: string, extra: readonly string[] = []) => [
  "fairness",
  file,
  "--label",
  "label",
  "--prediction",
  "prediction",
  "--sensitive",
  "sex",
  ...extra,
];

const namesJson = JSON.stringify(
  Object.fromEntries(
    HOSTILE_NAMES.filter(([, name]) => name.length < 1000).map(([, name], i) => [name, i / 100]),
  ),
);

export const cliCases: readonly HostileCase<unknown>[] = [
  hostileCase({
    input: "mlgate check: artifact zip with a ../ entry",
    run: cli(
      { "mlgate.yml": CONFIG, "head.zip": zipOf([{ name: "../metrics.json", data: GOOD }]) },
      check("head.zip"),
    ),
    expect: exits2("artifact head.zip", /climbs out/),
  }),
  hostileCase({
    input: "mlgate check: artifact zip with an absolute entry",
    run: cli(
      { "mlgate.yml": CONFIG, "head.zip": zipOf([{ name: "/etc/cron.d/x", data: GOOD }]) },
      check("head.zip"),
    ),
    expect: exits2("artifact head.zip", /absolute/),
  }),
  hostileCase({
    input: "mlgate check: artifact zip with a symlink entry",
    run: cli(
      {
        "mlgate.yml": CONFIG,
        "head.zip": zipOf([{ name: "metrics.json", data: "/etc/passwd", mode: 0o120777 }]),
      },
      check("head.zip"),
    ),
    expect: exits2("artifact head.zip", /symbolic link/),
  }),
  hostileCase({
    input: "mlgate check: artifact zip with a ratio bomb as metrics.json",
    run: cli(
      {
        "mlgate.yml": CONFIG,
        "head.zip": zipOf([{ name: "metrics.json", data: Buffer.alloc(16 * 1024 * 1024) }]),
      },
      check("head.zip"),
    ),
    expect: exits2("artifact head.zip", /zip bomb/),
  }),
  hostileCase({
    input: "mlgate check: truncated artifact zip",
    run: cli(
      {
        "mlgate.yml": CONFIG,
        "head.zip": zipOf([{ name: "metrics.json", data: GOOD }]).subarray(0, 60),
      },
      check("head.zip"),
    ),
    expect: exits2("artifact head.zip", /not a readable zip/),
  }),
  hostileCase({
    input: "mlgate check: artifact zip with duplicate names",
    run: cli(
      {
        "mlgate.yml": CONFIG,
        "head.zip": zipOf([
          { name: "metrics.json", data: GOOD },
          { name: "metrics.json", data: '{"accuracy": 1}' },
        ]),
      },
      check("head.zip"),
    ),
    expect: exits2("artifact head.zip", /two entries/),
  }),
  hostileCase({
    input: "mlgate check: metrics only inside a nested zip",
    run: cli(
      {
        "mlgate.yml": CONFIG,
        "head.zip": zipOf([
          { name: "inner.zip", data: zipOf([{ name: "metrics.json", data: GOOD }]) },
        ]),
      },
      check("head.zip"),
    ),
    expect: exits2("artifact head.zip", /no metric files found/),
  }),
  hostileCase({
    input: "mlgate check: baseline zip with a ../ entry",
    run: cli(
      {
        "mlgate.yml": CONFIG,
        "head/metrics.json": GOOD,
        "base.zip": zipOf([{ name: "a/../../metrics.json", data: GOOD }]),
      },
      check("head", ["--base", "base.zip"]),
    ),
    expect: exits2("artifact base.zip", /climbs out/),
  }),
  hostileCase({
    input: "mlgate check: __proto__ in metrics.json",
    run: cli(
      {
        "mlgate.yml": CONFIG,
        "head/metrics.json": '{"__proto__": {"polluted": true}, "accuracy": 0.9}',
      },
      check(),
    ),
    expect: exits2("metrics.json", /reserved/),
  }),
  hostileCase({
    input: "mlgate check: 10,000-deep metrics.json",
    run: cli(
      {
        "mlgate.yml": CONFIG,
        "head/metrics.json": `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`,
      },
      check(),
    ),
    expect: exits2("metrics.json", /nests deeper/),
  }),
  hostileCase({
    input: "mlgate check: 1e400 in metrics.json",
    run: cli({ "mlgate.yml": CONFIG, "head/metrics.json": '{"accuracy": 1e400}' }, check()),
    expect: failsGate(
      /accuracy: the head value is Infinity \\\(in metrics\.json\\\), not a number/,
    ),
  }),
  hostileCase({
    input: "mlgate check: NaN in a Lightning metrics.csv",
    run: cli(
      { "mlgate.yml": CONFIG, "head/metrics.csv": "epoch,accuracy\n0,0.5\n1,nan\n" },
      check(),
    ),
    expect: failsGate(/accuracy: the head value is NaN \\\(in metrics\.csv\\\), not a number/),
  }),
  hostileCase({
    input: "mlgate check: invalid UTF-8 in metrics.json",
    run: cli(
      {
        "mlgate.yml": CONFIG,
        "head/metrics.json": Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
      },
      check(),
    ),
    expect: exits2("metrics.json", /UTF-8/),
  }),
  hostileCase({
    input: "mlgate check: a 1 MB metric name",
    run: cli(
      { "mlgate.yml": CONFIG, "head/metrics.json": `{"${"n".repeat(1024 * 1024)}": 1}` },
      check(),
    ),
    expect: exits2("metrics.json", /characters long/),
  }),
  hostileCase({
    input: "mlgate check: YAML alias bomb in metrics.yaml",
    run: cli(
      {
        "mlgate.yml": CONFIG,
        "head/metrics.yaml": [
          "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]",
          "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
          "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
          "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
          "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
        ].join("\n"),
      },
      check(),
    ),
    expect: exits2("metrics.yaml", /alias|resource/i),
  }),
  hostileCase({
    input: "mlgate check: mismatched columns in metrics.csv",
    run: cli({ "mlgate.yml": CONFIG, "head/metrics.csv": "epoch,accuracy\n0,0.5,9\n" }, check()),
    expect: exits2("metrics.csv", /cells/),
  }),
  hostileCase({
    input: "mlgate check: config alias bomb",
    run: cli(
      {
        "mlgate.yml": [
          "a: &a [x, x, x, x, x, x, x, x, x]",
          "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
          "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
          "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
        ].join("\n"),
        "head/metrics.json": GOOD,
      },
      check(),
    ),
    expect: exits2("mlgate.yml", /alias|resource/i),
  }),
  hostileCase({
    input: "mlgate check: config with an unknown tag",
    run: cli(
      { "mlgate.yml": "workflow: !!python/object:os.system x\n", "head/metrics.json": GOOD },
      check(),
    ),
    expect: exits2("mlgate.yml", /Unresolved tag/),
  }),
  hostileCase({
    input: "mlgate check: config key with a newline and a fake verdict",
    run: cli(
      { "mlgate.yml": '"x\\nmlgate: all gates passed": 1\n', "head/metrics.json": GOOD },
      check(),
    ),
    expect: exits2("mlgate.yml", /unknown key/),
  }),
  hostileCase({
    input: "mlgate check: 10,000-deep config",
    run: cli(
      {
        "mlgate.yml": `metrics: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`,
        "head/metrics.json": GOOD,
      },
      check(),
    ),
    expect: exits2("mlgate.yml", /nests too deeply/),
  }),
  hostileCase({
    input: "mlgate check: every hostile name as a metric renders safely",
    run: cli(
      { "mlgate.yml": CONFIG, "head/metrics.json": namesJson, "base/metrics.json": GOOD },
      check("head", ["--base", "base"]),
    ),
    expect: rendersSafely([1]),
  }),
  hostileCase({
    input: "mlgate check --format json: every hostile name comes back exact",
    run: cli(
      { "mlgate.yml": CONFIG, "head/metrics.json": namesJson, "base/metrics.json": GOOD },
      check("head", ["--base", "base", "--format", "json"]),
    ),
    expect: {
      result: (value: unknown) => {
        const r = value as CliRun;
        expect(r.code).toBe(1);
        const json = JSON.parse(r.stdout) as { metrics: { name: string }[] };
        const names = new Set(json.metrics.map((m) => m.name));
        for (const name of Object.keys(JSON.parse(namesJson) as object)) {
          expect(names.has(name), JSON.stringify(name)).toBe(true);
        }
      },
    },
  }),
  hostileCase({
    input: "mlgate check: BOM in metrics.json is fine",
    run: cli({ "mlgate.yml": CONFIG, "head/metrics.json": `\ufeff${GOOD}` }, check()),
    expect: rendersSafely([0]),
  }),
  hostileCase({
    input: "mlgate diff: a base file of invalid JSON",
    run: cli({ "base.json": "{'accuracy': 0.9}", "head.json": GOOD }, [
      "diff",
      "base.json",
      "head.json",
    ]),
    expect: exits2("base.json", /not valid JSON/),
  }),
  hostileCase({
    input: "mlgate diff: a zip bomb as the head",
    run: cli(
      {
        "base.json": GOOD,
        "head.zip": zipOf([{ name: "metrics.json", data: Buffer.alloc(8 * 1024 * 1024, " ") }]),
      },
      ["diff", "base.json", "head.zip"],
    ),
    expect: exits2("head.zip", /zip bomb/),
  }),
  hostileCase({
    input: "mlgate fairness: a row with an extra cell",
    run: cli({ "p.csv": `${PREDICTIONS_HEADER}1,1,F\n0,1,M,extra\n` }, fairness("p.csv")),
    expect: exits2("p.csv", /fields/),
  }),
  hostileCase({
    input: "mlgate fairness: the sensitive column is missing",
    run: cli({ "p.csv": "label,prediction\n1,1\n" }, fairness("p.csv")),
    expect: exits2("p.csv", /no column "sex"/),
  }),
  hostileCase({
    input: "mlgate fairness: a JSON Lines row that is not JSON",
    run: cli(
      { "p.jsonl": '{"label": 1, "prediction": 1, "sex": "F"}\n{"label": \u202e1}\n' },
      fairness("p.jsonl"),
    ),
    expect: exits2("p.jsonl", /line 2: not valid JSON/),
  }),
  hostileCase({
    input: "mlgate fairness: garbage Parquet",
    run: cli({ "p.parquet": "PAR1\u0000\u0000garbage\u0000PAR1" }, fairness("p.parquet")),
    expect: exits2("p.parquet", /Parquet/),
  }),
  hostileCase({
    input: "mlgate fairness: 10,001 groups",
    run: cli(
      {
        "p.csv": `${PREDICTIONS_HEADER}${Array.from({ length: 10_001 }, (_, i) => `1,1,g${i}`).join("\n")}\n`,
      },
      fairness("p.csv"),
    ),
    expect: exits2("p.csv", /distinct groups/),
  }),
  hostileCase({
    input: "mlgate fairness: a 10 MB line",
    run: cli(
      { "p.csv": `${PREDICTIONS_HEADER}1,1,"${"x".repeat(10 * 1024 * 1024)}` },
      fairness("p.csv"),
    ),
    expect: exits2("p.csv", /not closed/),
  }),
  hostileCase({
    input: "mlgate fairness: formula and markup group values render inert",
    run: cli(
      {
        "p.csv": `${PREDICTIONS_HEADER}${HOSTILE_NAMES.filter(([, n]) => n.length < 1000)
          .flatMap(([, n], i) => [
            `1,${i % 2},"${n.replaceAll('"', '""')}"`,
            `0,1,"${n.replaceAll('"', '""')}"`,
          ])
          .join("\n")}\n`,
      },
      fairness("p.csv", ["--min-group-size", "1"]),
    ),
    expect: rendersSafely([0], false),
  }),
  hostileCase({
    input: "mlgate fairness: --sensitive __proto__ keeps the column in the JSON",
    run: cli({ "p.csv": "label,prediction,__proto__\n1,1,F\n" }, [
      "fairness",
      "p.csv",
      "--label",
      "label",
      "--prediction",
      "prediction",
      "--sensitive",
      "__proto__",
      "--format",
      "json",
    ]),
    expect: {
      result: (value: unknown) => {
        const r = value as CliRun;
        expect(r.code).toBe(0);
        const report = JSON.parse(r.stdout) as { groups: { group: Record<string, string> }[] };
        expect(JSON.stringify(report.groups[0]?.group)).toBe('{"__proto__":"F"}');
      },
    },
  }),
  hostileCase({
    input: "mlgate fairness: a file with no known extension",
    run: cli({ "p.exe": "MZ" }, fairness("p.exe")),
    expect: exits2("p.exe", /cannot tell the format/),
  }),
  hostileCase({
    input: "mlgate fairness: a negative --min-group-size",
    run: cli(
      { "p.csv": `${PREDICTIONS_HEADER}1,1,F\n` },
      fairness("p.csv", ["--min-group-size=-1"]),
    ),
    expect: exits2("--min-group-size", /whole number/),
  }),
];
