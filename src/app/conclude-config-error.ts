import { sanitizeText } from "../core/render/escape.js";
import { formatExternalId } from "./check-external-id.js";
import type { FlowContext } from "./flow-context.js";
import { setCheck } from "./set-check.js";

const MAX_LISTED = 100;

/**
 * Concludes a head's check as failed with the configuration's problems, one `path.to.key:
 * message (line N)` per line, in a code block so key names are shown as written.
 */
export async function concludeConfigError(
  ctx: FlowContext,
  target: { readonly headSha: string; readonly pullNumber: number },
  errors: readonly string[],
): Promise<void> {
  // Key names come from the file: keep them from closing the code block.
  const lines = errors
    .slice(0, MAX_LISTED)
    .map((e) => sanitizeText(e, 500).replace(/`{3,}/g, "'''"));
  if (errors.length > MAX_LISTED) lines.push(`…and ${errors.length - MAX_LISTED} more`);
  await setCheck(
    ctx,
    {
      headSha: target.headSha,
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
      externalId: formatExternalId({ pullNumber: target.pullNumber }),
    },
    { lookup: false },
  );
}
