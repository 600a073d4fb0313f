import { describe, expect, test } from "vitest";
import { GitHubError } from "../../src/core/errors.js";
import { firstParentChain } from "../../src/scm/first-parent-chain.js";
import { Lru } from "../../src/scm/lru.js";
import {
  REVIEW_MARKER,
  reviewedShaOf,
  withReviewMarkers,
} from "../../src/scm/review-comment-markers.js";
import { toGitHubError } from "../../src/scm/to-github-error.js";
import { DEFAULT_RETRY_POLICY, withRetry } from "../../src/scm/with-retry.js";
import { workflowRunFrom } from "../../src/scm/workflow-run-from.js";

describe("firstParentChain", () => {
  test("follows first parents only, so merged side branches are never baselines", () => {
    const commits = [
      { sha: "m", parents: ["a", "side"] },
      { sha: "side", parents: ["x"] },
      { sha: "a", parents: ["b"] },
      { sha: "b", parents: [] },
    ];
    expect(firstParentChain("m", commits)).toEqual(["m", "a", "b"]);
  });

  test("stops at the edge of the list and on a cycle", () => {
    expect(firstParentChain("z", [])).toEqual(["z"]);
    expect(firstParentChain("a", [{ sha: "a", parents: ["a"] }])).toEqual(["a"]);
  });
});

describe("review comment markers", () => {
  test("adds the review marker once and records the head SHA last", () => {
    const body = withReviewMarkers("### review", "abc1234");
    expect(body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(reviewedShaOf(body)).toBe("abc1234");
    const again = withReviewMarkers(body, "def5678");
    expect(again.match(/mlgate:sha=/g)).toHaveLength(1);
    expect(reviewedShaOf(again)).toBe("def5678");
  });

  test("a body without a SHA marker records none", () => {
    expect(reviewedShaOf("<!-- mlgate:review -->")).toBeUndefined();
  });
});

describe("toGitHubError", () => {
  const httpError = (status: number, data: unknown, headers: Record<string, string> = {}) =>
    Object.assign(new Error("x"), {
      name: "HttpError",
      status,
      request: {
        headers: { authorization: "token ghs_secret" },
        url: "https://api.github.com/x?access_token=1",
      },
      response: { data, headers },
    });

  test("keeps status, endpoint and GitHub's message; drops the request", () => {
    const error = toGitHubError(
      httpError(422, { message: "Validation Failed" }),
      "POST /repos/o/r/issues/1/comments",
    );
    expect(error).toBeInstanceOf(GitHubError);
    expect(error).toMatchObject({ status: 422, endpoint: "POST /repos/o/r/issues/1/comments" });
    expect(JSON.stringify(error)).not.toContain("ghs_secret");
    expect((error as Error).cause).toBeUndefined();
    expect((error as Error).message).toContain("Validation Failed");
  });

  test("reads the wait of primary and secondary rate limits", () => {
    const now = 1_700_000_000_000;
    expect(
      toGitHubError(
        httpError(
          403,
          { message: "API rate limit exceeded" },
          { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 30) },
        ),
        "GET /x",
        now,
      ),
    ).toMatchObject({ retryAfterSeconds: 30 });
    expect(
      toGitHubError(httpError(403, { message: "secondary rate limit" }), "GET /x"),
    ).toMatchObject({ retryAfterSeconds: 60 });
    expect(
      toGitHubError(
        httpError(403, { message: "Resource not accessible by integration" }),
        "GET /x",
      ),
    ).toMatchObject({ retryAfterSeconds: undefined });
  });

  test("timeouts become GitHubErrors without a status; bugs pass through", () => {
    const timeout = Object.assign(new Error("aborted"), { name: "TimeoutError" });
    expect(toGitHubError(timeout, "GET /x")).toMatchObject({ status: undefined });
    const bug = new TypeError("x is undefined");
    expect(toGitHubError(bug, "GET /x")).toBe(bug);
  });
});

describe("withRetry", () => {
  const policy = (sleeps: number[]) => ({
    ...DEFAULT_RETRY_POLICY,
    sleep: async (ms: number) => void sleeps.push(ms),
  });

  test("does not repeat a write that may have happened", async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new GitHubError("boom", { endpoint: "POST /x", status: 502 });
    };
    await expect(withRetry(failing, policy(sleeps), false)).rejects.toThrow("boom");
    expect(calls).toBe(1);
  });

  test("repeats any call refused by a rate limit", async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (calls++ === 0)
          throw new GitHubError("slow", { endpoint: "POST /x", status: 403, retryAfterSeconds: 3 });
        return "ok";
      },
      policy(sleeps),
      false,
    );
    expect(result).toBe("ok");
    expect(sleeps).toEqual([3000]);
  });
});

describe("Lru", () => {
  test("evicts the least recently used and expires by TTL", () => {
    let now = 0;
    const evicted: string[] = [];
    const lru = new Lru<string, number>(2, {
      ttlMs: 100,
      now: () => now,
      onEvict: (k) => evicted.push(k),
    });
    lru.set("a", 1).set("b", 2);
    lru.get("a");
    lru.set("c", 3);
    expect(evicted).toEqual(["b"]);
    now = 150;
    expect(lru.get("a")).toBeUndefined();
  });
});

describe("workflowRunFrom", () => {
  test("drops pull requests whose base is another repository", () => {
    const run = workflowRunFrom(
      {
        id: 1,
        run_number: 1,
        event: "pull_request",
        status: "completed",
        conclusion: "success",
        head_sha: "s",
        head_branch: "b",
        html_url: "u",
        created_at: "t",
        pull_requests: [
          {
            number: 1,
            head: { ref: "b", sha: "s", repo: { url: "https://api.github.com/repos/o/r" } },
            base: { ref: "main", sha: "x", repo: { url: "https://api.github.com/repos/o/r" } },
          },
          {
            number: 2,
            head: { ref: "b", sha: "s", repo: { url: "https://api.github.com/repos/o/r" } },
            base: { ref: "main", sha: "x", repo: { url: "https://api.github.com/repos/other/r" } },
          },
        ],
      },
      "o/r",
    );
    expect(run.pullRequests.map((p) => p.number)).toEqual([1]);
  });
});
