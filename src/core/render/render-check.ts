import { GITHUB_LIMITS } from "../github-facts.js";
import type { GateResult, Review, Verdict } from "../review.js";
import type { CheckAnnotation } from "./check-annotation.js";
import { clipText, clipUtf8 } from "./clip-text.js";
import { escapeMarkdown } from "./escape.js";
import { type CommentSections, renderComment } from "./render-comment.js";

export type { CheckAnnotation } from "./check-annotation.js";

export interface CheckOutput {
  readonly conclusion: "success" | "failure" | "neutral";
  readonly title: string;
  readonly summary: string;
  readonly text: string;
  readonly annotations: readonly CheckAnnotation[];
}

const CONCLUSION: Record<Verdict, CheckOutput["conclusion"]> = {
  passed: "success",
  accepted: "success",
  failed: "failure",
  neutral: "neutral",
};

/**
 * The check run's output: the verdict and gate list in the summary, the full review in the
 * text, an annotation per failed gate that points at a metric file. Pure.
 */
export function renderCheck(review: Review, sections: CommentSections = {}): CheckOutput {
  const lines = [`**${escapeMarkdown(review.headline, 300)}**`, ""];
  if (review.override) {
    lines.push(
      `Accepted by @${escapeMarkdown(review.override.by)} (label \`${escapeMarkdown(review.override.label)}\`) at ${escapeMarkdown(review.override.at)} for this head commit.`,
      "",
    );
  }
  const important = review.gates.filter((g) => g.outcome !== "passed");
  for (const g of important.slice(0, 200))
    lines.push(`- ${label(g)} ${escapeMarkdown(g.message, 300)}`);
  if (important.length > 200) lines.push(`- …and ${important.length - 200} more`);
  const passedCount = review.gates.length - important.length;
  if (passedCount > 0) lines.push(`- ✅ ${passedCount} gate${passedCount === 1 ? "" : "s"} passed`);
  const summary = clip(lines.join("\n"));
  const text = clip(renderComment(review, sections));
  return {
    conclusion: CONCLUSION[review.verdict],
    title: clipText(review.headline, 200),
    summary,
    text,
    annotations: review.gates
      .filter((g) => g.outcome === "failed" && g.file)
      .map((g) => ({
        path: g.file!,
        title: clipText(`mlgate: ${g.metric}`, GITHUB_LIMITS.checkTitleChars),
        message: clipUtf8(g.message, GITHUB_LIMITS.annotationMessageBytes, "…"),
        level: "failure" as const,
      })),
  };
}

function label(g: GateResult): string {
  return { failed: "❌", accepted: "⚠️", within_noise: "🟡", not_evaluated: "⚪", passed: "✅" }[
    g.outcome
  ];
}

function clip(text: string): string {
  return clipText(
    text,
    GITHUB_LIMITS.checkTextChars,
    "\n\n_…cut to fit GitHub's check-run limit._",
  );
}
