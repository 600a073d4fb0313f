import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ArtifactError, ConfigError, GitHubError } from "../../src/core/errors.js";
import { ArtifactCache } from "../../src/scm/artifact-cache.js";
import { OctokitScm, type OctokitScmOptions } from "../../src/scm/github/octokit-scm.js";
import { makeZip } from "../helpers/make-zip.js";

const API = "https://api.github.com";
const BLOB = "https://blob.example";
const R = "/repos/o/r";
const TOKEN = "ghs_v3ry_s3cret_token";
const SHA = "1".repeat(40);

let sleeps: number[];

function scm(options: Partial<OctokitScmOptions> = {}): OctokitScm {
  // A plain @octokit/rest client, as the Action builds it: no retry or throttling plugins.
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  return new OctokitScm(new Octokit({ auth: TOKEN, log: quiet }), {
    owner: "o",
    repo: "r",
    botLogin: "mlgate[bot]",
    retry: { sleep: async (ms) => void sleeps.push(ms) },
    ...options,
  });
}

beforeEach(() => {
  sleeps = [];
  nock.disableNetConnect();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toEqual([]);
});

describe("faults", () => {
  test("a 5xx on a read is retried with back-off", async () => {
    nock(API).get(`${R}/pulls/1/files`).query(true).reply(502, "bad gateway");
    nock(API).get(`${R}/pulls/1/files`).query(true).reply(503, { message: "unavailable" });
    nock(API)
      .get(`${R}/pulls/1/files`)
      .query(true)
      .reply(200, [{ filename: "a.py" }]);
    expect(await scm().changedFiles(1)).toEqual(["a.py"]);
    expect(sleeps).toEqual([1000, 2000]);
  });

  test("a lasting 5xx ends in a GitHubError with the endpoint and status, and no token", async () => {
    nock(API).get(`${R}/pulls/1`).times(3).reply(500, { message: "boom" });
    const error = await scm()
      .getPullRequest(1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect(error).toMatchObject({ status: 500, endpoint: "GET /repos/o/r/pulls/1" });
    const text = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).cause)}`;
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain("authorization");
  });

  test("a secondary rate limit waits for Retry-After, then retries", async () => {
    nock(API)
      .get(`${R}/pulls/1`)
      .reply(403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "7" });
    nock(API).get(`${R}/pulls/1`).reply(200, pull());
    expect((await scm().getPullRequest(1)).headSha).toBe(SHA);
    expect(sleeps).toEqual([7000]);
  });

  test("a rate limit without Retry-After waits GitHub's advised minute; a longer wait fails at once", async () => {
    nock(API)
      .get(`${R}/pulls/1`)
      .reply(403, { message: "You have exceeded a secondary rate limit" });
    nock(API).get(`${R}/pulls/1`).reply(200, pull());
    await scm().getPullRequest(1);
    expect(sleeps).toEqual([60_000]);

    nock(API).get(`${R}/pulls/2`).reply(429, { message: "slow down" }, { "retry-after": "600" });
    const error = await scm()
      .getPullRequest(2)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ retryAfterSeconds: 600 });
    expect((error as Error).message).toContain("retry after 600s");
  });

  test("a request that hangs times out and is retried", async () => {
    nock(API).get(`${R}/pulls/1`).delay(3000).reply(200, pull());
    nock(API).get(`${R}/pulls/1`).reply(200, pull());
    expect((await scm({ timeoutMs: 1000 }).getPullRequest(1)).number).toBe(1);
    expect(sleeps).toEqual([1000]);
  });

  test("a 4xx is not retried", async () => {
    nock(API).get(`${R}/pulls/1`).reply(404, { message: "Not Found" });
    await expect(scm().getPullRequest(1)).rejects.toMatchObject({ status: 404 });
    expect(sleeps).toEqual([]);
  });
});

describe("the review comment", () => {
  const list = (comments: unknown[]) =>
    nock(API)
      .get(`${R}/issues/1/comments`)
      .query({ per_page: "100", page: "1" })
      .reply(200, comments);

  test("a create that failed with a 5xx (but happened) is found again, not posted twice", async () => {
    let posted = "";
    list([]);
    nock(API)
      .post(`${R}/issues/1/comments`, (b: { body: string }) => {
        posted = b.body;
        return true;
      })
      .reply(502);
    nock(API)
      .get(`${R}/issues/1/comments`)
      .query(true)
      .reply(200, () => [
        { id: 9, body: posted, user: { login: "mlgate[bot]", type: "Bot" }, html_url: "u" },
      ]);
    const result = await scm().upsertReviewComment(1, "review", SHA);
    expect(result.outcome).toBe("unchanged");
  });

  test("a body GitHub refuses as too long (422) gives way to a pointer to the check run", async () => {
    const bodies: string[] = [];
    list([]);
    nock(API)
      .post(`${R}/issues/1/comments`, (b: { body: string }) => bodies.push(b.body) > 0)
      .reply(422, { message: "Validation Failed", errors: [{ message: "body is too long" }] });
    list([]);
    nock(API)
      .post(`${R}/issues/1/comments`, (b: { body: string }) => bodies.push(b.body) > 0)
      .reply(201, { id: 9, html_url: "u" });
    await scm().upsertReviewComment(1, "x".repeat(60_000), SHA);
    expect(bodies[1]).toContain("too long for a comment");
    expect(bodies[1]).toContain(`<!-- mlgate:sha=${SHA} -->`);
  });

  test("a body over GitHub's limit is never sent", async () => {
    let sent = "";
    list([]);
    nock(API)
      .post(`${R}/issues/1/comments`, (b: { body: string }) => {
        sent = b.body;
        return true;
      })
      .reply(201, { id: 9, html_url: "u" });
    await scm().upsertReviewComment(1, "y".repeat(70_000), SHA);
    expect(sent.length).toBeLessThan(65_536);
  });
});

describe("artifacts", () => {
  const artifacts = (size = 100) =>
    nock(API)
      .get(`${R}/actions/artifacts`)
      .query(true)
      .reply(200, {
        total_count: 1,
        artifacts: [
          {
            id: 5,
            name: "eval-results",
            expired: false,
            size_in_bytes: size,
            workflow_run: { id: 77 },
          },
        ],
      });
  const zip = makeZip([{ name: "metrics.json", data: '{"accuracy": 0.9}' }]);

  test("the zip is streamed from the signed URL without the token; a lapsed URL is asked for again", async () => {
    artifacts();
    nock(API)
      .get(`${R}/actions/artifacts/5/zip`)
      .reply(302, "", { location: `${BLOB}/z?sig=1` });
    nock(BLOB, { badheaders: ["authorization"] })
      .get("/z")
      .query({ sig: "1" })
      .reply(403, "expired");
    nock(API)
      .get(`${R}/actions/artifacts/5/zip`)
      .reply(302, "", { location: `${BLOB}/z?sig=2` });
    nock(BLOB, { badheaders: ["authorization"] })
      .get("/z")
      .query({ sig: "2" })
      .reply(200, zip);
    const source = await scm().openArtifact(77, "eval-results");
    expect((await source.read("metrics.json")).toString()).toBe('{"accuracy": 0.9}');
    await source.close();
  });

  test("an artifact over the size cap is refused before downloading", async () => {
    artifacts(10_000_000);
    const error = await scm({ zipLimits: { maxArchiveBytes: 1000 } })
      .openArtifact(77, "eval-results")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactError);
  });

  test("a download larger than the cap is cut off", async () => {
    artifacts();
    nock(API)
      .get(`${R}/actions/artifacts/5/zip`)
      .reply(302, "", { location: `${BLOB}/z` });
    nock(BLOB).get("/z").reply(200, Buffer.alloc(5000));
    await expect(
      scm({ zipLimits: { maxArchiveBytes: 1000 } }).openArtifact(77, "eval-results"),
    ).rejects.toBeInstanceOf(ArtifactError);
  });

  test("a 410 says the artifact expired; the signed URL never appears in an error", async () => {
    artifacts();
    nock(API).get(`${R}/actions/artifacts/5/zip`).reply(410, { message: "Artifact has expired" });
    await expect(scm().openArtifact(77, "eval-results")).rejects.toThrow(/has expired/);

    artifacts();
    nock(API)
      .get(`${R}/actions/artifacts/5/zip`)
      .reply(302, "", { location: `${BLOB}/z?sig=TOPSECRET` });
    nock(BLOB).get("/z").query(true).times(2).reply(500);
    nock(API)
      .get(`${R}/actions/artifacts/5/zip`)
      .reply(302, "", { location: `${BLOB}/z?sig=TOPSECRET` });
    const error = await scm()
      .openArtifact(77, "eval-results")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactError);
    expect(String((error as Error).message)).not.toContain("TOPSECRET");
  });

  test("a cached artifact is leased, not downloaded again, and closed only when evicted and idle", async () => {
    const cache = new ArtifactCache(1, (e) => {
      throw e;
    });
    artifacts();
    nock(API)
      .get(`${R}/actions/artifacts/5/zip`)
      .reply(302, "", { location: `${BLOB}/z` });
    nock(BLOB).get("/z").reply(200, zip);
    const first = await scm({ artifactCache: cache }).openArtifact(77, "eval-results");
    artifacts();
    const second = await scm({ artifactCache: cache }).openArtifact(77, "eval-results");
    await first.close();
    expect((await second.read("metrics.json")).length).toBeGreaterThan(0);
    await second.close();
    cache.clear();
  });
});

describe("reads", () => {
  test("changed files follow pages and include both sides of a rename", async () => {
    const page1 = Array.from({ length: 100 }, (_, i) => ({ filename: `f${i}.py` }));
    nock(API).get(`${R}/pulls/1/files`).query({ per_page: "100", page: "1" }).reply(200, page1);
    nock(API)
      .get(`${R}/pulls/1/files`)
      .query({ per_page: "100", page: "2" })
      .reply(200, [{ filename: "model/new.py", previous_filename: "model/old.py" }]);
    const files = await scm().changedFiles(1);
    expect(files).toHaveLength(102);
    expect(files.slice(-2)).toEqual(["model/new.py", "model/old.py"]);
  });

  test("permissions: role names win, custom roles fall back, non-collaborators have none", async () => {
    nock(API)
      .get(`${R}/collaborators/a/permission`)
      .reply(200, { permission: "write", role_name: "maintain" });
    nock(API)
      .get(`${R}/collaborators/b/permission`)
      .reply(200, { permission: "read", role_name: "ml-reviewer" });
    nock(API).get(`${R}/collaborators/c/permission`).reply(404, { message: "Not Found" });
    const s = scm();
    expect(await s.permissionOf("a")).toBe("maintain");
    expect(await s.permissionOf("b")).toBe("read");
    expect(await s.permissionOf("c")).toBe("none");
  });

  test("the newest labeling of a label wins, across pages", async () => {
    const page1 = Array.from({ length: 100 }, (_, i) =>
      i === 3
        ? {
            event: "labeled",
            label: { name: "ok" },
            actor: { login: "early" },
            created_at: "2024-01-01T00:00:00Z",
          }
        : { event: "commented", actor: { login: "x" }, created_at: "2024-01-01T00:00:00Z" },
    );
    nock(API).get(`${R}/issues/1/events`).query({ per_page: "100", page: "1" }).reply(200, page1);
    nock(API)
      .get(`${R}/issues/1/events`)
      .query({ per_page: "100", page: "2" })
      .reply(200, [
        {
          event: "labeled",
          label: { name: "ok" },
          actor: { login: "late" },
          created_at: "2024-02-01T00:00:00Z",
        },
        {
          event: "labeled",
          label: { name: "other" },
          actor: { login: "x" },
          created_at: "2024-03-01T00:00:00Z",
        },
      ]);
    expect(await scm().findLabelEvent(1, "ok")).toEqual({ by: "late", at: "2024-02-01T00:00:00Z" });
  });

  test("the config comes from the default branch; absent is undefined; a folder is a config error", async () => {
    nock(API)
      .get(`${R}/contents/.github%2Fmlgate.yml`)
      .reply(200, {
        type: "file",
        encoding: "base64",
        content: Buffer.from("workflow: t.yml\n").toString("base64"),
      });
    nock(API).get(`${R}/contents/.github%2Fmlgate.yml`).reply(404, { message: "Not Found" });
    nock(API)
      .get(`${R}/contents/.github%2Fmlgate.yml`)
      .reply(200, [{ type: "file", name: "x" }]);
    const s = scm();
    expect(await s.readConfig()).toBe("workflow: t.yml\n");
    expect(await s.readConfig()).toBeUndefined();
    await expect(s.readConfig()).rejects.toBeInstanceOf(ConfigError);
  });
});

describe("check runs", () => {
  test("more than 50 annotations go in batches of 50", async () => {
    const batches: number[] = [];
    nock(API)
      .post(
        `${R}/check-runs`,
        (b: { output: { annotations: unknown[] } }) =>
          batches.push(b.output.annotations.length) > 0,
      )
      .reply(201, {
        id: 3,
        head_sha: SHA,
        status: "completed",
        conclusion: "failure",
        external_id: null,
        html_url: null,
      });
    nock(API)
      .patch(
        `${R}/check-runs/3`,
        (b: { output: { annotations: unknown[] } }) =>
          batches.push(b.output.annotations.length) > 0,
      )
      .times(2)
      .reply(200, { id: 3 });
    await scm().createCheck({
      headSha: SHA,
      status: "completed",
      conclusion: "failure",
      title: "t",
      summary: "s".repeat(70_000),
      annotations: Array.from({ length: 120 }, (_, i) => ({
        path: "metrics.json",
        title: `g${i}`,
        message: "m",
        level: "failure" as const,
      })),
    });
    expect(batches).toEqual([50, 50, 20]);
  });

  test("the summary is cut to GitHub's 65,535 characters", async () => {
    let summary = "";
    nock(API)
      .post(`${R}/check-runs`, (b: { output: { summary: string } }) => {
        summary = b.output.summary;
        return true;
      })
      .reply(201, {
        id: 3,
        head_sha: SHA,
        status: "queued",
        conclusion: null,
        external_id: null,
        html_url: null,
      });
    await scm().createCheck({
      headSha: SHA,
      status: "queued",
      title: "t",
      summary: "s".repeat(70_000),
    });
    expect(summary.length).toBeLessThanOrEqual(65_535);
  });
});

function pull() {
  return {
    number: 1,
    html_url: "u",
    state: "open",
    user: { login: "a" },
    labels: [],
    head: { sha: SHA, ref: "b", repo: { full_name: "o/r" } },
    base: { ref: "main" },
  };
}
