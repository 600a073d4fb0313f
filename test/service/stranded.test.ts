import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { metricsZip } from "../app/helpers/commits.js";
import { CALLS, REPO } from "../faults/fake-github.js";
import { apps, data, github, useAppFixtures } from "./app-fixtures.js";
import { AppProcess, until } from "./app-process.js";
import { REDIS_URL, redisPrefix, tempDataDir } from "./backends.js";
import {
  artifactDownload,
  botComments,
  concluded,
  runCompleted,
  type SeededPull,
  seedPulls,
} from "./many-pulls.js";

useAppFixtures();

function start(env: Record<string, string> = {}, dataDir = data.dir): Promise<AppProcess> {
  const app = new AppProcess({
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    MLGATE_DATA_DIR: dataDir,
    MLGATE_REDRIVE_CHECKS: "true",
    ...env,
  });
  apps.push(app);
  return app.ready();
}

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

/** An open mlgate check on a pull request's head, as a process that died left it. */
function leaveOpen(pull: SeededPull, id: number, startedSecondsAgo: number): void {
  github.gh.seedCheck({
    id,
    head_sha: pull.headSha,
    status: "in_progress",
    external_id: `mlgate:${pull.number}`,
    output: { title: "Reviewing" },
    started_at: ago(startedSecondsAgo),
  });
}

function statusOf(id: number): string | undefined {
  return github.gh.checks.find((c) => c.id === id)?.status;
}

/** PATCHes of one check run. */
function updatesOf(id: number): number {
  return github.gh.requests.filter(
    (r) => r.method === "PATCH" && r.url.pathname.endsWith(`/check-runs/${id}`),
  ).length;
}

const scanned = (app: AppProcess) => app.lines.some((l) => l.includes("mlgate: looked at"));

describe("checks of this app left open by a crash", () => {
  it("are concluded at start from the training run; fresh ones are left alone; running ones wait; none without a run passes", async () => {
    const [stranded, fresh, runless, running] = seedPulls(github.gh, 4);
    if (!stranded || !fresh || !runless || !running) throw new Error("no pulls");
    // This head's training run is still running: its completion will be delivered.
    const run = github.gh.runs.find((r) => r.id === running.runId);
    if (run) run.status = "in_progress";
    // The runless head's training run never happened.
    github.gh.runs.splice(
      github.gh.runs.findIndex((r) => r.id === runless.runId),
      1,
    );
    // A fresh data folder: the store that knew of these checks is gone.
    leaveOpen(stranded, 7001, 3600);
    leaveOpen(fresh, 7002, 5);
    leaveOpen(runless, 7003, 3600);
    leaveOpen(running, 7005, 3600);
    // Another app's check of the same name is not this app's to touch.
    github.gh.seedCheck({
      id: 7004,
      head_sha: runless.headSha,
      status: "in_progress",
      slug: "other-app",
      started_at: ago(3600),
    });

    const app = await start({ MLGATE_REDRIVE_CHECKS_AFTER: "300" });
    await until(() => concluded(github.gh, stranded.headSha) !== undefined, "the review", 60_000);
    await until(() => statusOf(7003) === "completed", "the neutral", 60_000);
    await until(() => scanned(app), "the scan's summary", 60_000);
    await until(() => updatesOf(7005) > 0, "the running head's check", 60_000);

    // The open check run itself is concluded with the review, and the review commented once.
    expect(github.gh.checksOf(stranded.headSha).map((c) => [c.id, c.status])).toEqual([
      [7001, "completed"],
    ]);
    expect(concluded(github.gh, stranded.headSha)).toBe("success");
    await until(() => botComments(github.gh, stranded.number).length > 0, "the comment", 30_000);
    expect(botComments(github.gh, stranded.number)).toHaveLength(1);

    // No training run: neutral, saying why, never passed; no comment.
    const neutral = github.gh.checksOf(runless.headSha).find((c) => c.id === 7003);
    expect(neutral).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(neutral?.output.summary).toContain(
      "mlgate restarted and found no training run for this commit; re-run the workflow",
    );
    expect(botComments(github.gh, runless.number)).toHaveLength(0);
    expect(updatesOf(7004)).toBe(0);

    // A running training run: the check stays open, saying so, until the run completes.
    const waiting = github.gh.checks.find((c) => c.id === 7005);
    expect(waiting).toMatchObject({ status: "in_progress", conclusion: null });
    expect(waiting?.output.title).toBe("train.yml is running");
    expect(botComments(github.gh, running.number)).toHaveLength(0);

    // The fresh one may be a live replica's work: untouched.
    expect(updatesOf(7002)).toBe(0);
    expect(github.gh.checksOf(fresh.headSha)).toHaveLength(1);
    expect(botComments(github.gh, fresh.number)).toHaveLength(0);

    const summary = app.lines.find((l) => l.includes("mlgate: looked at")) ?? "";
    expect(summary).toContain(
      "looked at 4 pull request head(s) and 0 merge queue head(s) in 1 repository",
    );
    expect(summary).toContain("3 check(s) left open, 3 queued for review");
    expect(app.lines.join("\n")).toContain("in at most 200 repositories");
    // One look per head: the open pull requests, then each head's check of this app.
    expect(github.gh.count(CALLS.openPulls)).toBe(1);
  }, 120_000);

  it("looks again once checks too fresh at start are old enough", async () => {
    const [pull] = seedPulls(github.gh, 1);
    if (!pull) throw new Error("no pull");
    // The crash came just before the restart: at start the check is as fresh as live work.
    leaveOpen(pull, 7101, 0);
    const app = await start({ MLGATE_REDRIVE_CHECKS_AFTER: "5" });
    await until(() => concluded(github.gh, pull.headSha) !== undefined, "the review", 60_000);
    expect(concluded(github.gh, pull.headSha)).toBe("success");
    await until(() => botComments(github.gh, pull.number).length > 0, "the comment", 30_000);
    expect(botComments(github.gh, pull.number)).toHaveLength(1);
    await until(
      () => app.lines.filter((l) => l.includes("mlgate: looked at")).length === 2,
      "the second look's summary",
      30_000,
    );
  }, 120_000);
});

