import type { CheckRun } from "../scm/scm.js";
import { formatExternalId, parseExternalId } from "./check-external-id.js";
import { concludeConfigError } from "./conclude-config-error.js";
import { concludeOnError } from "./conclude-on-error.js";
import type { FlowContext } from "./flow-context.js";
import { readRepoConfig } from "./read-repo-config.js";
import { reviewOrWait } from "./review-or-wait.js";
import { setCheck } from "./set-check.js";

/**
 * `check_run.rerequested` ("Re-run" on the mlgate check): review the head again, in a new check
 * run as GitHub expects. The pull request comes from the check's bookkeeping, since GitHub lists
 * no pull requests on checks of fork commits.
 */
export async function onCheckRerequested(
  ctx: FlowContext,
  check: CheckRun,
  listedPullNumbers: readonly number[],
): Promise<void> {
  const pullNumber = parseExternalId(check.externalId)?.pullNumber ?? listedPullNumbers[0];
  if (pullNumber === undefined) {
    ctx.log.info(`mlgate: re-requested check ${check.id} names no pull request; nothing to do`);
    return;
  }
  const repoConfig = await readRepoConfig(ctx.scm);
  if (repoConfig.kind === "absent") return;
  // The re-run gets a new check run: forget the one being re-run.
  ctx.state.checks.delete(`${ctx.scm.repository}@${check.headSha}`);
  const target = { headSha: check.headSha, pullNumber };
  await ctx.state.locks.run(`${ctx.scm.repository}#${pullNumber}`, () =>
    concludeOnError(ctx, target, async () => {
      if (repoConfig.kind === "invalid") {
        await concludeConfigError(ctx, target, repoConfig.errors);
        return;
      }
      const pr = await ctx.scm.getPullRequest(pullNumber);
      if (pr.state !== "open") return;
      if (pr.headSha !== check.headSha) {
        await setCheck(
          ctx,
          {
            headSha: check.headSha,
            status: "completed",
            conclusion: "neutral",
            title: "Superseded by a newer commit",
            summary: `Pull request #${pr.number} has moved on to ${pr.headSha.slice(0, 7)}; this commit is not reviewed again.`,
            externalId: formatExternalId({ pullNumber }),
          },
          { lookup: false },
        );
        return;
      }
      await reviewOrWait(ctx, {
        config: repoConfig.config,
        configWarnings: repoConfig.warnings,
        pr,
        lookup: false,
      });
    }),
  );
}
