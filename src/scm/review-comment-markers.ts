import { REVIEW_MARKER } from "../core/github-facts.js";

export { REVIEW_MARKER } from "../core/github-facts.js";

const SHA_MARKER = /<!-- mlgate:sha=([0-9a-f]{7,64}) -->/g;

/**
 * The body as published: the review marker first, the reviewed head SHA last. The renderer's
 * output escapes artifact text, so neither marker can come from an artifact; the last SHA marker
 * is the one that counts all the same.
 */
export function withReviewMarkers(body: string, headSha: string): string {
  const marked = body.includes(REVIEW_MARKER) ? body : `${REVIEW_MARKER}\n${body}`;
  return `${marked.replace(SHA_MARKER, "").trimEnd()}\n\n<!-- mlgate:sha=${headSha} -->\n`;
}

/** The head SHA a published review comment records, if any. */
export function reviewedShaOf(body: string): string | undefined {
  let sha: string | undefined;
  for (const match of body.matchAll(SHA_MARKER)) sha = match[1];
  return sha;
}
