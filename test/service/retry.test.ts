import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { CALLS } from "../faults/fake-github.js";
import { AppProcess, until } from "./app-process.js";
import { tempDataDir } from "./backends.js";
import { FakeGitHubServer } from "./fake-github-server.js";
import { botComments, concluded, runCompleted, seedPulls } from "./many-pulls.js";

// App processes start slowly on a loaded machine.
vi.setConfig({ hookTimeout: 60_000 });

let github: FakeGitHubServer;
let data: ReturnType<typeof tempDataDir>;
let app: AppProcess | undefined;

beforeEach(async () => {
  github = await new FakeGitHubServer().start();
  data = tempDataDir();
});
afterEach(async () => {
  app?.kill();
  await github.stop();
  data.remove();
});

it("a secondary rate limit on the comment reschedules the review, and the comment lands", async () => {
  const [pull] = seedPulls(github.gh, 1);
  if (!pull) throw new Error("no pull");
  github.gh.fail(
    CALLS.commentCreate,
    {
      kind: "status",
      status: 403,
      body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes." },
      headers: { "retry-after": "12" },
    },
    1,
  );
  app = await new AppProcess({
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    MLGATE_DATA_DIR: data.dir,
  }).ready();
  await app.deliver("workflow_run", runCompleted(pull), "d-limited");
  // The verdict is out at once; the comment waits for the limit, in the queue.
  await until(() => concluded(github.gh, pull.headSha) !== undefined, "the first verdict");
  await until(
    () => app?.lines.some((l) => l.includes("trying again in 12 s")) ?? false,
    "the reschedule",
  );
  expect(botComments(github.gh, pull.number)).toHaveLength(0);
  await until(() => botComments(github.gh, pull.number).length === 1, "the comment, later");
  await until(
    () => !github.gh.checksOf(pull.headSha)[0]?.output.summary?.includes("could not be published"),
    "the check's note about the comment to go",
  );
  expect(concluded(github.gh, pull.headSha)).toBe("success");
  expect(github.gh.count(CALLS.commentCreate)).toBe(2);
  const warn = app.json().find((l) => String(l.msg).includes("will be retried"));
  expect(warn).toMatchObject({ level: 40, delivery: "d-limited", pr: pull.number });
}, 120_000);
