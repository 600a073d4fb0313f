import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { OctokitScm } from "../scm/github/octokit-scm.js";
import { LocalScm } from "../scm/local-scm.js";
import type { Scm } from "../scm/scm.js";
import type { ActionContext } from "./action-context.js";
import type { ActionInputs } from "./action-inputs.js";

/** Login of the comments the workflow token writes. */
const ACTIONS_BOT = "github-actions[bot]";

/**
 * The repository as the run sees it: GitHub through the workflow's token, or, for a dry run, a
 * `LocalScm` that writes the comment and check run to `<RUNNER_TEMP>/mlgate/` and sends nothing.
 */
export function createActionScm(
  ctx: ActionContext,
  inputs: ActionInputs,
  log: (line: string) => void,
): Scm {
  if (inputs.dryRun) {
    return new LocalScm({
      repoDir: ctx.workspace,
      repository: ctx.repository,
      configPath: inputs.config,
      outDir: join(ctx.tempDir, "mlgate"),
      log,
      pullRequest: ctx.event.kind === "pull_request" ? ctx.event.pr : undefined,
    });
  }
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const octokit = new Octokit({
    // No token still reads a public repository; writes then fail and the run says so.
    ...(inputs.token ? { auth: inputs.token } : {}),
    baseUrl: ctx.apiUrl,
    userAgent: "mlgate-action",
    log: quiet,
  });
  return new OctokitScm(octokit, {
    owner: ctx.owner,
    repo: ctx.repo,
    botLogin: ACTIONS_BOT,
    configPath: inputs.config,
  });
}
