import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";
import type { CliIo } from "./cli-io.js";
import {
  COMMON_OPTIONS,
  CONFIG_LOOKUP,
  type CommandHelp,
  type OptionTable,
  REVIEW_OUTPUT_OPTIONS,
} from "./command-help.js";
import { findConfig } from "./find-config.js";
import { readGitBaseFacts } from "./git-base-history.js";
import { parseFormat, parsePrecision } from "./parse-format.js";
import { printReview } from "./print-review.js";
import { openReviewInputs } from "./review-inputs.js";

const CHECK_OPTIONS = {
  config: {
    type: "string",
    value: "FILE",
    description: `the configuration; without it, ${CONFIG_LOOKUP} (none: nothing is gated, neutral)`,
  },
  head: {
    type: "string",
    value: "PATH",
    description: "the results to review: a folder or an artifact zip (required)",
  },
  base: {
    type: "string",
    value: "PATH",
    description: "the baseline's results: a folder or an artifact zip",
  },
  "base-ref": {
    type: "string",
    value: "REV",
    description: "the baseline as committed at the merge base of HEAD and REV, with its history",
  },
  ...REVIEW_OUTPUT_OPTIONS,
  ...COMMON_OPTIONS,
} as const satisfies OptionTable;

/** What `mlgate check --help` prints. */
export const CHECK_HELP: CommandHelp = {
  synopsis:
    "--head PATH [--config FILE] [--base PATH | --base-ref REV] [--format text|markdown|json] [--precision N]",
  summary: "review results against a baseline; prints the comment the app would post",
  description: `Reviews PATH against the baseline and prints the review exactly as the app would post it.
--base-ref REV also reads the first-parent history of the committed files, for trends and
significance: history. Without --config, .github/mlgate.yml (here or in the nearest folder
above, up to the top of the git checkout) is used and named on stderr; with none, nothing is
gated and the verdict is neutral.
Exit 0 when every gate passes, 1 when a gate fails, 2 on bad input.`,
  options: CHECK_OPTIONS,
};

/** `mlgate check`: returns the exit code. */
export async function checkCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: CHECK_OPTIONS,
    strict: true,
    allowPositionals: false,
  });
  const format = parseFormat(values.format, io.stdoutIsTTY === true);
  const precision = parsePrecision(values.precision);
  if (!values.head) throw new UsageError("--head PATH is required");
  const config = await findConfig(io.cwd, values.config, {
    precision,
    stderr: (line) => io.stderr(line),
  });
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
