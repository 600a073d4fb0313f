import type { Config } from "../core/config/config.js";
import { defaultConfig, parseConfig } from "../core/config/parse-config.js";
import { ConfigError } from "../core/errors.js";
import { LocalScm } from "../scm/local-scm.js";
import type { Scm } from "../scm/scm.js";
import type { ActionContext } from "./action-context.js";
import type { ActionInputs } from "./action-inputs.js";
import { ensureBaseRef } from "./ensure-base-ref.js";

/** The configuration a run is held to, and where it was read. */
export interface ActionConfig {
  readonly config: Config;
  readonly warnings: readonly string[];
  /** "origin/main", "the default branch", "the working tree". */
  readonly from: string;
}

/**
 * Reads the config the way a pull request cannot influence: for a pull request or a merge group,
 * as committed on its base branch (from the checkout, fetching the branch if needed, else through
 * the API from the default branch); for `workflow_run`, from the default branch through the API.
 * A push is already on the branch, so its working tree is the base. No file means the default
 * gates.
 */
export async function readActionConfig(
  ctx: ActionContext,
  inputs: ActionInputs,
  scm: Scm,
  log: (line: string) => void,
): Promise<ActionConfig> {
  const path = inputs.config;
  const local = (configRef?: string) =>
    new LocalScm({
      repoDir: ctx.workspace,
      configPath: path,
      configRef,
      outDir: ctx.tempDir,
    }).readConfig();
  const warnings: string[] = [];
  let text: string | undefined;
  let from: string;
  const { event } = ctx;
  if (
    event.kind === "pull_request" ||
    event.kind === "merge_group" ||
    event.kind === "workflow_run"
  ) {
    // A merge group's checkout holds the queued pull requests' changes, config included.
    const baseRef =
      event.kind === "pull_request"
        ? event.pr.baseRef
        : event.kind === "merge_group"
          ? event.group.baseRef
          : undefined;
    const ref =
      baseRef === undefined ? undefined : await ensureBaseRef(ctx.workspace, baseRef, log);
    if (ref !== undefined) {
      text = await local(ref);
      from = ref;
    } else if (!inputs.dryRun) {
      text = await scm.readConfig();
      from = "the default branch";
    } else {
      text = await local();
      from = "the working tree";
      warnings.push(
        `${path} was read from the working tree, not the base branch (a dry run without the base branch in the checkout)`,
      );
    }
  } else {
    text = await local();
    from = "the working tree";
  }
  if (text === undefined) {
    return {
      config: defaultConfig(),
      warnings: [...warnings, `there is no ${path} in ${from}, so the default gates apply`],
      from,
    };
  }
  const result = parseConfig(text, path);
  if (result.errors) throw new ConfigError(result.errors, { where: `${path} in ${from}` });
  return { config: result.config, warnings: [...warnings, ...result.warnings], from };
}