describe("a merge queue group's check left open by a crash", () => {
  it("is found on the queue's branch and concluded from the group's training run, with no comment", async () => {
    const [pull] = seedPulls(github.gh, 1);
    if (!pull) throw new Error("no pull");
    const head = "9".repeat(40);
    const branch = `gh-readonly-queue/master/pr-${pull.number}-${pull.headSha}`;
    github.gh.refs.set(`refs/heads/${branch}`, head);
    github.gh.runs.push({
      id: 80_000,
      number: 180,
      sha: head,
      event: "merge_group",
      branch,
      headRepo: REPO,
      createdAt: "2024-05-01T11:00:00Z",
    });
    github.gh.artifacts.push({
      id: 80_001,
      runId: 80_000,
      name: "eval-results",
      zip: metricsZip({ accuracy: 0.91 }),
    });
    github.gh.seedCheck({
      id: 7501,
      head_sha: head,
      status: "queued",
      external_id: "mlgate:queue",
      output: { title: "Waiting for train.yml" },
      started_at: ago(3600),
    });

    const app = await start();
    await until(() => statusOf(7501) === "completed", "the group's verdict", 60_000);
    await until(() => scanned(app), "the scan's summary", 60_000);

    // The queue's check run itself, passed by the review; nothing on the pull request.
    expect(github.gh.checksOf(head).map((c) => [c.id, c.conclusion])).toEqual([[7501, "success"]]);
    expect(botComments(github.gh, pull.number)).toHaveLength(0);
    const summary = app.lines.find((l) => l.includes("mlgate: looked at")) ?? "";
    expect(summary).toContain("looked at 1 pull request head(s) and 1 merge queue head(s)");
    expect(summary).toContain("1 check(s) left open, 1 queued for review");
  }, 120_000);
});

describe("an open check on a repository no longer configured", () => {
  it("is concluded neutral", async () => {
    const [pull] = seedPulls(github.gh, 1);
    if (!pull) throw new Error("no pull");
    leaveOpen(pull, 7401, 3600);
    github.gh.configText = undefined;
    await start();
    await until(() => statusOf(7401) === "completed", "the conclusion", 60_000);
    expect(github.gh.checks.find((c) => c.id === 7401)).toMatchObject({
      conclusion: "neutral",
      output: { title: "Not configured" },
    });
    expect(botComments(github.gh, pull.number)).toHaveLength(0);
  }, 120_000);
});

