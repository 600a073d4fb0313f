import { closeOpenCheck } from "./close-open-check.js";
import type { FlowContext } from "./flow-context.js";

/**
 * `merge_group.destroyed`: the group was merged, dequeued, or invalidated by an entry ahead of it
 * leaving the queue, and nothing waits for its check any more. A check mlgate left open on its
 * head (the training run was cancelled with the group, or never ran) is concluded neutral, so no
 * check of mlgate's stays queued; a later end of the run still concludes it with the review.
 */
export async function onMergeGroupDestroyed(
  ctx: FlowContext,
  headSha: string,
  reason: string | undefined,
): Promise<void> {
  const why = reason ?? "removed";
  // The lock `runJob` holds for a merge group's head: a review in flight finishes first.
  await ctx.state.locks.run(`${ctx.scm.repository}@${headSha}`, async () => {
    const closed = await closeOpenCheck(ctx, headSha, {
      conclusion: "neutral",
      title: `Merge group ${why} before the review`,
      summary: `The merge queue was done with this merge group (${why}) before its training run was reviewed, so nothing was gated here.`,
    });
    if (closed) {
      ctx.log.info(`mlgate: ${ctx.scm.repository} merge group ${headSha.slice(0, 7)} ${why}`);
    }
  });
}
