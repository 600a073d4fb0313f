import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Config } from "../core/config/config.js";
import { defaultConfig, parseConfig } from "../core/config/parse-config.js";
import { ConfigError } from "../core/errors.js";

/**
 * Reads a config file for the CLI. No file named → the defaults. Warnings go to `warn`; any
 * error throws a ConfigError whose message names the file, key path and line.
 */
export async function loadConfig(
  cwd: string,
  path: string | undefined,
  warn: (line: string) => void,
): Promise<Config> {
  if (path === undefined) return defaultConfig();
  const text = await readFile(resolve(cwd, path), "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(
      [
        error.code === "ENOENT"
          ? "no such file"
          : `cannot read it (${error.code ?? error.message})`,
      ],
      {
        where: path,
      },
    );
  });
  const result = parseConfig(text, path);
  if (result.errors) {
    // File-level problems already start with the file's name; the error adds it once.
    const prefix = `${path}: `;
    const problems = result.errors.map((e) => (e.startsWith(prefix) ? e.slice(prefix.length) : e));
    throw new ConfigError(problems, { where: path });
  }
  for (const w of result.warnings) warn(w);
  return result.config;
}
