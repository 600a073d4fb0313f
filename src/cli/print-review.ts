import { buildReview } from "../core/build-review.js";
import { renderComment } from "../core/render/render-comment.js";
import { renderJson } from "../core/render/render-json.js";
import { renderText } from "../core/render/render-text.js";
import { type EvidenceInputs, gatherEvidence } from "../evidence/gather-evidence.js";
import type { CliIo } from "./cli-io.js";
import type { OutputFormat } from "./parse-format.js";

/**
 * Reviews the opened inputs and prints the review (the comment the app would post, or its JSON);
 * warnings go to stderr. Closes nothing: the caller opened the sources.
 *
 * @returns the exit code: 1 when a gate failed, else 0
 */
export async function printReview(
  io: CliIo,
  format: OutputFormat,
  inputs: EvidenceInputs,
): Promise<number> {
  const { evidence, warnings } = await gatherEvidence(inputs);
  for (const w of warnings) io.stderr(`mlgate: warning: ${w}`);
  const review = buildReview(evidence, inputs.config);
  io.stdout(
    format === "json"
      ? `${JSON.stringify(renderJson(review), null, 2)}\n`
      : format === "text"
        ? renderText(review)
        : renderComment(review),
  );
  return review.verdict === "failed" ? 1 : 0;
}
