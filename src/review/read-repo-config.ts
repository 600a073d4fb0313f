import type { Config } from "../core/config/config.js";
import { parseConfig } from "../core/config/parse-config.js";
import { ConfigError } from "../core/errors.js";
import type { Scm } from "../scm/scm.js";

/** The repository's configuration: absent (mlgate stays silent), unusable, or ready. */
export type RepoConfig =
  | { readonly kind: "absent" }
  | { readonly kind: "invalid"; readonly errors: readonly string[] }
  | { readonly kind: "ready"; readonly config: Config; readonly warnings: readonly string[] };

/** Reads and validates `.github/mlgate.yml` from the default branch. Never throws on bad YAML. */
export async function readRepoConfig(scm: Scm): Promise<RepoConfig> {
  let text: string | undefined;
  try {
    text = await scm.readConfig();
  } catch (error) {
    if (error instanceof ConfigError) return { kind: "invalid", errors: error.problems };
    throw error;
  }
  if (text === undefined) return { kind: "absent" };
  const result = parseConfig(text, ".github/mlgate.yml");
  if (result.errors) return { kind: "invalid", errors: result.errors };
  return { kind: "ready", config: result.config, warnings: result.warnings };
}
