import type { Config } from "../core/config/config.js";
import type { OverrideInfo } from "../core/review.js";
import type { LabelEvent, PullRequest, Scm, WorkflowRun } from "../scm/scm.js";
import { canOverride } from "./can-override.js";

/** An accepted override, a note saying why the label was not honoured, or nothing to say. */
export type OverrideDecision =
  | { readonly override: OverrideInfo; readonly note?: undefined }
  | { readonly note: string; readonly override?: undefined }
  | undefined;

/**
 * Decides whether the override label accepts this head's failed gates. The label counts when it
 * was added after the head's training run was created (so a new push re-evaluates), by someone
 * with write, maintain or admin permission (asked of GitHub, never read from text), and not by
 * the pull request's author when `override.allow_author` is false.
 *
 * @param known - the label event when it is the event being handled (no lookup needed)
 */
export async function resolveOverride(
  scm: Scm,
  config: Config,
  pr: PullRequest,
  run: WorkflowRun,
  known?: LabelEvent,
): Promise<OverrideDecision> {
  const label = config.override.label;
  if (!known && !pr.labels.includes(label)) return undefined;
  const event = known ?? (await scm.findLabelEvent(pr.number, label));
  if (!event) {
    return {
      note: `The \`${label}\` label is on the pull request but who added it is unknown; add it again to accept the failed gates.`,
    };
  }
  if (Date.parse(event.at) < Date.parse(run.createdAt)) {
    return {
      note: `The \`${label}\` label was added before commit ${run.headSha.slice(0, 7)} was pushed; a new push is reviewed afresh. Remove and add the label again to accept this commit.`,
    };
  }
  if (!config.override.allowAuthor && event.by.toLowerCase() === pr.author.toLowerCase()) {
    return {
      note: `The \`${label}\` label added by ${event.by} was ignored: the pull request's author may not accept its own regressions here (override.allow_author: false).`,
    };
  }
  const permission = await scm.permissionOf(event.by);
  if (!canOverride(permission)) {
    return {
      note: `The \`${label}\` label added by ${event.by} was ignored: accepting failed gates needs write or admin permission, and ${event.by} has ${permission}.`,
    };
  }
  return { override: { by: event.by, at: event.at, label } };
}
