import type { CheckInput } from "../scm/scm.js";
import { parseExternalId } from "./check-external-id.js";
import type { FlowContext } from "./flow-context.js";

/** How a check update relates to what is already there. */
export interface SetCheckOptions {
  /** `runId/attempt` of the training run this update is about, if any. */
  readonly runKey?: string | undefined;
  /** Look for an existing check run when none is remembered (false: a new commit has none). */
  readonly lookup: boolean;
}

/**
 * Sets the `mlgate` check run of a commit. A concluded check is not moved back to queued or in
 * progress by a late or redelivered event; only another run or attempt (a re-run) reopens it.
 * A conclusion with nothing remembered creates a new check run rather than looking for the old
 * one: the newest check run of a name is the one GitHub shows and branch protection reads.
 *
 * @returns false when the update was skipped because the check is already concluded
 */
export async function setCheck(
  ctx: FlowContext,
  check: CheckInput,
  options: SetCheckOptions,
): Promise<boolean> {
  const key = `${ctx.scm.repository}@${check.headSha}`;
  let memo = ctx.state.checks.get(key);
  if (!memo && options.lookup) {
    const found = await ctx.scm.findCheck(check.headSha);
    if (found) {
      const bookkeeping = parseExternalId(found.externalId);
      const concludedFor =
        found.status !== "completed"
          ? undefined
          : bookkeeping?.runId !== undefined
            ? `${bookkeeping.runId}/${bookkeeping.attempt ?? 1}`
            : "final";
      memo = { id: found.id, concludedFor };
      ctx.state.checks.set(key, memo);
    }
  }
  if (check.status !== "completed" && memo?.concludedFor !== undefined) {
    const rerun =
      options.runKey !== undefined &&
      memo.concludedFor !== "final" &&
      memo.concludedFor !== options.runKey;
    if (!rerun) {
      ctx.log.debug(
        `mlgate: check for ${check.headSha} already concluded; ${check.status} ignored`,
      );
      return false;
    }
  }
  const result = memo
    ? await ctx.scm.updateCheck(memo.id, check)
    : await ctx.scm.createCheck(check);
  ctx.state.checks.set(key, {
    id: result.id,
    concludedFor: check.status === "completed" ? (options.runKey ?? "final") : undefined,
  });
  return true;
}
