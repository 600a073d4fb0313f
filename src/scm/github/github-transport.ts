import type { Octokit } from "@octokit/rest";
import { toGitHubError } from "../to-github-error.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from "../with-retry.js";

/**
 * What the adapter needs of a client: `request`. Probot's `context.octokit` and an
 * `@octokit/rest` instance both fit, with or without the retry and throttling plugins.
 */
export type OctokitClient = Pick<Octokit, "request">;

/** Per-request options every call passes to Octokit. */
export interface RequestOptions {
  readonly retries: number;
  readonly signal?: AbortSignal | undefined;
}

/** How the transport reaches one repository. */
export interface TransportOptions {
  readonly owner: string;
  readonly repo: string;
  readonly retry?: Partial<RetryPolicy> | undefined;
  /** Per GitHub API request. */
  readonly timeoutMs?: number | undefined;
}

/**
 * One repository on GitHub's REST API: every call goes through {@link send}, which bounds it in
 * time, turns whatever Octokit throws into a `GitHubError` naming the endpoint (and nothing of the
 * request), waits out rate limits and retries server errors where repeating is safe.
 */
export class GitHubTransport {
  readonly repository: string;
  readonly client: OctokitClient;
  /** `{ owner, repo }` for Octokit's route parameters. */
  readonly repo: { readonly owner: string; readonly repo: string };
  readonly retry: RetryPolicy;
  readonly #timeoutMs: number;

  constructor(client: OctokitClient, options: TransportOptions) {
    this.client = client;
    this.repo = { owner: options.owner, repo: options.repo };
    this.repository = `${options.owner}/${options.repo}`;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /**
   * @param endpoint - `GET /repos/o/r/pulls/1`, as a user is told what failed
   * @param idempotent - whether a 5xx or a timeout may be retried (a POST may have happened)
   */
  async send<T>(
    endpoint: string,
    idempotent: boolean,
    call: (request: RequestOptions) => Promise<T>,
  ): Promise<T> {
    return withRetry(
      async () => {
        try {
          // Retries are done here, the same way for the app and the Action: a client's own retry
          // plugin would repeat POSTs that may already have happened.
          // 0: no timeout here; the client's fetch times each request from when it is sent.
          const signal = this.#timeoutMs > 0 ? AbortSignal.timeout(this.#timeoutMs) : undefined;
          return await call({ retries: 0, signal });
        } catch (error) {
          throw toGitHubError(error, endpoint);
        }
      },
      this.retry,
      idempotent,
    );
  }
}
