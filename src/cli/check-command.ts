import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";
import type { CliIo } from "./cli-io.js";
import { readGitBaseFacts } from "./git-base-history.js";
import { loadConfig } from "./load-config.js";
import { parseFormat } from "./parse-format.js";
import { printReview } from "./print-review.js";
import { openReviewInputs } from "./review-inputs.js";

export const CHECK_USAGE = `mlgate check --config FILE --head PATH [--base PATH | --base-ref REV] [--format markdown|json]

Reviews PATH (a folder or an artifact zip) against a baseline and prints the comment the app
would post. --base-ref REV reads the committed files at the merge base of HEAD and REV, and their
first-parent history for trends and significance: history.
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
    const baseRef = values["base-ref"];
    if (baseRef !== undefined && inputs.base?.info.sha) {
      // Trends, history gates and the baseline's age come from the same git history.
      const facts = await readGitBaseFacts({
        cwd: io.cwd,
        headPath: values.head,
        baseSha: inputs.base.info.sha,
        baseRef,
        config,
        warn: (line) => io.stderr(`mlgate: warning: ${line}`),
        now: new Date(),
      });
      const base = { ...inputs.base, info: { ...inputs.base.info, age: facts.age } };
      return await printReview(io, format, { config, ...inputs, base, history: facts.history });
    }
    return await printReview(io, format, { config, ...inputs });
  } finally {
    await inputs.head.source.close();
    await inputs.base?.source.close();
  }
}
