import type { MlgateError } from "../core/errors.js";
import { escapeMarkdown } from "../core/render/escape.js";
import { checkKey } from "../review/check-ledger.js";
import type { FlowContext } from "./flow-context.js";

/**
 * Concludes a commit's open `mlgate` check as failed when GitHub failed before mlgate knew what
 * to review (the config or the run's pull requests could not be read), so a required check does
 * not wait forever for a review that will not come. Only a check mlgate already opened is
 * touched: a repository that may not use mlgate gets no check from an outage. The training run's
 * own completion, or "Re-run", concludes it again with the review.
 *
 * @returns whether a check was concluded
 */
export async function concludeOpenCheck(
  ctx: FlowContext,
  headSha: string,
  error: MlgateError,
): Promise<boolean> {
  const key = checkKey(ctx.scm.repository, headSha);
  try {
    const memo = await ctx.state.checks.get(key);
    let id: number | undefined;
    if (memo) {
      if (!memo.completed) id = memo.id;
    } else {
      const found = await ctx.scm.findCheck(headSha);
      if (found && found.status !== "completed") id = found.id;
    }
    if (id === undefined) return false;
    await ctx.scm.updateCheck(id, {
      status: "completed",
      conclusion: "failure",
      title: "mlgate could not review this commit",
      summary: `${escapeMarkdown(error.toUserMessage(), 500)}\n\nRe-run this check once the cause is fixed.`,
    });
    await ctx.state.checks.set(key, { id, completed: true, annotations: memo?.annotations });
    return true;
  } catch (publishError) {
    ctx.log.error({ err: publishError }, "mlgate: could not conclude the check after an error");
    return false;
  }
}
