import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { PredictionFormat } from "../core/config/schema.js";
import { InputError, UsageError } from "../core/errors.js";
import { parsePositive } from "../core/fairness/label-rule.js";
import { accumulateFairness } from "../evidence/predictions/accumulate-fairness.js";
import { predictionFormatOf } from "../evidence/predictions/prediction-input.js";
import { COMMON_OPTIONS, type CommandHelp, type OptionTable } from "./command-help.js";
import { parseFormat } from "./parse-format.js";

const FAIRNESS_OPTIONS = {
  label: { type: "string", value: "COL", description: "the column of true labels (required)" },
  prediction: {
    type: "string",
    value: "COL",
    description: "the column of predicted labels (required)",
  },
  sensitive: {
    type: "string",
    value: "COL[,COL…]",
    multiple: true,
    description:
      "the sensitive columns, comma-separated or repeated; groups are their intersections",
  },
  positive: {
    type: "string",
    value: "VALUE",
    default: "1",
    description: "the label value that counts as positive: a number, true/false or text",
  },
  "min-group-size": {
    type: "string",
    value: "N",
    default: "30",
    description: "groups with fewer rows are shown as insufficient data, not compared",
  },
  format: {
    type: "string",
    value: "FORMAT",
    default: "markdown",
    description: "markdown (tables) or json",
  },
  ...COMMON_OPTIONS,
} as const satisfies OptionTable;

/** What `mlgate fairness --help` prints. */
export const FAIRNESS_HELP: CommandHelp = {
  synopsis:
    "FILE --label COL --prediction COL --sensitive COL[,COL…] [--positive VALUE] [--min-group-size N] [--format markdown|json]",
  summary: "per-group rates and disparities of a predictions file (fairlearn's definitions)",
  description: `Reads FILE in one streaming pass (memory does not grow with its rows) and prints each group's
rates and the disparities between groups. Exit 0, or 2 on bad input.`,
  arguments: [{ name: "FILE", description: "per-example predictions: .csv, .jsonl or .parquet" }],
  options: FAIRNESS_OPTIONS,
};

/**
 * `mlgate fairness FILE --label COL --prediction COL --sensitive COL[,COL…] [--positive VALUE]
 * [--min-group-size N] [--format markdown|json]` (DESIGN.md "Contracts"). FILE is a .csv,
 * .jsonl/.ndjson or .parquet file, read in one streaming pass. `--positive` is read as a number
 * when it is one (`1`), a boolean for `true`/`false`, a string otherwise (default 1);
 * `--min-group-size` defaults to 30. Prints the report and returns 0; usage problems throw
 * `UsageError`, unreadable files `InputError` (exit 2 in the `mlgate` binary).
 */
export async function fairnessCommand(
  argv: string[],
  io: { readonly stdout: (text: string) => void; readonly cwd?: string },
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: FAIRNESS_OPTIONS,
    strict: true,
    allowPositionals: true,
  });
  const format = parseFormat(values.format);
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? "give the predictions FILE (csv, jsonl or parquet)"
        : `give one predictions FILE, not ${positionals.length}`,
    );
  }
  const file = positionals[0] as string;
  const label = required(values.label, "--label COL");
  const prediction = required(values.prediction, "--prediction COL");
  const sensitive = (values.sensitive ?? []).flatMap((v) => v.split(",")).map((c) => c.trim());
  if (sensitive.length === 0) throw new UsageError("--sensitive COL[,COL…] is required");
  if (sensitive.some((c) => c === "")) throw new UsageError("--sensitive has an empty column name");
  const twice = sensitive.find((c, i) => sensitive.indexOf(c) !== i);
  if (twice !== undefined) throw new UsageError(`--sensitive lists ${twice} twice`);
  const minGroupSize = parseMinGroupSize(values["min-group-size"]);
  const positive = values.positive === undefined ? 1 : parsePositive(values.positive);
  const inputFormat = formatOf(file);

  const path = resolve(io.cwd ?? process.cwd(), file);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(
      error.code === "ENOENT" ? "no such file" : `cannot read it (${error.code ?? error.message})`,
      { where: file },
    );
  });
  if (!info.isFile()) throw new InputError("not a regular file", { where: file });
  const report = await accumulateFairness({ path }, inputFormat, {
    label,
    prediction,
    sensitive,
    positive,
    minGroupSize,
    file,
  });
  if (format === "json") {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    // Loaded only when needed: it adds to the start-up time of every JSON run otherwise.
    const { renderFairnessMarkdown } = await import("../core/fairness/render-fairness-markdown.js");
    io.stdout(renderFairnessMarkdown(report, { file, positive, minGroupSize }));
  }
  return 0;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === "") throw new UsageError(`${flag} is required`);
  return value;
}

function parseMinGroupSize(value: string | undefined): number {
  if (value === undefined) return 30;
  if (!/^\d+$/.test(value.trim())) {
    throw new UsageError(`--min-group-size must be a whole number, not "${value}"`);
  }
  return Number(value.trim());
}

function formatOf(file: string): PredictionFormat {
  const format = predictionFormatOf(file);
  if (!format) {
    throw new UsageError(
      `cannot tell the format of ${file} from its name: use a .csv, .jsonl (.ndjson) or .parquet file`,
    );
  }
  return format;
}
