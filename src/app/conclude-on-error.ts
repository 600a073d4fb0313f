import { ConfigError, isMlgateError } from "../core/errors.js";
import { escapeMarkdown } from "../core/render/escape.js";
import { formatExternalId } from "./check-external-id.js";
import { concludeConfigError } from "./conclude-config-error.js";
import { concludeOpenCheck } from "./conclude-open-check.js";
import type { FlowContext } from "./flow-context.js";
import { setCheck } from "./set-check.js";

/**
 * Runs one pull request's work so that its check always concludes. mlgate's own errors (GitHub
 * refused or failed, an artifact or a file cannot be used) conclude the check with their message,
 * which is the handling. Anything else is a bug: the check says so, and the error is rethrown for
 * the log and the delivery's status.
 */
export async function concludeOnError(
  ctx: FlowContext,
  target: { readonly headSha: string; readonly pullNumber: number },
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    const known = isMlgateError(error);
    ctx.log.warn(
      { err: error },
      `mlgate: ${ctx.scm.repository}#${target.pullNumber} ${target.headSha.slice(0, 7)} could not be reviewed`,
    );
    try {
      if (error instanceof ConfigError) {
        await concludeConfigError(ctx, target, error.problems);
        return;
      }
      await setCheck(
        ctx,
        {
          headSha: target.headSha,
          status: "completed",
          conclusion: "failure",
          title: known ? "mlgate could not review this commit" : "mlgate failed",
          summary: known
            ? // The message can carry artifact file and metric names: escape them like any artifact text.
              `${escapeMarkdown(error.toUserMessage(), 500)}\n\nRe-run this check once the cause is fixed.`
            : "mlgate hit an internal error while reviewing this commit (details are in the app's log). Re-run this check to try again.",
          externalId: formatExternalId({ pullNumber: target.pullNumber }),
        },
        { lookup: false },
      );
    } catch (publishError) {
      ctx.log.error({ err: publishError }, "mlgate: could not conclude the check after an error");
      // Creating a check run failed: an open one mlgate made earlier may still take the failure.
      if (known && (await concludeOpenCheck(ctx, target.headSha, error))) return;
      throw error;
    }
    if (!known) throw error;
  }
}
