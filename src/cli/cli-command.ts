import type { CliIo } from "./cli-io.js";
import type { CommandHelp } from "./command-help.js";

/** One `mlgate` command: its name, its help, and what runs it (returning the exit code). */
export interface CliCommand {
  readonly name: string;
  readonly help: CommandHelp;
  readonly run: (argv: string[], io: CliIo) => Promise<number>;
}
