import { expect } from "vitest";
import { COMMENT_MARKER } from "../../src/core/render/render-comment.js";

/** The HTML mlgate writes itself; any other `<` in a rendering came from input. */
const OWN_TAGS = /<\/?(?:details(?: open)?|summary|sub|br)>/g;

/** Characters that reorder, hide or control text; none may reach a reviewer. */
const INVISIBLE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/;

/** A `|` that GFM reads as a cell separator: not preceded by an odd run of backslashes. */
export function unescapedPipes(line: string): number {
  let count = 0;
  let backslashes = 0;
  for (const c of line) {
    if (c === "|" && backslashes % 2 === 0) count++;
    backslashes = c === "\\" ? backslashes + 1 : 0;
  }
  return count;
}

/**
 * Checks markdown that mlgate renders from hostile strings (a comment, a check run's text, a
 * bias section): every table row stays in its table with the header's number of cells; no HTML
 * but mlgate's own tags; no HTML comment but the one marker (when `marker`); no mention, issue
 * reference, autolink or link from input; no bidi or control characters; Mermaid labels stay in
 * their quotes and fences pair up.
 */
export function expectSafeMarkdown(md: string, options: { marker: boolean }): void {
  const markers = md.split(COMMENT_MARKER).length - 1;
  expect(markers).toBe(options.marker ? 1 : 0);
  if (options.marker) expect(md.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
  const body = md.replaceAll(COMMENT_MARKER, "");
  expect(body).not.toContain("<!--");
  expect(body.replace(OWN_TAGS, "")).not.toContain("<");
  expect(md).not.toMatch(INVISIBLE);
  // No mention or team mention anywhere; outside code blocks (Mermaid labels are drawn as
  // text, never linked) no issue reference (`#12`, `GH-12`; `&#…;` entities are mlgate's own),
  // autolink or link (the reviews rendered here carry no URL of their own).
  expect(md).not.toMatch(/@[\w-]/);
  const prose = md.replace(/^```mermaid\n[\s\S]*?^```$/gm, "");
  expect(prose).not.toMatch(/(?<!&)#\w/);
  expect(prose).not.toMatch(/\bGH-\d/i);
  expect(prose).not.toMatch(/:\/\//);
  expect(prose).not.toMatch(/\bwww\./i);
  expect(prose).not.toMatch(/(?<!\\)\]\(/);
  expectTablesIntact(md);
  expectMermaidIntact(md);
}

/** Every table: header, delimiter and rows have the same number of unescaped pipes. */
function expectTablesIntact(md: string): void {
  const lines = md.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (!line.startsWith("|")) continue;
    const header = unescapedPipes(line);
    const delimiter = lines[i + 1] ?? "";
    expect(delimiter, `table delimiter after ${JSON.stringify(line)}`).toMatch(
      /^\|(?: ?:?-+:? ?\|)+$/,
    );
    expect(unescapedPipes(delimiter)).toBe(header);
    let j = i + 2;
    for (; j < lines.length && (lines[j] ?? "") !== ""; j++) {
      const row = lines[j] ?? "";
      expect(row.startsWith("|"), `a table row: ${JSON.stringify(row.slice(0, 200))}`).toBe(true);
      expect(row.endsWith("|"), `a table row: ${JSON.stringify(row.slice(0, 200))}`).toBe(true);
      expect(unescapedPipes(row), `cells of ${JSON.stringify(row.slice(0, 200))}`).toBe(header);
    }
    i = j;
  }
}

const LABEL = '"[^"`\\n<>%#;{}]*"';

/** Fences pair up, and a chart's labels are quoted strings with nothing that ends them early. */
function expectMermaidIntact(md: string): void {
  const fences = md.split("\n").filter((l) => /^\s*(?:```|~~~)/.test(l));
  expect(fences.length % 2).toBe(0);
  for (let i = 0; i < fences.length; i += 2) {
    expect(fences[i]).toBe("```mermaid");
    expect(fences[i + 1]).toBe("```");
  }
  for (const block of md.split("```mermaid\n").slice(1)) {
    const chart = block.slice(0, block.indexOf("\n```"));
    for (const line of chart.split("\n")) {
      expect(line).toMatch(
        new RegExp(
          `^(?:xychart-beta|  title ${LABEL}|  x-axis \\[(?:${LABEL}(?:, ${LABEL})*)?\\]|  y-axis ${LABEL} 0 --> 1|  bar \\[[\\d., ]*\\])$`,
        ),
      );
    }
  }
}
