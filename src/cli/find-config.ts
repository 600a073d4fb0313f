import { access } from "node:fs/promises";
import { join, relative } from "node:path";
import { simpleGit } from "simple-git";
import type { Config } from "../core/config/config.js";
import { defaultConfig } from "../core/config/parse-config.js";
import { loadConfig } from "./load-config.js";

/** Where the app reads its configuration, relative to the top of the repository. */
export const CONFIG_PATH = ".github/mlgate.yml";

/**
 * The configuration `mlgate check` and `mlgate diff` use: `--config FILE` when given; else, as
 * the app does, `.github/mlgate.yml` at the top of the git checkout the command runs in (or the
 * current folder outside a checkout), named on stderr. With none, a config that gates nothing
 * and marks the review as unconfigured, so the verdict is neutral, "no configuration".
 * `--precision` overrides `report.precision`.
 */
export async function findConfig(
  cwd: string,
  path: string | undefined,
  options: { precision?: number | undefined; stderr: (line: string) => void },
): Promise<Config> {
  const warn = (w: string) => options.stderr(`mlgate: warning: ${w}`);
  let config: Config;
  if (path !== undefined) {
    config = await loadConfig(cwd, path, warn);
  } else {
    const top = await checkoutTop(cwd);
    const candidate = join(top, CONFIG_PATH);
    const shown = relative(cwd, candidate) || candidate;
    if (await exists(candidate)) {
      options.stderr(`mlgate: using ${shown} (the configuration at the top of the checkout)`);
      config = await loadConfig(cwd, shown, warn);
    } else {
      options.stderr(
        `mlgate: no configuration (${shown} not found; give --config FILE): nothing is gated`,
      );
      config = { ...defaultConfig(), unconfigured: true };
    }
  }
  return options.precision === undefined
    ? config
    : { ...config, report: { ...config.report, precision: options.precision } };
}

async function checkoutTop(cwd: string): Promise<string> {
  try {
    return (await simpleGit(cwd).revparse(["--show-toplevel"])).trim() || cwd;
  } catch {
    return cwd;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
