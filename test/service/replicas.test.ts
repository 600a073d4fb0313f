import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppProcess, until } from "./app-process.js";
import { REDIS_URL, redisPrefix, tempDataDir } from "./backends.js";
import { FakeGitHubServer } from "./fake-github-server.js";
import { artifactDownload, botComments, concluded, runCompleted, seedPulls } from "./many-pulls.js";

// App processes start slowly on a loaded machine.
vi.setConfig({ hookTimeout: 60_000 });

let github: FakeGitHubServer;
let redis: ReturnType<typeof redisPrefix>;
const dirs: ReturnType<typeof tempDataDir>[] = [];
const apps: AppProcess[] = [];

beforeEach(async () => {
  github = await new FakeGitHubServer().start();
  redis = redisPrefix();
});
afterEach(async () => {
  for (const app of apps.splice(0)) app.kill();
  await Promise.all(apps.map((a) => a.exited));
  await github.stop();
  await redis.clear();
  for (const d of dirs.splice(0)) d.remove();
});

function replica(env: Record<string, string> = {}): Promise<AppProcess> {
  const dir = tempDataDir();
  dirs.push(dir);
  const app = new AppProcess({
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    MLGATE_DATA_DIR: dir.dir,
    REDIS_URL,
    MLGATE_REDIS_PREFIX: redis.prefix,
    // A killed replica's jobs and pull-request locks lapse after 2 s instead of 30.
    MLGATE_JOB_LOCK: "2",
    MLGATE_CONCURRENCY: "2",
    ...env,
  });
  apps.push(app);
  return app.ready();
}

describe("replicas sharing Redis", () => {
  it("lands each review exactly once when a replica is killed mid-review and deliveries repeat", async () => {
    const pulls = seedPulls(github.gh, 6);
    const [first, ...rest] = pulls;
    if (!first) throw new Error("no pull");
    github.gh.fail(artifactDownload(first), { kind: "slow", ms: 60_000 }, 1);

    const doomed = await replica();
    expect((await doomed.deliver("workflow_run", runCompleted(first), "r-0")).status).toBe(202);
    await until(
      () => github.gh.count(artifactDownload(first)) === 1,
      "replica A to reach the download",
    );
    doomed.kill("SIGKILL");
    await doomed.exited;

    const [b, c] = await Promise.all([replica(), replica()]);
    // GitHub redelivering to another replica, and two events about one pull request at once.
    const answers = await Promise.all(
      rest.flatMap((pull, i) => [
        b.deliver("workflow_run", runCompleted(pull), `r-${i + 1}`),
        c.deliver("workflow_run", runCompleted(pull), `r-${i + 1}`),
        c.deliver("workflow_run", runCompleted(pull), `r-${i + 1}-again`),
      ]),
    );
    expect(answers.filter((a) => a.status === 202)).toHaveLength(rest.length * 2);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(rest.length);
    // The first delivery again, to a live replica: already taken.
    expect((await b.deliver("workflow_run", runCompleted(first), "r-0")).status).toBe(200);

    await until(
      () =>
        pulls.every(
          (p) => botComments(github.gh, p.number).length > 0 && concluded(github.gh, p.headSha),
        ),
      "every pull request's comment and concluded check",
    );
    // Let any straggling duplicate finish before counting.
    await until(
      () => github.gh.count(artifactDownload(first)) >= 2,
      "the killed replica's job to be retaken",
    );
    for (const pull of pulls) {
      expect(botComments(github.gh, pull.number), `comments on #${pull.number}`).toHaveLength(1);
      expect(concluded(github.gh, pull.headSha), `check of #${pull.number}`).toBe("success");
      expect(botComments(github.gh, pull.number)[0]?.body).toContain(pull.headSha);
    }
    // The killed replica's job was taken over by B or C: the download ran once more.
    expect(github.gh.count(artifactDownload(first))).toBe(2);
  }, 180_000);

  it("keeps the newer attempt's verdict when the older attempt's delivery comes after it", async () => {
    const [pull] = seedPulls(github.gh, 1);
    if (!pull) throw new Error("no pull");
    const [b, c] = await Promise.all([replica(), replica()]);
    await b.deliver("workflow_run", runCompleted(pull, 2), "attempt-2");
    await until(() => concluded(github.gh, pull.headSha) !== undefined, "attempt 2's verdict");
    expect(concluded(github.gh, pull.headSha)).toBe("success");
    await until(() => botComments(github.gh, pull.number).length === 1, "attempt 2's comment");
    const writes = github.gh.requests.length;
    // The older attempt would fail the gate if it were reviewed now.
    const artifact = github.gh.artifacts.find((a) => a.id === pull.artifactId);
    if (artifact)
      artifact.zip = (await import("../app/helpers/setup.js")).metricsZip({ accuracy: 0.5 });
    await c.deliver("workflow_run", runCompleted(pull, 1), "attempt-1");
    await until(
      () =>
        [b, c].some((app) =>
          app
            .json()
            .some((l) => l.delivery === "attempt-1" && String(l.msg).startsWith("mlgate: job ")),
        ),
      "attempt 1 to be handled",
    );
    expect(github.gh.requests.length).toBeGreaterThan(writes);
    expect(concluded(github.gh, pull.headSha)).toBe("success");
    expect(botComments(github.gh, pull.number)).toHaveLength(1);
    expect(botComments(github.gh, pull.number)[0]?.body).not.toContain("failed");
  }, 120_000);
});
