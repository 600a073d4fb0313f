import { GitHubError } from "../../core/errors.js";
import { GITHUB_LIMITS, REVIEW_MARKER } from "../../core/github-facts.js";
import { reviewedShaOf, withReviewMarkers } from "../review-comment-markers.js";
import type { CommentResult } from "../scm.js";
import { withRetry } from "../with-retry.js";
import type { GitHubTransport } from "./github-transport.js";

const PER_PAGE = 100;
const MAX_COMMENT_PAGES = 30;

/** The one review comment of a pull request: found by marker and author, edited in place. */
export class GitHubComments {
  readonly #t: GitHubTransport;
  readonly #botLogin: string;
  readonly #currentHead: (pullNumber: number) => Promise<string>;

  /**
   * @param botLogin - whose comments are mlgate's: `<app-slug>[bot]`, or `github-actions[bot]`
   * @param currentHead - the pull request's head now, asked only when the published comment
   *   reviews another commit
   */
  constructor(
    transport: GitHubTransport,
    botLogin: string,
    currentHead: (pullNumber: number) => Promise<string>,
  ) {
    this.#t = transport;
    this.#botLogin = botLogin;
    this.#currentHead = currentHead;
  }

  async upsert(pullNumber: number, body: string, headSha: string): Promise<CommentResult> {
    let full = withReviewMarkers(body, headSha);
    if (full.length > GITHUB_LIMITS.commentChars) full = withReviewMarkers(tooLongBody(), headSha);
    // A create that failed with a 5xx may have happened: the retry looks for the comment again
    // before creating, which makes the whole operation safe to repeat.
    const retry = this.#t.retry;
    return withRetry(
      async () => {
        try {
          return await this.#upsertOnce(pullNumber, full, headSha);
        } catch (error) {
          if (!(error instanceof GitHubError) || error.status !== 422) throw error;
          // GitHub measures length its own way; a refused body gives way to a pointer.
          return await this.#upsertOnce(
            pullNumber,
            withReviewMarkers(tooLongBody(), headSha),
            headSha,
          );
        }
      },
      // Each request already retried its own failures; the whole operation is repeated once.
      { ...retry, rateLimitRetries: 0, serverErrorRetries: Math.min(1, retry.serverErrorRetries) },
      true,
    );
  }

  async #upsertOnce(pullNumber: number, body: string, headSha: string): Promise<CommentResult> {
    const t = this.#t;
    const existing = await this.#find(pullNumber);
    if (!existing) {
      const { data } = await t.send(
        `POST /repos/${t.repository}/issues/${pullNumber}/comments`,
        false,
        (request) =>
          t.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
            ...t.repo,
            issue_number: pullNumber,
            body,
            request,
          }),
      );
      return { outcome: "created", url: data.html_url };
    }
    if (existing.body === body) return { outcome: "unchanged", url: existing.url };
    const published = reviewedShaOf(existing.body);
    if (published !== undefined && published !== headSha) {
      // Runs finish out of order: only a review of the pull request's current head may replace
      // the review of another commit.
      if ((await this.#currentHead(pullNumber)) !== headSha) {
        return { outcome: "kept-newer", url: existing.url };
      }
    }
    const { data } = await t.send(
      `PATCH /repos/${t.repository}/issues/comments/${existing.id}`,
      true,
      (request) =>
        t.client.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
          ...t.repo,
          comment_id: existing.id,
          body,
          request,
        }),
    );
    return { outcome: "updated", url: data.html_url };
  }

  async #find(pullNumber: number): Promise<{ id: number; body: string; url: string } | undefined> {
    const t = this.#t;
    for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
      const { data } = await t.send(
        `GET /repos/${t.repository}/issues/${pullNumber}/comments?page=${page}`,
        true,
        (request) =>
          t.client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
            ...t.repo,
            issue_number: pullNumber,
            per_page: PER_PAGE,
            page,
            request,
          }),
      );
      // The marker alone proves nothing (anyone can paste it): the author must be this app.
      const ours = data.find(
        (c) =>
          c.body?.includes(REVIEW_MARKER) &&
          c.user?.type === "Bot" &&
          c.user.login.toLowerCase() === this.#botLogin.toLowerCase(),
      );
      if (ours) return { id: Number(ours.id), body: ours.body ?? "", url: ours.html_url };
      if (data.length < PER_PAGE) break;
    }
    return undefined;
  }
}

function tooLongBody(): string {
  return `${REVIEW_MARKER}\n### mlgate\n\nThe review is too long for a comment; it is in full in the **mlgate** check run.`;
}
