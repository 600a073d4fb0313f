import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";
import { openInput } from "../evidence/open-input.js";
import type { CliIo } from "./cli-io.js";
import { loadConfig } from "./load-config.js";
import { parseFormat } from "./parse-format.js";
import { printReview } from "./print-review.js";

export const DIFF_USAGE = `mlgate diff BASE HEAD [--config FILE] [--format markdown|json]

Compares two metric files or folders (folders: the files matched by metrics.files, default
metrics.json, all_results.json, wandb-summary.json, mlruns/, tfevents ...). Gates come from
--config when given. Exit 0 when every gate passes, 1 when a gate fails, 2 on bad input.`;

/** `mlgate diff`: returns the exit code. */
export async function diffCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      config: { type: "string" },
      format: { type: "string", default: "markdown" },
      debug: { type: "boolean" },
    },
    strict: true,
    allowPositionals: true,
  });
  const format = parseFormat(values.format);
  if (positionals.length !== 2) throw new UsageError("mlgate diff needs two paths: BASE HEAD");
  const [basePath, headPath] = positionals as [string, string];
  const config = await loadConfig(io.cwd, values.config, (w) => io.stderr(`mlgate: warning: ${w}`));
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
