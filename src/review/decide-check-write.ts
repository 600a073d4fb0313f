import type { CheckMemo } from "./check-ledger.js";
import { isOlderRun, type RunRef } from "./review-job.js";

/** What a planned check update does to the check run already on the commit. */
export type CheckWrite =
  | { readonly kind: "create" }
  /** `annotations: false`: the check run already carries exactly these annotations. */
  | { readonly kind: "update"; readonly id: number; readonly annotations: boolean }
  | { readonly kind: "skip"; readonly reason: "older-attempt" | "already-concluded" };

/** The part of a planned check the decision looks at. */
export interface CheckWish {
  readonly completed: boolean;
  readonly run?: RunRef | undefined;
  /** Digest of the annotations to show (`""` for none). */
  readonly annotations: string;
}

/**
 * Decides how a check update lands, from what is known of the check run on the commit. Pure.
 *
 * - Nothing known: create one (the newest check run of a name is the one GitHub shows).
 * - An older run attempt never replaces a newer attempt's check, open or concluded.
 * - A concluded check is not moved back to queued or in progress, except by another run or a
 *   re-run's new attempt.
 * - GitHub appends annotations on every update and never removes one: they are sent once per
 *   check run. When the check run carries other (or unknown) annotations, a new check run shows
 *   the new ones alone, so a stale failure is never left pointing at a file.
 */
export function decideCheckWrite(memo: CheckMemo | undefined, wish: CheckWish): CheckWrite {
  if (!memo) return { kind: "create" };
  if (wish.run && memo.run && isOlderRun(wish.run, memo.run)) {
    return { kind: "skip", reason: "older-attempt" };
  }
  if (!wish.completed && memo.completed) {
    const rerun =
      wish.run !== undefined &&
      memo.run !== undefined &&
      (wish.run.id !== memo.run.id || wish.run.attempt !== memo.run.attempt);
    if (!rerun) return { kind: "skip", reason: "already-concluded" };
  }
  if (memo.annotations === wish.annotations) {
    return { kind: "update", id: memo.id, annotations: false };
  }
  if (memo.annotations === "") return { kind: "update", id: memo.id, annotations: true };
  return { kind: "create" };
}
