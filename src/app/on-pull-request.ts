import type { LabelEvent, PullRequest } from "../scm/scm.js";
import { concludeConfigError } from "./conclude-config-error.js";
import { concludeOnError } from "./conclude-on-error.js";
import type { FlowContext } from "./flow-context.js";
import { readRepoConfig } from "./read-repo-config.js";
import { reviewOrWait } from "./review-or-wait.js";

/** What happened to the pull request. */
export type PullRequestChange =
  | { readonly kind: "opened" | "synchronize" }
  | { readonly kind: "reopened" }
  | { readonly kind: "labeled" | "unlabeled"; readonly label: string; readonly sender: string };

/**
 * `pull_request`: a new head gets its check at once (a required check that is never created blocks
 * the pull request forever); the override label, added or removed, re-decides the current head.
 * Closed pull requests and other labels are ignored; no config → silent.
 */
export async function onPullRequest(
  ctx: FlowContext,
  pr: PullRequest,
  change: PullRequestChange,
): Promise<void> {
  if (pr.state !== "open") return;
  const repoConfig = await readRepoConfig(ctx.scm);
  if (repoConfig.kind === "absent") return;
  const isLabel = change.kind === "labeled" || change.kind === "unlabeled";
  if (isLabel && (repoConfig.kind !== "ready" || change.label !== repoConfig.config.override.label))
    return;

  const target = { headSha: pr.headSha, pullNumber: pr.number };
  await ctx.state.locks.run(`${ctx.scm.repository}#${pr.number}`, () =>
    concludeOnError(ctx, target, async () => {
      if (repoConfig.kind === "invalid") {
        await concludeConfigError(ctx, target, repoConfig.errors);
        return;
      }
      const labelEvent: LabelEvent | undefined =
        change.kind === "labeled" ? { by: change.sender, at: ctx.now().toISOString() } : undefined;
      await reviewOrWait(ctx, {
        config: repoConfig.config,
        configWarnings: repoConfig.warnings,
        pr,
        // A new commit has no check yet; anything else may have one to move on.
        lookup: change.kind !== "opened" && change.kind !== "synchronize",
        labelEvent,
      });
    }),
  );
}
