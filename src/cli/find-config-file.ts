import { stat } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

/** Where mlgate looks for its configuration inside a repository. */
export const CONFIG_PATH = join(".github", "mlgate.yml");

/** A configuration file found for a command: its path relative to `cwd`, and where it was. */
export interface FoundConfigFile {
  readonly path: string;
  /** Found in the folder holding `.git`: the file the app reads on GitHub. */
  readonly atTop: boolean;
}

/**
 * Finds `.github/mlgate.yml` for a command run in `cwd`, the one rule every command follows: in
 * `cwd`, else in the nearest folder above it, up to the top of the git checkout (the folder
 * holding `.git`), as a command run in a subfolder of a repository expects. Outside a checkout
 * the search goes up to the root.
 */
export async function findConfigFile(cwd: string): Promise<FoundConfigFile | undefined> {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const top = await exists(join(dir, ".git"));
    if (await exists(join(dir, CONFIG_PATH))) {
      return { path: relative(cwd, join(dir, CONFIG_PATH)), atTop: top };
    }
    if (top || dirname(dir) === dir) return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