describe("replicas starting at once", () => {
  let redis: ReturnType<typeof redisPrefix>;
  beforeEach(() => {
    redis = redisPrefix();
  });
  afterEach(async () => {
    await redis.clear();
  });

  it("look once between them, queue one review and comment once", async () => {
    const [pull] = seedPulls(github.gh, 1);
    if (!pull) throw new Error("no pull");
    leaveOpen(pull, 7301, 3600);
    const other = tempDataDir();
    try {
      const env = { REDIS_URL, MLGATE_REDIS_PREFIX: redis.prefix };
      const [a, b] = await Promise.all([start(env), start(env, other.dir)]);
      if (!a || !b) throw new Error("no replicas");
      const leftToOther = (app: AppProcess) =>
        app.lines.some((l) => l.includes("another replica just looked for checks left open"));
      await until(
        () => (scanned(a) && leftToOther(b)) || (scanned(b) && leftToOther(a)),
        "one scan, the other replica leaving it to the first",
        60_000,
      );
      await until(() => concluded(github.gh, pull.headSha) !== undefined, "the review", 60_000);
      await until(() => botComments(github.gh, pull.number).length > 0, "the comment", 30_000);
      const queued = [...a.lines, ...b.lines].filter((l) => l.includes("queued its review"));
      expect(queued).toHaveLength(1);
      expect(concluded(github.gh, pull.headSha)).toBe("success");
      expect(botComments(github.gh, pull.number)).toHaveLength(1);
      expect(github.gh.count(artifactDownload(pull))).toBe(1);
    } finally {
      other.remove();
    }
  }, 120_000);

  it("leave the look to the next replica when the first one's look fails", async () => {
    const [pull] = seedPulls(github.gh, 1);
    if (!pull) throw new Error("no pull");
    leaveOpen(pull, 7302, 3600);
    const outage = { kind: "status", status: 502, body: "<html>502</html>" } as const;
    github.gh.fail(CALLS.installations, outage, 1);
    const env = { REDIS_URL, MLGATE_REDIS_PREFIX: redis.prefix };
    const first = await start(env);
    await until(
      () => first.lines.some((l) => l.includes("could not look for checks left open")),
      "the first look to fail",
      60_000,
    );
    const other = tempDataDir();
    try {
      const second = await start(env, other.dir);
      await until(() => scanned(second), "the second replica's look", 60_000);
      await until(() => concluded(github.gh, pull.headSha) !== undefined, "the review", 60_000);
      expect(concluded(github.gh, pull.headSha)).toBe("success");
    } finally {
      other.remove();
    }
  }, 120_000);
});

describe("reviews given up while GitHub kept failing", () => {
  let redis: ReturnType<typeof redisPrefix>;
  // Once for the block: afterAll comes after every app is killed, so nothing writes after it.
  beforeAll(() => {
    redis = redisPrefix();
  });
  afterAll(async () => {
    await redis.clear();
  });

  // On Redis, the stranded records are found only if they were put as listed.
  const stores = [
    ["SQLite", (): Record<string, string> => ({})],
    ["Redis", (): Record<string, string> => ({ REDIS_URL, MLGATE_REDIS_PREFIX: redis.prefix })],
  ] as const;
  it.each(stores)(
    "are run again from the store at the next start (%s)",
    async (_name, store) => {
      const [pull] = seedPulls(github.gh, 1);
      if (!pull) throw new Error("no pull");
      // GitHub's API fails (an outage) and one attempt is all a job gets. (A failed token is
      // test/service/token-outage.test.ts.)
      const outage = { kind: "status", status: 502, body: "<html>502</html>" } as const;
      github.gh.fail(CALLS.config, outage, 1000).fail(CALLS.findCheck, outage, 1000);
      const first = await start({
        ...store(),
        MLGATE_MAX_ATTEMPTS: "1",
        MLGATE_REDRIVE_CHECKS: "false",
      });
      await first.deliver("workflow_run", runCompleted(pull), "d-outage");
      await until(
        () => first.lines.some((l) => l.includes("gave up after attempt 1")),
        "the give-up",
        60_000,
      );
      const given = first.json().find((l) => String(l.msg).includes("gave up after attempt 1"));
      expect(given).toMatchObject({ level: 50, delivery: "d-outage" });
      first.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      expect(concluded(github.gh, pull.headSha)).toBeUndefined();

      github.gh.clearFaults();
      const second = await start({ ...store(), MLGATE_REDRIVE_CHECKS: "false" });
      await until(
        () => botComments(github.gh, pull.number).length === 1,
        "the re-driven review",
        60_000,
      );
      await until(() => concluded(github.gh, pull.headSha) !== undefined, "its check", 30_000);
      expect(concluded(github.gh, pull.headSha)).toBe("success");
      expect(second.lines.join("\n")).toContain("re-driving 1 review(s)");
      // The job's last line comes after its check and comment are published.
      const done = () => second.json().find((l) => String(l.msg).startsWith("mlgate: job done"));
      await until(() => done() !== undefined, "the job's last log line", 30_000);
      expect(done()).toMatchObject({ delivery: "d-outage~redrive-1" });
    },
    120_000,
  );
});
