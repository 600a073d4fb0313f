import { sanitizeText } from "../core/render/escape.js";
import type { PlannedCheck } from "./review-plan.js";

const MAX_LISTED = 100;

/**
 * The failed check for a configuration that cannot be used: one `path.to.key: message (line N)`
 * per line, in a code block so key names are shown as written.
 */
export function configErrorCheck(errors: readonly string[]): PlannedCheck {
  // Key names come from the file: keep them from closing the code block.
  const lines = errors
    .slice(0, MAX_LISTED)
    .map((e) => sanitizeText(e, 500).replace(/`{3,}/g, "'''"));
  if (errors.length > MAX_LISTED) lines.push(`…and ${errors.length - MAX_LISTED} more`);
  return {
    status: "completed",
    conclusion: "failure",
    title: "Configuration error",
    summary: [
      "`.github/mlgate.yml` on the default branch cannot be used:",
      "",
      "```text",
      ...lines,
      "```",
      "",
      "Fix it on the default branch (a pull request cannot change the gates it is held to), then re-run this check.",
    ].join("\n"),
    existing: "remembered",
  };
}
