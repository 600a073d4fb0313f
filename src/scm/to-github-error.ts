import { GitHubError } from "../core/errors.js";
import { clipText } from "../core/render/clip-text.js";

/** Seconds waited on a secondary rate limit that names no `Retry-After` (GitHub's advice: 60). */
const SECONDARY_LIMIT_FALLBACK_SECONDS = 60;

/**
 * Converts whatever Octokit threw into a `GitHubError` that carries the status, the endpoint as
 * mlgate names it and, for rate limits, how long to wait. Nothing of the request (headers, token,
 * URL with query) and nothing of the response body beyond GitHub's one-line message is kept.
 * Values that are not HTTP or network failures are bugs and are returned unchanged.
 *
 * @param error - what `octokit.request` threw
 * @param endpoint - `GET /repos/o/r/pulls/1`: what a user is told failed
 * @param now - the clock, for `x-ratelimit-reset`
 */
export function toGitHubError(error: unknown, endpoint: string, now = Date.now()): unknown {
  if (!(error instanceof Error)) return error;
  if (error.name === "AbortError" || error.name === "TimeoutError") {
    return new GitHubError(`GitHub did not answer in time (${endpoint})`, { endpoint });
  }
  const status = (error as { status?: unknown }).status;
  if (error.name !== "HttpError" || typeof status !== "number") return error;

  const response = (error as { response?: { headers?: Record<string, unknown>; data?: unknown } })
    .response;
  if (response === undefined) {
    // No answer at all: Octokit reports a failed or aborted fetch as a 500 without a response.
    const failure = networkFailure(error.cause);
    return new GitHubError(
      failure === "timed out"
        ? `GitHub did not answer in time (${endpoint})`
        : `GitHub did not answer ${endpoint} (${failure})`,
      // Kept a 500 so that callers retry it like a server error.
      { endpoint, status: 500 },
    );
  }
  const headers = response?.headers ?? {};
  const message =
    githubMessage(response?.data) ?? (status >= 500 || status === 0 ? "" : error.message);
  const retryAfterSeconds = rateLimitWait(status, headers, message, now);
  const what =
    retryAfterSeconds !== undefined
      ? `GitHub rate-limited ${endpoint} (retry after ${retryAfterSeconds}s)`
      : status >= 500 || status === 0
        ? `GitHub failed to answer ${endpoint} (HTTP ${status === 0 ? "error" : status})`
        : `GitHub refused ${endpoint} (HTTP ${status}${message ? `: ${oneLine(message)}` : ""})`;
  return new GitHubError(what, {
    endpoint,
    // Octokit reports network failures as 500; keep that so callers retry them.
    status: status === 0 ? 500 : status,
    retryAfterSeconds,
  });
}

/** The kind of a connection failure (`ETIMEDOUT`, `timed out`), never its message (it can quote the URL). */
function networkFailure(cause: unknown): string {
  for (let e = cause, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if (e.name === "TimeoutError" || e.name === "AbortError") return "timed out";
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z_]+$/.test(code)) return code;
  }
  return "connection failed";
}

function githubMessage(data: unknown): string | undefined {
  if (typeof data === "object" && data !== null && "message" in data) {
    const message = (data as { message: unknown }).message;
    if (typeof message === "string") return message;
  }
  return undefined;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return clipText(line, 200, "…");
}

function rateLimitWait(
  status: number,
  headers: Record<string, unknown>,
  message: string,
  now: number,
): number | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = Number(headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.ceil(retryAfter);
  if (/secondary rate limit/i.test(message)) return SECONDARY_LIMIT_FALLBACK_SECONDS;
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = Number(headers["x-ratelimit-reset"]);
    if (Number.isFinite(reset)) return Math.max(1, Math.ceil(reset - now / 1000));
  }
  return status === 429 ? SECONDARY_LIMIT_FALLBACK_SECONDS : undefined;
}
