import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";
import type { CliIo } from "./cli-io.js";
import { loadConfig } from "./load-config.js";
import { parseFormat } from "./parse-format.js";
import { printReview } from "./print-review.js";
import { openReviewInputs } from "./review-inputs.js";

export const CHECK_USAGE = `mlgate check --config FILE --head PATH [--base PATH | --base-ref REV] [--format markdown|json]

Reviews PATH (a folder or an artifact zip) against a baseline and prints the comment the app
would post. --base-ref REV reads the committed files at the merge base of HEAD and REV.
Exit 0 when every gate passes, 1 when a gate fails, 2 on bad input.`;

/** `mlgate check`: returns the exit code. */
export async function checkCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: "string" },
      head: { type: "string" },
      base: { type: "string" },
      "base-ref": { type: "string" },
      format: { type: "string", default: "markdown" },
      debug: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  });
  const format = parseFormat(values.format);
  if (!values.head) throw new UsageError("--head PATH is required");
  const config = await loadConfig(io.cwd, values.config, (w) => io.stderr(`mlgate: warning: ${w}`));
  const inputs = await openReviewInputs(io.cwd, values.head, values.base, values["base-ref"]);
  try {
    return await printReview(io, format, { config, ...inputs });
  } finally {
    await inputs.head.source.close();
    await inputs.base?.source.close();
  }
}
