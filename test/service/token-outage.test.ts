/**
 * An installation token GitHub cannot issue (a 502 from `POST /app/installations/{id}/access_tokens`)
 * is one failed request, retried by the review's own bounded retries and then by the queue — not
 * by a second layer of Octokit retries that holds a worker for minutes before anyone hears of it.
 */
import { describe, expect, it } from "vitest";
import { CALLS, INSTALLATION_TOKEN } from "../faults/fake-github.js";
import { apps, data, github, useAppFixtures } from "./app-fixtures.js";
import { AppProcess, until } from "./app-process.js";
import { concluded, runCompleted, seedPulls } from "./many-pulls.js";

useAppFixtures();

describe("an installation token GitHub cannot issue", () => {
  it("fails the attempt within the review's own retries and goes back to the queue", async () => {
    const [pull] = seedPulls(github.gh, 1);
    if (!pull) throw new Error("no pull");
    // Enough 502s to outlast one attempt's retries (three token requests), not a second attempt.
    github.gh.fail(
      CALLS.token,
      { kind: "status", status: 502, body: { message: "Bad Gateway" } },
      3,
    );
    const app = new AppProcess({
      GHE_HOST: github.host,
      GHE_PROTOCOL: "http",
      MLGATE_DATA_DIR: data.dir,
      MLGATE_MAX_ATTEMPTS: "3",
    });
    apps.push(app);
    await app.ready();
    await app.deliver("workflow_run", runCompleted(pull), "d-token-1");
    await until(
      () => app.lines.some((l) => l.includes("attempt 1 did not finish")),
      "the first attempt to give way to the queue",
      30_000,
    );
    // One request per try of the review's transport: nothing retried it underneath.
    expect(github.gh.count(CALLS.token)).toBe(3);
    expect(concluded(github.gh, pull.headSha)).toBeUndefined();
    const line = app.json().find((l) => String(l.msg).includes("attempt 1 did not finish"));
    expect(line?.level).toBe(40);
    expect(JSON.stringify(line)).not.toContain(INSTALLATION_TOKEN);
  }, 90_000);
});
