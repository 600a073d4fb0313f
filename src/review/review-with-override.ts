import { buildReview } from "../core/build-review.js";
import type { Review } from "../core/review.js";
import { type EvidenceInputs, gatherEvidence } from "../evidence/gather-evidence.js";
import type { OverrideDecision } from "./resolve-override.js";

/**
 * Reads the evidence and builds the review (pure), then applies the override label to a failed
 * one. The config's warnings and the evidence's warnings become the review's notes, with the
 * override's note after them. Nothing is published here.
 *
 * @param decideOverride - asked only when the review failed (only a failed review can be
 *   accepted, so only then is the label worth a request); undefined: no override (a dry run)
 */
export async function reviewWithOverride(
  inputs: EvidenceInputs,
  configWarnings: readonly string[],
  decideOverride: (() => Promise<OverrideDecision>) | undefined,
): Promise<Review> {
  const { config } = inputs;
  const { evidence, warnings } = await gatherEvidence(inputs);
  let review = buildReview(evidence, config);
  const notes = [...configWarnings, ...warnings];
  if (review.verdict === "failed" && decideOverride) {
    const decision = await decideOverride();
    if (decision?.override)
      review = buildReview({ ...evidence, override: decision.override }, config);
    if (decision?.note) notes.push(decision.note);
  }
  return { ...review, notes: [...review.notes, ...notes] };
}
