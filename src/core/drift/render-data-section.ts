import type { GateResult } from "../gate-result.js";
import { escapeMarkdown } from "../render/escape.js";
import type { DataCheck } from "./data-check.js";
import { renderDriftMarkdown } from "./render-drift-markdown.js";

/**
 * The data check's section of the review comment: the drift table with drifted columns first
 * and histograms of the worst few, or, without base data, what the head holds and why nothing
 * was compared. `small` shortens it when the comment runs out of room.
 */
export function renderDataSection(
  check: DataCheck,
  gates: readonly GateResult[] = [],
  small = false,
): string {
  // The data gates' own sentences say why each passed or failed.
  const gateLines = gates.map(
    (g) =>
      `- ${g.outcome === "failed" ? "❌" : g.outcome === "passed" ? "✅" : "⚪"} ${escapeMarkdown(g.message, 400)}`,
  );
  const tail = gateLines.length > 0 ? `\n\n${gateLines.join("\n")}` : "";
  if (!check.result) {
    return (
      [
        "#### Data check",
        "",
        `Head data ${escapeMarkdown(check.file)}: ${check.headRows.toLocaleString("en")} rows, ${check.headColumns} columns. Not compared: ${escapeMarkdown(check.baseMissing ?? "no baseline data", 300)}.`,
      ].join("\n") + tail
    );
  }
  return (
    renderDriftMarkdown(check.result, {
      base: `${check.file} (baseline)`,
      head: check.file,
      heading: "####",
      ...(small ? { maxRows: 30, histograms: 1 } : {}),
    }).trimEnd() + tail
  );
}
