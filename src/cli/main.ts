import { createRequire } from "node:module";
import { isMlgateError } from "../core/errors.js";
import { CHECK_USAGE, checkCommand } from "./check-command.js";
import type { CliIo } from "./cli-io.js";
import { DIFF_USAGE, diffCommand } from "./diff-command.js";
import { DRIFT_USAGE, driftCommand } from "./drift-command.js";
import { fairnessCommand } from "./fairness-command.js";
import { HISTORY_USAGE, historyCommand } from "./history-command.js";

const FAIRNESS_USAGE = `mlgate fairness FILE --label COL --prediction COL --sensitive COL[,COL…] [--positive VALUE]
                [--min-group-size N] [--format markdown|json]

Per-group rates and disparities (fairlearn's definitions) of a predictions file (csv, jsonl,
parquet), streamed: memory does not grow with the number of rows.`;

const USAGE = `mlgate — reviews machine-learning changes: metric diff, bias check, gates.

Usage:
  ${CHECK_USAGE.split("\n")[0]}
  ${DIFF_USAGE.split("\n")[0]}
  ${FAIRNESS_USAGE.split("\n").slice(0, 2).join("\n  ")}
  ${DRIFT_USAGE.split("\n").slice(0, 2).join("\n  ")}
  ${HISTORY_USAGE.split("\n").slice(0, 2).join("\n  ")}

Run mlgate COMMAND --help for details. Add --debug to see a stack trace on errors.
Exit codes: 0 all gates pass, 1 a gate failed, 2 bad input or usage.`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  check: { run: checkCommand, usage: CHECK_USAGE },
  diff: { run: diffCommand, usage: DIFF_USAGE },
  fairness: {
    run: (argv, io) => fairnessCommand(argv, io),
    usage: FAIRNESS_USAGE,
  },
  drift: { run: driftCommand, usage: DRIFT_USAGE },
  history: { run: historyCommand, usage: HISTORY_USAGE },
};

/**
 * The `mlgate` command line. Returns the exit code; never throws. Errors are one line on
 * stderr (`mlgate: file: what is wrong`), with the stack only under `--debug`.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout)(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(packageVersion());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(
      `mlgate: unknown command "${name}" (expected check, diff, fairness, drift or history; see mlgate --help)`,
    );
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.usage);
    return 0;
  }
  const debug = rest.includes("--debug");
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.stderr(`mlgate: ${describe(error)}`);
    if (debug && error instanceof Error && error.stack) io.stderr(error.stack);
    return 2;
  }
}

function describe(error: unknown): string {
  if (isMlgateError(error)) return error.toUserMessage();
  // parseArgs' own errors (unknown option, missing value) are usage errors with a good message.
  if (
    error instanceof TypeError &&
    "code" in error &&
    String(error.code).startsWith("ERR_PARSE_ARGS")
  ) {
    return `${error.message.split("\n")[0]} (see mlgate --help)`;
  }
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return `unexpected error: ${message} (run with --debug for details)`;
}

/** The version in package.json (two folders up from both src/cli and dist/cli). */
function packageVersion(): string {
  const pkg: unknown = createRequire(import.meta.url)("../../package.json");
  return typeof pkg === "object" && pkg !== null && "version" in pkg
    ? String(pkg.version)
    : "unknown";
}
