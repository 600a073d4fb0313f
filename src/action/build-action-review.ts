import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "../core/errors.js";
import type { Review } from "../core/review.js";
import type { FileSource } from "../evidence/file-source.js";
import { openInput } from "../evidence/open-input.js";
import { reviewWithOverride } from "../review/review-with-override.js";
import type { Scm } from "../scm/scm.js";
import type { ActionContext } from "./action-context.js";
import type { ActionInputs } from "./action-inputs.js";
import { decideOverride } from "./decide-override.js";
import { openActionBaseline } from "./open-action-baseline.js";
import type { ActionConfig } from "./read-action-config.js";
import type { ReviewTarget } from "./resolve-target.js";

/**
 * Reviews this run's results against the baseline: opens both, reads only the files the config
 * names, builds the review (pure), and applies the override label to a failed one. Nothing is
 * published here.
 */
export async function buildActionReview(
  ctx: ActionContext,
  inputs: ActionInputs,
  scm: Scm,
  configured: ActionConfig,
  target: ReviewTarget,
  log: (line: string) => void,
): Promise<Review> {
  const { config } = configured;
  const sources: FileSource[] = [];
  try {
    let head: FileSource;
    let resultsDir: string | undefined;
    if (inputs.results) {
      const path = resolve(ctx.workspace, inputs.results);
      head = await openInput(path);
      if ((await stat(path)).isDirectory()) resultsDir = path;
    } else if (target.run) {
      // The publishing run of the fork pattern: the training run's artifact, as the app reads it.
      head = await scm.openArtifact(target.run.id, config.artifact);
    } else {
      throw new UsageError("input results: the folder with this run's results is required");
    }
    sources.push(head);

    const opened = await openActionBaseline(ctx, inputs, scm, config, target, resultsDir, log);
    if (opened.base) sources.push(opened.base.source);
    return await reviewWithOverride(
      {
        config,
        head: { source: head, info: target.head },
        base: opened.base,
        baselineMissing: opened.missing,
      },
      configured.warnings,
      inputs.dryRun ? undefined : () => decideOverride(scm, config, target),
    );
  } finally {
    for (const source of sources) await source.close();
  }
}
