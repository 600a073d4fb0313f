import type { Config } from "../core/config/config.js";
import type { LabelEvent, PullRequest } from "../scm/scm.js";
import { formatExternalId } from "./check-external-id.js";
import type { FlowContext } from "./flow-context.js";
import { notCovered, reviewHead } from "./review-head.js";
import { setCheck } from "./set-check.js";
import { setInProgress } from "./set-in-progress.js";
import { touchesPaths } from "./touches-paths.js";

/**
 * Brings a pull request head's check up to date when the trigger is not a training run: a push,
 * a reopen, a re-request or an override label. No run yet → queued ("waiting for train.yml");
 * running → in progress; finished → reviewed now (the run may have finished before the pull
 * request was opened, and no event will come for it again).
 *
 * @param lookup - whether the head may already have a check (anything but a new commit)
 */
export async function reviewOrWait(
  ctx: FlowContext,
  input: {
    readonly config: Config;
    readonly configWarnings: readonly string[];
    readonly pr: PullRequest;
    readonly lookup: boolean;
    readonly labelEvent?: LabelEvent | undefined;
  },
): Promise<void> {
  const { config, pr } = input;
  const externalId = formatExternalId({ pullNumber: pr.number });
  if (config.paths && !touchesPaths(await ctx.scm.changedFiles(pr.number), config.paths)) {
    await setCheck(
      ctx,
      { ...notCovered(config.paths), headSha: pr.headSha, status: "completed", externalId },
      { lookup: false },
    );
    return;
  }
  const run = await ctx.scm.findRunForCommit(config.workflow, pr.headSha);
  if (!run) {
    await setCheck(
      ctx,
      {
        headSha: pr.headSha,
        status: "queued",
        title: `Waiting for ${config.workflow}`,
        summary: `mlgate reviews this commit when a run of \`${config.workflow}\` for it finishes and uploads the \`${config.artifact}\` artifact.`,
        externalId,
      },
      { lookup: input.lookup },
    );
    return;
  }
  if (run.status !== "completed") {
    await setInProgress(
      ctx,
      { headSha: pr.headSha, pullNumber: pr.number, workflow: config.workflow, run },
      input.lookup,
    );
    return;
  }
  await reviewHead(ctx, {
    config,
    configWarnings: input.configWarnings,
    pr,
    fullPr: pr,
    run,
    labelEvent: input.labelEvent,
  });
}
