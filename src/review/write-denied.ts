import { GitHubError } from "../core/errors.js";

/**
 * Why GitHub refused a write, when it refused for lack of permission: the read-only token of a
 * pull request from a fork or from Dependabot, or a workflow whose `permissions:` leave out
 * `checks: write` / `pull-requests: write`. Undefined for any other failure, which stays an error.
 */
export function writeDenied(error: unknown): string | undefined {
  if (!(error instanceof GitHubError)) return undefined;
  if (error.status !== 401 && error.status !== 403) return undefined;
  // A secondary rate limit is a 403 too, but says nothing about what the token may do.
  if (error.retryAfterSeconds !== undefined) return undefined;
  return `GitHub refused to write with this run's token (${error.toUserMessage()})`;
}
