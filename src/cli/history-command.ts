import { parseArgs } from "node:util";
import picomatch from "picomatch";
import { UsageError } from "../core/errors.js";
import { renderHistoryReport } from "../core/render/render-history-report.js";
import { readGitMetricHistory } from "../evidence/git-metric-history.js";
import type { CliIo } from "./cli-io.js";
import { COMMON_OPTIONS, type CommandHelp, type OptionTable } from "./command-help.js";
import { loadConfig } from "./load-config.js";
import { parseFormat } from "./parse-format.js";

const HISTORY_OPTIONS = {
  "rev-range": {
    type: "string",
    value: "RANGE",
    default: "HEAD",
    description: "the commits to read, along first parents (e.g. main~50..main)",
  },
  "max-count": {
    type: "string",
    value: "N",
    default: "100",
    description: "read at most N commits",
  },
  metrics: {
    type: "string",
    value: "GLOB,…",
    description: "show only the metrics whose names match these globs",
  },
  config: {
    type: "string",
    value: "FILE",
    description: "a folder's metric files are those metrics.files of this configuration names",
  },
  format: {
    type: "string",
    value: "FORMAT",
    default: "markdown",
    description: "markdown (a table and trend lines) or json",
  },
  ...COMMON_OPTIONS,
} as const satisfies OptionTable;

/** What `mlgate history --help` prints. */
export const HISTORY_HELP: CommandHelp = {
  synopsis:
    "FILE_OR_DIR [--rev-range RANGE] [--max-count N] [--metrics GLOB,…] [--config FILE] [--format markdown|json]",
  summary: "committed metric values along the git history, with a trend line per metric",
  description: `Reads the committed metric files along the first-parent history of RANGE and prints one value
per commit that changed them, oldest first, with a trend line per metric. Exit 0, 2 on bad input.`,
  arguments: [{ name: "FILE_OR_DIR", description: "a committed metric file, or a folder of them" }],
  options: HISTORY_OPTIONS,
};

/** `mlgate history`: returns the exit code. */
export async function historyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: HISTORY_OPTIONS,
    strict: true,
    allowPositionals: true,
  });
  const format = parseFormat(values.format);
  if (positionals.length !== 1) {
    throw new UsageError("mlgate history needs one metric file or folder");
  }
  const path = positionals[0] as string;
  const maxCount = Number(values["max-count"]);
  if (!Number.isInteger(maxCount) || maxCount < 1) {
    throw new UsageError(`--max-count must be a whole number ≥ 1, not "${values["max-count"]}"`);
  }
  const config = await loadConfig(io.cwd, values.config, (w) => io.stderr(`mlgate: warning: ${w}`));
  const revRange = values["rev-range"];
  const history = await readGitMetricHistory({
    cwd: io.cwd,
    path,
    revRange,
    maxCount,
    metrics: config.metrics,
  });
  const seen = new Set<string>();
  for (const point of history.points) for (const name of Object.keys(point.values)) seen.add(name);
  const chosen = values.metrics
    ? picomatch(
        values.metrics
          .split(",")
          .map((m) => m.trim())
          .filter(Boolean),
      )
    : () => true;
  const metrics = [...seen].filter((name) => chosen(name)).sort(byName);
  for (const line of history.skipped) io.stderr(`mlgate: warning: ${line}`);
  if (format === "json") {
    const report = {
      path: history.path,
      rev_range: revRange,
      truncated: history.truncated,
      commits: history.points.map((p) => ({
        sha: p.sha,
        time: p.time ?? null,
        subject: history.subjects.get(p.sha) ?? "",
        values: Object.fromEntries(
          metrics.flatMap((m) => (m in p.values ? [[m, p.values[m]]] : [])),
        ),
      })),
      series: metrics.map((name) => ({
        name,
        values: history.points.map((p) => p.values[name] ?? null),
      })),
      skipped: history.skipped,
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout(
      renderHistoryReport({
        path,
        revRange,
        points: history.points,
        subjects: history.subjects,
        metrics,
        skipped: history.skipped,
        truncated: history.truncated,
      }),
    );
  }
  return 0;
}

const collator = new Intl.Collator("en", { numeric: true });
function byName(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
