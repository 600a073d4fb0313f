/** One option of a command: what `parseArgs` needs, plus what `--help` prints. */
export interface OptionHelp {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
  readonly default?: string | boolean;
  /** The placeholder of the option's value in help (`FILE`, `PATH`); strings only. */
  readonly value?: string;
  /** One line: what the option does. */
  readonly description: string;
}

/**
 * A command's options, keyed by long name. The same table is handed to `parseArgs` (which
 * ignores the help fields), so an option cannot be accepted without being described.
 */
export type OptionTable = Readonly<Record<string, OptionHelp>>;

/** A positional argument, as `--help` lists it. */
export interface ArgumentHelp {
  readonly name: string;
  readonly description: string;
}

/** What `mlgate COMMAND --help` prints, and the one line `mlgate --help` gives the command. */
export interface CommandHelp {
  /** The arguments after `mlgate COMMAND`, e.g. `BASE HEAD [--format markdown|json]`. */
  readonly synopsis: string;
  /** One line for the command list of `mlgate --help`. */
  readonly summary: string;
  /** A few sentences on what the command does and what it exits with. */
  readonly description?: string;
  readonly arguments?: readonly ArgumentHelp[];
  readonly options: OptionTable;
}

/** Options every command accepts. */
/** Where `check` and `diff` look for their configuration without `--config`, as help says it. */
export const CONFIG_LOOKUP =
  ".github/mlgate.yml here or in the nearest folder above, up to the top of the git checkout";

/** How `check` and `diff` print a review: the same two options for both. */
export const REVIEW_OUTPUT_OPTIONS = {
  format: {
    type: "string",
    value: "FORMAT",
    description:
      "text (aligned tables; the default on a terminal), markdown (the comment the app would post; the default when piped) or json",
  },
  precision: {
    type: "string",
    value: "N",
    description: "significant digits of values (default: as many as it takes to show a change)",
  },
} as const satisfies OptionTable;

export const COMMON_OPTIONS = {
  debug: {
    type: "boolean",
    description: "on an unexpected error, print its stack trace",
  },
  help: {
    type: "boolean",
    short: "h",
    description: "show this help",
  },
} as const satisfies OptionTable;
