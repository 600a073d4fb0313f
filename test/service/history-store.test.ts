/**
 * The base branch's history lives in the service's durable store: a first review backfills it,
 * a push run is recorded as it completes, and after a restart a review reads it all from the
 * store (SQLite under MLGATE_DATA_DIR, or Redis) without asking GitHub for a base artifact again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { metricsZip } from "../app/helpers/commits.js";
import { workflowRunPayload } from "../app/helpers/payloads.js";
import { REPO } from "../faults/fake-github.js";
import { AppProcess, until } from "./app-process.js";
import { REDIS_URL, redisPrefix, tempDataDir } from "./backends.js";
import { FakeGitHubServer } from "./fake-github-server.js";
import { botComments, concluded, runCompleted, seedPulls } from "./many-pulls.js";

vi.setConfig({ hookTimeout: 60_000 });

const CONFIG = `workflow: train.yml
artifact: eval-results
metrics:
  files: ["metrics.json"]
  gates:
    accuracy: { max_regression: 0.002, significance: history }
history: { runs: 12, min_runs: 8 }
`;
/** Nine older push runs besides the seeded baseline (accuracy 0.9): noise of about ±0.004. */
const OLDER = [0.903, 0.899, 0.906, 0.901, 0.904, 0.898, 0.907, 0.902, 0.905];

let github: FakeGitHubServer;
let data: ReturnType<typeof tempDataDir>;
let redis: ReturnType<typeof redisPrefix>;
const apps: AppProcess[] = [];

beforeEach(async () => {
  github = await new FakeGitHubServer().start();
  data = tempDataDir();
  redis = redisPrefix();
});
afterEach(async () => {
  for (const app of apps.splice(0)) app.kill();
  await github.stop();
  data.remove();
  await redis.clear();
});

/** Artifact redirects asked of the API for these artifacts. */
const downloads = (ids: RegExp) =>
  github.gh.requests.filter(
    (r) =>
      r.host === "api" &&
      ids.test(/\/actions\/artifacts\/(\d+)\/zip$/.exec(r.url.pathname)?.[1] ?? ""),
  ).length;
/** The ten base runs the first review backfills (the seeded baseline's artifact is 22). */
const backfillDownloads = () => downloads(/^(22|800\d)$/);
const PUSH_SHA = "f".repeat(40);

function seed() {
  const pulls = seedPulls(github.gh, 2);
  github.gh.configText = CONFIG;
  for (const [i, accuracy] of OLDER.entries()) {
    github.gh.runs.push({
      id: 800 + i,
      number: 80 + i,
      sha: (0xbb00 + i).toString(16).padEnd(40, "0"),
      event: "push",
      branch: "master",
      headRepo: REPO,
      createdAt: new Date(Date.UTC(2024, 3, 1 + i, 10)).toISOString(),
    });
    github.gh.artifacts.push({
      id: 8000 + i,
      runId: 800 + i,
      name: "eval-results",
      zip: metricsZip({ accuracy }),
    });
  }
  return pulls;
}

/** A successful push run of train.yml on master, completed now, and its webhook. */
function pushRun(id: number, accuracy: number): Record<string, unknown> {
  const sha = PUSH_SHA;
  github.gh.runs.push({
    id,
    number: 99,
    sha,
    event: "push",
    branch: "master",
    headRepo: REPO,
    createdAt: "2024-04-30T12:00:00Z",
  });
  github.gh.artifacts.push({
    id: 8900,
    runId: id,
    name: "eval-results",
    zip: metricsZip({ accuracy }),
  });
  const payload = workflowRunPayload("completed", { runId: id, headSha: sha });
  Object.assign(payload.workflow_run as Record<string, unknown>, {
    event: "push",
    head_branch: "master",
    pull_requests: [],
  });
  return payload;
}

describe.each([
  ["SQLite", () => ({ MLGATE_DATA_DIR: data.dir })],
  ["Redis", () => ({ MLGATE_DATA_DIR: data.dir, REDIS_URL, MLGATE_REDIS_PREFIX: redis.prefix })],
] as const)("the history in the %s store", (_name, backendEnv) => {
  function start(): Promise<AppProcess> {
    const app = new AppProcess({
      GHE_HOST: github.host,
      GHE_PROTOCOL: "http",
      ...backendEnv(),
    });
    apps.push(app);
    return app.ready();
  }

  it("outlives a restart: backfilled once, a push run added, then read from the store", async () => {
    const [first, second] = seed();
    if (!first || !second) throw new Error("no pulls");

    const before = await start();
    await before.deliver("workflow_run", runCompleted(first), "d-history-1");
    await until(() => botComments(github.gh, first.number).length > 0, "the first comment");
    expect(concluded(github.gh, first.headSha)).toBe("success");
    const firstComment = botComments(github.gh, first.number)[0]?.body ?? "";
    expect(firstComment).toContain("#### Trend (last 12 runs of train.yml on master)");
    expect(firstComment).toMatch(
      /\*\*accuracy\*\* `[▁-█]{10} → [▁-█]` head 0\.91 · 10 base values/,
    );
    const backfilled = backfillDownloads();
    // Each of the ten base runs' artifacts, and no more than once more for the baseline itself.
    expect(backfilled).toBeGreaterThanOrEqual(10);
    expect(backfilled).toBeLessThanOrEqual(11);

    // A push run on master completes while the first process runs: it joins the history.
    await before.deliver("workflow_run", pushRun(990, 0.904), "d-history-push");
    await until(() => downloads(/^8900$/) === 1, "the push run's artifact");
    before.kill("SIGTERM");
    expect(await before.exited).toBe(0);

    // Master moves on to the push run's commit, the second pull request's merge base: its
    // baseline. A new process, nothing in its memory: the history comes from the store.
    github.gh.history.unshift(PUSH_SHA);
    const after = await start();
    await after.deliver("workflow_run", runCompleted(second), "d-history-2");
    await until(() => botComments(github.gh, second.number).length > 0, "the second comment");
    expect(concluded(github.gh, second.headSha)).toBe("success");
    const secondComment = botComments(github.gh, second.number)[0]?.body ?? "";
    expect(secondComment).toContain("#### Trend (last 12 runs of train.yml on master)");
    expect(secondComment).toContain("baseline `fffffff`");
    expect(secondComment).toMatch(/`[▁-█]{11} → [▁-█]` head 0\.91 · 11 base values/);
    // No base run's artifact was asked for again, but the new baseline's, read as a baseline.
    expect(backfillDownloads()).toBe(backfilled);
    expect(downloads(/^8900$/)).toBeLessThanOrEqual(2);
  }, 120_000);
});
