import { stat } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

/** Where mlgate looks for its configuration inside a repository. */
export const CONFIG_PATH = join(".github", "mlgate.yml");

/**
 * Finds `.github/mlgate.yml` for a command run in `cwd`: in `cwd`, else in a folder above it up
 * to the top of the git checkout (the folder holding `.git`), as a command run in a
 * subfolder of a repository expects. Returns the path relative to `cwd`, or undefined.
 */
export async function findConfigFile(cwd: string): Promise<string | undefined> {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (await exists(join(dir, CONFIG_PATH))) return relative(cwd, join(dir, CONFIG_PATH));
    if ((await exists(join(dir, ".git"))) || dirname(dir) === dir) return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
