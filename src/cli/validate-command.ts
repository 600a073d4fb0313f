import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseDocument, stringify } from "yaml";
import { parseConfig } from "../core/config/parse-config.js";
import { configSchema } from "../core/config/schema.js";
import { InputError, UsageError } from "../core/errors.js";
import type { CliIo } from "./cli-io.js";
import { COMMON_OPTIONS, type CommandHelp, type OptionTable } from "./command-help.js";
import { CONFIG_PATH, findConfigFile } from "./find-config-file.js";

const VALIDATE_OPTIONS = {
  format: {
    type: "string",
    value: "FORMAT",
    default: "yaml",
    description: "yaml (the normalised configuration) or json ({file, valid, config|errors})",
  },
  ...COMMON_OPTIONS,
} as const satisfies OptionTable;

/** What `mlgate validate --help` prints. */
export const VALIDATE_HELP: CommandHelp = {
  synopsis: "[FILE] [--format yaml|json]",
  summary: "check a configuration file; print it normalised, or every error",
  description: `Checks a configuration alone. Valid: prints it with every default filled in, exit 0.
Invalid: prints every problem, one per line with its key path and line, exit 2.`,
  arguments: [
    {
      name: "FILE",
      description: `the configuration (default: ${CONFIG_PATH} here or in the nearest folder above, up to the top of the git checkout)`,
    },
  ],
  options: VALIDATE_OPTIONS,
};

/** `mlgate validate [FILE]`: returns 0 when the configuration is valid, 2 when it is not. */
export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: VALIDATE_OPTIONS,
    strict: true,
    allowPositionals: true,
  });
  if (values.format !== "yaml" && values.format !== "json") {
    throw new UsageError(`--format must be yaml or json, not "${values.format}"`);
  }
  if (positionals.length > 1) {
    throw new UsageError(`give one configuration FILE, not ${positionals.length}`);
  }
  const file = positionals[0] ?? (await findConfigFile(io.cwd))?.path;
  if (file === undefined) {
    throw new InputError("no such file here or above, up to the top of the git checkout", {
      where: CONFIG_PATH,
    });
  }
  const text = await readFile(resolve(io.cwd, file), "utf8").catch(
    (error: NodeJS.ErrnoException) => {
      throw new InputError(
        error.code === "ENOENT"
          ? "no such file"
          : `cannot read it (${error.code ?? error.message})`,
        { where: file },
      );
    },
  );
  const result = parseConfig(text, file);
  // File-level problems already start with the file's name; every line names it once.
  const unprefixed = (line: string) =>
    line.startsWith(`${file}: `) ? line.slice(file.length + 2) : line;
  if (result.errors) {
    const errors = result.errors.map(unprefixed);
    if (values.format === "json") io.stdout(json({ file, valid: false, errors }));
    else for (const e of errors) io.stderr(`mlgate: ${file}: ${e}`);
    return 2;
  }
  const warnings = result.warnings.map(unprefixed);
  const config = normalised(text);
  if (values.format === "json") {
    io.stdout(json({ file, valid: true, config, warnings }));
  } else {
    for (const w of warnings) io.stderr(`mlgate: warning: ${file}: ${w}`);
    io.stderr(`mlgate: ${file} is valid; with its defaults it reads:`);
    io.stdout(stringify(config));
  }
  return 0;
}

/** The file as the schema reads it: every default filled in, in the file's own key names. */
function normalised(text: string): unknown {
  // Only called once parseConfig accepted the text, so this parse cannot fail.
  const data = parseDocument(text.replace(/^\uFEFF/, "")).toJS({ maxAliasCount: 100 }) ?? {};
  return configSchema.parse(data);
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
