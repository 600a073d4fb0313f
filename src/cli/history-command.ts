import { parseArgs } from "node:util";
import picomatch from "picomatch";
import { UsageError } from "../core/errors.js";
import { renderHistoryReport } from "../core/render/render-history-report.js";
import { readGitMetricHistory } from "../evidence/git-metric-history.js";
import type { CliIo } from "./cli-io.js";
import { loadConfig } from "./load-config.js";
import { parseFormat } from "./parse-format.js";

export const HISTORY_USAGE = `mlgate history FILE_OR_DIR [--rev-range RANGE] [--max-count N] [--metrics GLOB,…]
               [--config FILE] [--format markdown|json]

Reads the committed metric files (metrics.json, …) along the first-parent history of RANGE
(default HEAD; e.g. main~50..main) and prints one value per commit that changed them, oldest
first, with a trend line per metric. Folders are read through metrics.files of --config.
Exit 0, or 2 on bad input.`;

/** `mlgate history`: returns the exit code. */
export async function historyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      "rev-range": { type: "string", default: "HEAD" },
      "max-count": { type: "string", default: "100" },
      metrics: { type: "string" },
      config: { type: "string" },
      format: { type: "string", default: "markdown" },
      debug: { type: "boolean" },
    },
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
