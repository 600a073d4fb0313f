/**
 * Escaping for strings that come from artifacts (metric names, group names, file paths). The
 * output is inert inside a GFM table cell or paragraph: no HTML, no table break, no mention, no
 * issue reference, no link, no hidden text.
 */

// C0/C1 controls, bidi embeddings/overrides/isolates, zero-width and other invisible formatting
// characters that can reorder or hide what a reviewer sees.
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/** Longest artifact string shown; longer ones are cut with an ellipsis. */
export const MAX_SHOWN_LENGTH = 120;

/** Removes invisible and control characters and shortens, without markdown escaping. */
export function sanitizeText(text: string, maxLength = MAX_SHOWN_LENGTH): string {
  // Work on a bounded prefix, so a 1 MB name costs what a short one does (it is shown cut).
  const long = text.length > maxLength * 4;
  let clean = (long ? text.slice(0, maxLength * 4).replace(/[\ud800-\udbff]$/, "") : text)
    .replace(/[\r\n\t]+/g, " ")
    .replace(INVISIBLE, "");
  // Lone surrogates would render as replacement characters and can break JSON consumers.
  clean = clean.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    "\ufffd",
  );
  if (long || clean.length > maxLength)
    clean = `${Array.from(clean)
      .slice(0, maxLength - 1)
      .join("")}…`;
  return clean;
}

/**
 * Makes an untrusted string safe as inline markdown text, including inside a table cell.
 */
export function escapeMarkdown(text: string, maxLength = MAX_SHOWN_LENGTH): string {
  return (
    sanitizeText(text, maxLength)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      // Markdown punctuation that could start emphasis, code, links, images, headings or break a cell.
      .replace(/[\\`*_{}[\]()!|~^$]/g, (c) => `\\${c}`)
      // A mention or a team mention (`@org/team`), and `#123` / `GH-123` references: a zero-width
      // joiner entity between the sigil and the name keeps the text but not the ping.
      .replace(/[@#]/g, (c) => `${c}&#8203;`)
      .replace(/\b(GH-)(?=\d)/gi, "$1&#8203;")
      // Bare URLs autolink on GitHub; break the scheme separator and `www.`.
      .replace(/:\/\//g, "&#58;//")
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}&#46;`)
  );
}
