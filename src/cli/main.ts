import { createRequire } from "node:module";
import { isMlgateError } from "../core/errors.js";
import type { CliCommand } from "./cli-command.js";
import type { CliIo } from "./cli-io.js";
import { closestName } from "./closest-name.js";
import { COMMANDS } from "./commands.js";
import { columns, formatCommandHelp } from "./format-help.js";

/** `mlgate --help`: the commands, one line each, and where to read more. */
function usage(): string {
  return `mlgate ${packageVersion()}: reviews machine-learning changes (metric diff, bias check, gates).

Usage: mlgate COMMAND [ARGUMENTS] [OPTIONS]

Commands:
${columns(COMMANDS.map((c) => [c.name, c.help.summary])).join("\n")}

Options:
${columns([
  ["-h, --help", "show this help; mlgate COMMAND --help describes a command's options"],
  ["-v, --version", "print mlgate's version"],
]).join("\n")}

Exit codes: 0 every gate passed, 1 a gate failed, 2 bad input or usage (one line on stderr).
`;
}

/**
 * The `mlgate` command line. Returns the exit code; never throws. Errors are one line on
 * stderr (`mlgate: file: what is wrong`), with the stack only under `--debug`.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    (name === undefined ? io.stderr : io.stdout)(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v" || name === "-V") {
    io.stdout(packageVersion());
    return 0;
  }
  if (name === "help") return help(rest[0], io);
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`mlgate: ${unknownCommand(name)}`);
    return 2;
  }
  // Only before `--`: after it, `--help` is a value (a file may be named so).
  const flags = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest;
  if (flags.includes("--help") || flags.includes("-h")) {
    io.stdout(formatCommandHelp(command.name, command.help));
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.stderr(`mlgate: ${describe(error, command)}`);
    if (flags.includes("--debug") && error instanceof Error && error.stack) io.stderr(error.stack);
    return 2;
  }
}

/** `mlgate help [COMMAND]`. */
function help(name: string | undefined, io: CliIo): number {
  if (name === undefined) {
    io.stdout(usage());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`mlgate: ${unknownCommand(name)}`);
    return 2;
  }
  io.stdout(formatCommandHelp(command.name, command.help));
  return 0;
}

function unknownCommand(name: string): string {
  const names = COMMANDS.map((c) => c.name);
  const guess = closestName(name, names);
  return guess
    ? `unknown command "${name}"; did you mean "${guess}"? (see mlgate --help)`
    : `unknown command "${name}" (expected ${names.slice(0, -1).join(", ")} or ${names.at(-1)}; see mlgate --help)`;
}

function describe(error: unknown, command: CliCommand): string {
  if (isMlgateError(error)) return error.toUserMessage();
  // parseArgs' own errors (unknown option, missing value) are usage errors with a good message.
  if (
    error instanceof TypeError &&
    "code" in error &&
    String(error.code).startsWith("ERR_PARSE_ARGS")
  ) {
    const unknown = error.message.match(/^Unknown option '--([^']+)'/)?.[1];
    const guess = unknown && closestName(unknown, Object.keys(command.help.options));
    if (unknown && guess) {
      return `unknown option --${unknown}; did you mean --${guess}? (see mlgate ${command.name} --help)`;
    }
    return `${error.message.split("\n")[0]} (see mlgate ${command.name} --help)`;
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
