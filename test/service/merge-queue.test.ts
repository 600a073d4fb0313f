/**
 * A merge queue through the service: the `merge_group` delivery passes the intake, the check
 * appears on the group's head at once, and the group's training run concludes it.
 */
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { metricsZip } from "../app/helpers/commits.js";
import {
  GROUP_BRANCH,
  GROUP_HEAD,
  GROUP_RUN_ID,
  mergeGroupPayload,
  mergeGroupRunPayload,
} from "../app/helpers/payloads.js";
import { REPO } from "../faults/fake-github.js";
import { AppProcess, until } from "./app-process.js";
import { tempDataDir } from "./backends.js";
import { FakeGitHubServer } from "./fake-github-server.js";
import { botComments, concluded, seedPulls } from "./many-pulls.js";

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

it("a merge group gets its check at once, and the verdict of its training run", async () => {
  const [pull] = seedPulls(github.gh, 1);
  if (!pull) throw new Error("no pull");
  app = await new AppProcess({
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    MLGATE_DATA_DIR: data.dir,
  }).ready();

  const asked = await app.deliver("merge_group", mergeGroupPayload("checks_requested"), "mq-asked");
  expect(asked.status).toBe(202);
  await until(() => github.gh.checksOf(GROUP_HEAD).length > 0, "the group's check");
  expect(github.gh.checksOf(GROUP_HEAD)[0]).toMatchObject({ status: "queued" });

  github.gh.runs.push({
    id: GROUP_RUN_ID,
    number: 164,
    sha: GROUP_HEAD,
    event: "merge_group",
    branch: GROUP_BRANCH,
    headRepo: REPO,
    createdAt: "2024-05-01T11:00:00Z",
  });
  github.gh.artifacts.push({
    id: 70_000,
    runId: GROUP_RUN_ID,
    name: "eval-results",
    zip: metricsZip({ accuracy: 0.91 }),
  });
  const done = await app.deliver("workflow_run", mergeGroupRunPayload("completed"), "mq-done");
  expect(done.status).toBe(202);
  await until(() => concluded(github.gh, GROUP_HEAD) !== undefined, "the group's verdict");

  expect(concluded(github.gh, GROUP_HEAD)).toBe("success");
  // One check run, moved on in place; nothing on the pull request behind the group.
  expect(github.gh.checksOf(GROUP_HEAD)).toHaveLength(1);
  expect(botComments(github.gh, pull.number)).toHaveLength(0);
}, 120_000);
