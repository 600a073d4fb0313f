import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";
import { openInput } from "../evidence/open-input.js";
import type { CliIo } from "./cli-io.js";
import {
  COMMON_OPTIONS,
  CONFIG_LOOKUP,
  type CommandHelp,
  type OptionTable,
  REVIEW_OUTPUT_OPTIONS,
} from "./command-help.js";
import { findConfig } from "./find-config.js";
import { parseFormat, parsePrecision } from "./parse-format.js";
import { printReview } from "./print-review.js";

const DIFF_OPTIONS = {
  config: {
    type: "string",
    value: "FILE",
    description: `gates and metric files from this configuration; without it, ${CONFIG_LOOKUP} (none: nothing is gated, neutral)`,
  },
  ...REVIEW_OUTPUT_OPTIONS,
  ...COMMON_OPTIONS,
} as const satisfies OptionTable;

/** What `mlgate diff --help` prints. */
export const DIFF_HELP: CommandHelp = {
  synopsis: "BASE HEAD [--config FILE] [--format text|markdown|json] [--precision N]",
  summary: "compare two metric files or folders",
  description: `Compares the metrics of BASE and HEAD. A folder's files are those metrics.files matches
(by default metrics.json, all_results.json, wandb-summary.json, results.csv, history.csv,
mlruns/, tfevents, ...).
Exit 0 when every gate passes, 1 when a gate fails, 2 on bad input.`,
  arguments: [
    { name: "BASE", description: "the baseline: a metric file or a folder" },
    { name: "HEAD", description: "the change: a metric file or a folder" },
  ],
  options: DIFF_OPTIONS,
};

/** `mlgate diff`: returns the exit code. */
export async function diffCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: DIFF_OPTIONS,
    strict: true,
    allowPositionals: true,
  });
  const format = parseFormat(values.format, io.stdoutIsTTY === true);
  const precision = parsePrecision(values.precision);
  if (positionals.length !== 2) throw new UsageError("mlgate diff needs two paths: BASE HEAD");
  const [basePath, headPath] = positionals as [string, string];
  const config = await findConfig(io.cwd, values.config, {
    precision,
    stderr: (line) => io.stderr(line),
  });
  const base = await openInput(resolve(io.cwd, basePath));
  try {
    const head = await openInput(resolve(io.cwd, headPath));
    try {
      return await printReview(io, format, {
        config,
        head: { source: head, info: { source: headPath } },
        base: { source: base, info: { sha: "", source: basePath } },
      });
    } finally {
      await head.close();
    }
  } finally {
    await base.close();
  }
}
