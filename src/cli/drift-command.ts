import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { DataConfig } from "../core/config/data-config.js";
import { buildDriftReport } from "../core/drift/build-drift-report.js";
import type { DataSummary } from "../core/drift/column-summary.js";
import { DRIFT_METHODS, type DriftMethod } from "../core/drift/drift-methods.js";
import { evaluateDataGates } from "../core/drift/evaluate-data-gates.js";
import { ConfigError, InputError, UsageError } from "../core/errors.js";
import type { GateResult } from "../core/gate-result.js";
import { gateCell } from "../core/render/comment-cells.js";
import { readDataSummaries } from "../evidence/data/read-data-summaries.js";
import { predictionFormatOf } from "../evidence/predictions/prediction-input.js";
import { COMMON_OPTIONS, type CommandHelp, type OptionTable } from "./command-help.js";
import { loadConfig } from "./load-config.js";
import { parseFormat } from "./parse-format.js";

const DRIFT_OPTIONS = {
  columns: {
    type: "string",
    value: "COL[,COL…]",
    multiple: true,
    description: "compare only these columns, comma-separated or repeated (default: all)",
  },
  method: {
    type: "string",
    value: "M",
    description: "one test for every column: ks, wasserstein, chi2, z, jensenshannon or psi",
  },
  threshold: {
    type: "string",
    value: "X",
    description: "the drift threshold of that test (p-value or distance)",
  },
  "drift-share": {
    type: "string",
    value: "S",
    description: "the data set drifts when this share of its columns drifted (default: 0.5)",
  },
  format: {
    type: "string",
    value: "FORMAT",
    default: "markdown",
    description: "markdown (tables) or json",
  },
  config: {
    type: "string",
    value: "FILE",
    description:
      "judge by this config's data: section (columns, methods, thresholds, gates); exit 1 when a gate fails",
  },
  ...COMMON_OPTIONS,
} as const satisfies OptionTable;

/** What `mlgate drift --help` prints. */
export const DRIFT_HELP: CommandHelp = {
  synopsis:
    "BASE HEAD [--config FILE] [--columns COL[,COL…]] [--method M] [--threshold X] [--drift-share S] [--format markdown|json]",
  summary: "schema, missing values and drift of each column of two data files",
  description: `Compares the head data file with the base, column by column, by Evidently's default rules
(ks, wasserstein: numeric; chi2, z: categorical; jensenshannon, psi: both). With --config, the
data: section's columns, methods and thresholds apply (flags win) and its gates are judged.
Exit 0; 1 when a configured gate fails; 2 on bad input.`,
  arguments: [
    { name: "BASE", description: "the base data: .csv, .jsonl or .parquet" },
    { name: "HEAD", description: "the head data: .csv, .jsonl or .parquet" },
  ],
  options: DRIFT_OPTIONS,
};

/**
 * `mlgate drift BASE HEAD`: compares two data files column by column and prints the data
 * check (markdown, or the JSON report). Returns 0, or 1 when a gate of `--config`'s `data:`
 * fails; bad flags throw `UsageError`, unreadable files `InputError`, a broken config
 * `ConfigError` (exit 2).
 */
export async function driftCommand(
  argv: string[],
  io: {
    readonly stdout: (text: string) => void;
    readonly stderr?: ((text: string) => void) | undefined;
    readonly cwd?: string;
  },
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: DRIFT_OPTIONS,
    strict: true,
    allowPositionals: true,
  });
  const format = parseFormat(values.format);
  if (positionals.length !== 2) {
    throw new UsageError(
      `give two data files, BASE and HEAD (csv, jsonl or parquet), not ${positionals.length}`,
    );
  }
  const columns = values.columns?.flatMap((v) => v.split(",")).map((c) => c.trim());
  if (columns?.some((c) => c === "")) throw new UsageError("--columns has an empty column name");
  const method = parseMethod(values.method);
  const threshold = parseShare(values.threshold, "--threshold", false);
  const driftShare = parseShare(values["drift-share"], "--drift-share", true);
  const [baseFile, headFile] = positionals as [string, string];
  const cwd = io.cwd ?? process.cwd();
  const data = await loadDataConfig(cwd, values.config, io.stderr);
  const jobs = await Promise.all(
    [baseFile, headFile].map(async (file) => {
      const format = predictionFormatOf(file);
      if (!format) {
        throw new UsageError(
          `cannot tell the format of ${file} from its name: use a .csv, .jsonl (.ndjson) or .parquet file`,
        );
      }
      const path = resolve(cwd, file);
      await assertFile(path, file);
      return { path, format, file, columns: columns ?? data?.columns };
    }),
  );
  const [base, head] = (await readDataSummaries(jobs)) as [DataSummary, DataSummary];
  // Flags win over the config; the config's per-column choices stand unless --method is given.
  const result = buildDriftReport(base, head, {
    columns: columns ?? data?.columns,
    ignore: data?.ignore,
    method: method ?? data?.method,
    threshold: threshold ?? (method ? undefined : data?.threshold),
    perColumn: method ? undefined : data?.perColumn,
    driftShare: driftShare ?? data?.driftShare,
    methodSource: method || !data?.method ? "--method" : "data.method",
  });
  const gates = data ? evaluateDataGates(result.report, data.gates, "") : undefined;
  if (format === "json") {
    const report = gates ? { ...result.report, gates } : result.report;
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const { renderDriftMarkdown } = await import("../core/drift/render-drift-markdown.js");
    io.stdout(renderDriftMarkdown(result, { base: baseFile, head: headFile }));
    if (gates) io.stdout(renderGates(gates));
  }
  return gates?.some((g) => g.outcome === "failed") ? 1 : 0;
}

/** The `data:` section of `--config`, or undefined without one; a config without it is an error. */
async function loadDataConfig(
  cwd: string,
  file: string | undefined,
  stderr: ((text: string) => void) | undefined,
): Promise<DataConfig | undefined> {
  if (file === undefined) return undefined;
  const config = await loadConfig(cwd, file, (line) => stderr?.(`${line}\n`));
  if (!config.data) {
    throw new ConfigError(["data: is missing: there is no data check to judge by"], {
      where: file,
    });
  }
  return config.data;
}

/** The gates of `data:` as a list a terminal and a markdown viewer both read. */
function renderGates(gates: readonly GateResult[]): string {
  if (gates.length === 0) return "\n**Gates:** none configured under data.gates.\n";
  const lines = gates.map((g) => `- ${gateCell(g)} **${g.metric}**: ${g.message}`);
  return `\n#### Gates\n\n${lines.join("\n")}\n`;
}

function parseMethod(value: string | undefined): DriftMethod | undefined {
  if (value === undefined) return undefined;
  const method = value === "chisquare" ? "chi2" : value;
  if (!(DRIFT_METHODS as readonly string[]).includes(method)) {
    throw new UsageError(`--method must be one of ${DRIFT_METHODS.join(", ")}, not "${value}"`);
  }
  return method as DriftMethod;
}

function parseShare(value: string | undefined, flag: string, share: boolean): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x < 0 || (share && x > 1)) {
    throw new UsageError(
      `${flag} must be a number${share ? " between 0 and 1" : " ≥ 0"}, not "${value}"`,
    );
  }
  return x;
}

async function assertFile(path: string, file: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(
      error.code === "ENOENT" ? "no such file" : `cannot read it (${error.code ?? error.message})`,
      { where: file },
    );
  });
  if (!info.isFile()) throw new InputError("not a regular file", { where: file });
}
