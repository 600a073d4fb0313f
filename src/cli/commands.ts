import { CHECK_HELP, checkCommand } from "./check-command.js";
import type { CliCommand } from "./cli-command.js";
import { DIFF_HELP, diffCommand } from "./diff-command.js";
import { DRIFT_HELP, driftCommand } from "./drift-command.js";
import { FAIRNESS_HELP, fairnessCommand } from "./fairness-command.js";
import { HISTORY_HELP, historyCommand } from "./history-command.js";
import { VALIDATE_HELP, validateCommand } from "./validate-command.js";

/** Every `mlgate` command, in the order `mlgate --help` lists them. A new command is one entry. */
export const COMMANDS: readonly CliCommand[] = [
  { name: "check", help: CHECK_HELP, run: checkCommand },
  { name: "diff", help: DIFF_HELP, run: diffCommand },
  { name: "fairness", help: FAIRNESS_HELP, run: (argv, io) => fairnessCommand(argv, io) },
  { name: "drift", help: DRIFT_HELP, run: driftCommand },
  { name: "history", help: HISTORY_HELP, run: historyCommand },
  { name: "validate", help: VALIDATE_HELP, run: validateCommand },
];
