/** Longest category label drawn in a chart; longer ones are cut with an ellipsis. */
const MAX_CHART_LABEL = 28;

/**
 * Makes an untrusted group name safe as a Mermaid `xychart-beta` category, written between
 * double quotes. Mermaid's string token ends at the next `"` and has no escape, backticks open
 * its markdown strings, `%%` starts a comment, `#…;` is an entity, newlines end the statement and
 * the surrounding code fence ends at three backticks; HTML would reach the SVG. So everything but
 * letters, digits, combining marks, spaces and a few inert punctuation marks becomes `_`, which
 * leaves no way out of the string, the chart or the fence. The table beside the chart keeps the
 * exact (escaped) names.
 */
export function chartLabel(text: string): string {
  const clean = text
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .replace(/[^\p{L}\p{N}\p{M} .,_\-+/=:()·']/gu, "_")
    .trim();
  const chars = Array.from(clean);
  const cut =
    chars.length > MAX_CHART_LABEL ? `${chars.slice(0, MAX_CHART_LABEL - 1).join("")}…` : clean;
  return cut === "" ? "(empty)" : cut;
}
