import { StoreError } from "../core/errors.js";
import { checkKey } from "../review/check-ledger.js";
import type { CheckConclusion } from "../scm/scm.js";
import type { FlowContext } from "./flow-context.js";

/** How an open check is closed. */
export interface Closing {
  readonly conclusion: CheckConclusion;
  readonly title: string;
  readonly summary: string;
}

/**
 * Concludes a commit's `mlgate` check run when mlgate opened it and it is still queued or in
 * progress; a concluded check, or none, is left alone (no check is created here). GitHub
 * failing is logged, not thrown: the caller decides what an unclosed check means.
 *
 * @returns whether a check was concluded
 */
export async function closeOpenCheck(
  ctx: FlowContext,
  headSha: string,
  closing: Closing,
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
    await ctx.scm.updateCheck(id, { status: "completed", ...closing });
    await ctx.state.checks.set(key, { id, completed: true, annotations: memo?.annotations });
    return true;
  } catch (publishError) {
    ctx.log.error({ err: publishError }, "mlgate: could not conclude an open check");
    // The store failed: the job is run again, so the check is concluded then.
    if (publishError instanceof StoreError) throw publishError;
    return false;
  }
}
