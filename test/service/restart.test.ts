import { describe, expect, it } from "vitest";
import { apps, data, github, useAppFixtures } from "./app-fixtures.js";
import { AppProcess, until } from "./app-process.js";
import { artifactDownload, botComments, concluded, runCompleted, seedPulls } from "./many-pulls.js";

useAppFixtures();

function start(env: Record<string, string> = {}): Promise<AppProcess> {
  const app = new AppProcess({
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    MLGATE_DATA_DIR: data.dir,
    ...env,
  });
  apps.push(app);
  return app.ready();
}

describe("the embedded store (no REDIS_URL)", () => {
  it("resumes a review killed mid-way after a restart, without a redelivery", async () => {
    const [pull] = seedPulls(github.gh, 1);
    if (!pull) throw new Error("no pull");
    // The artifact download hangs long enough to kill the process during it.
    github.gh.fail(artifactDownload(pull), { kind: "slow", ms: 60_000 }, 1);
    const first = await start();
    expect(await first.deliver("workflow_run", runCompleted(pull), "d-restart-1")).toMatchObject({
      status: 202,
    });
    await until(
      () => github.gh.count(artifactDownload(pull)) === 1,
      "the review to reach the download",
    );
    first.kill("SIGKILL");
    await first.exited;
    expect(concluded(github.gh, pull.headSha)).toBeUndefined();
    expect(botComments(github.gh, pull.number)).toHaveLength(0);

    const second = await start();
    await until(
      () => botComments(github.gh, pull.number).length > 0,
      "the resumed review's comment",
    );
    await until(() => concluded(github.gh, pull.headSha) !== undefined, "the check to conclude");
    expect(concluded(github.gh, pull.headSha)).toBe("success");
    expect(botComments(github.gh, pull.number)).toHaveLength(1);
    expect(github.gh.count(artifactDownload(pull))).toBe(2);
    expect(second.lines.join("\n")).toContain("resuming 1 job(s)");
    // Nothing was delivered twice: the job came back from the store.
    expect(github.redeliveries).toEqual([]);
    // The log lines of the job carry the delivery, repository, pull request and head.
    await until(
      () => second.json().some((l) => String(l.msg).startsWith("mlgate: job done")),
      "the job's last log line",
    );
    const line = second.json().find((l) => String(l.msg).startsWith("mlgate: job done"));
    expect(line).toMatchObject({
      delivery: "d-restart-1",
      repo: "Codertocat/Hello-World",
      pr: pull.number,
      sha: pull.headSha,
    });
  }, 120_000);

  it("drains on SIGTERM: a running review finishes within the grace period", async () => {
    const [pull] = seedPulls(github.gh, 1);
    if (!pull) throw new Error("no pull");
    github.gh.fail(artifactDownload(pull), { kind: "slow", ms: 1500 }, 1);
    const app = await start({ MLGATE_SHUTDOWN_GRACE: "20" });
    await app.deliver("workflow_run", runCompleted(pull), "d-drain-1");
    await until(
      () => github.gh.count(artifactDownload(pull)) === 1,
      "the review to reach the download",
    );
    app.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    expect(concluded(github.gh, pull.headSha)).toBe("success");
    expect(botComments(github.gh, pull.number)).toHaveLength(1);
    expect(app.lines.join("\n")).toContain("mlgate: stopped");
  }, 120_000);
});

describe("start-up", () => {
  it("refuses to start without WEBHOOK_SECRET, in one line", async () => {
    const app = new AppProcess({
      GHE_HOST: github.host,
      GHE_PROTOCOL: "http",
      MLGATE_DATA_DIR: data.dir,
      WEBHOOK_SECRET: "",
    });
    apps.push(app);
    expect(await app.exited).toBe(1);
    expect(app.lines).toEqual([
      "mlgate: the app cannot start: WEBHOOK_SECRET is not set: mlgate will not accept unsigned webhooks (set it to the app's webhook secret)",
    ]);
  }, 60_000);
});
