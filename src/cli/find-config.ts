import type { Config } from "../core/config/config.js";
import { defaultConfig } from "../core/config/parse-config.js";
import { CONFIG_PATH, findConfigFile } from "./find-config-file.js";
import { loadConfig } from "./load-config.js";

/**
 * The configuration `mlgate check` and `mlgate diff` use: `--config FILE` when given; else, as
 * the app does, `.github/mlgate.yml` (in this folder or the nearest above it, up to the top of
 * the git checkout), named on stderr. With none, a config that gates nothing
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
    const found = await findConfigFile(cwd);
    if (found) {
      const where = found.atTop
        ? "the configuration at the top of the checkout"
        : "the nearest configuration, below the top of the checkout";
      options.stderr(`mlgate: using ${found.path} (${where})`);
      config = await loadConfig(cwd, found.path, warn);
    } else {
      options.stderr(
        `mlgate: no configuration (${CONFIG_PATH} not found here or above, up to the top of the checkout; give --config FILE): nothing is gated`,
      );
      config = { ...defaultConfig(), unconfigured: true };
    }
  }
  return options.precision === undefined
    ? config
    : { ...config, report: { ...config.report, precision: options.precision } };
}
