import type { MlgateError } from "../core/errors.js";
import { escapeMarkdown } from "../core/render/escape.js";
import { closeOpenCheck } from "./close-open-check.js";
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
export function concludeOpenCheck(
  ctx: FlowContext,
  headSha: string,
  error: MlgateError,
): Promise<boolean> {
  return closeOpenCheck(ctx, headSha, {
    conclusion: "failure",
    title: "mlgate could not review this commit",
    summary: `${escapeMarkdown(error.toUserMessage(), 500)}\n\nRe-run this check once the cause is fixed.`,
  });
}
