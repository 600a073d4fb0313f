import { expect, test } from "vitest";
import { deliver } from "./helpers/deliver.js";
import { GitHubMock } from "./helpers/github-mock.js";
import { HEAD_RUN_ID, workflowRunPayload } from "./helpers/payloads.js";
import {
  GRANDPARENT,
  isolateNetwork,
  MERGE_BASE,
  metricsZip,
  NEWER_HEAD,
  PARENT,
} from "./helpers/setup.js";
import { createTestApp } from "./helpers/test-probot.js";

isolateNetwork();

test("economy: GitHub requests from one workflow_run.completed to the published comment and check", async () => {
  const { probot } = await createTestApp();

  // Cold: a fresh process; the baseline is two first-parent commits before the merge base, so
  // every lookup is needed (merge base, base runs, ancestors, both artifacts).
  const cold = new GitHubMock()
    .config()
    .artifacts([
      { id: 11, runId: HEAD_RUN_ID },
      { id: 22, runId: 900, sha: GRANDPARENT },
    ])
    .download(11, metricsZip({ accuracy: 0.91 }))
    .compare(MERGE_BASE)
    .baseRuns([{ id: 900, sha: GRANDPARENT, number: 90 }])
    .commits(MERGE_BASE, [MERGE_BASE, PARENT, GRANDPARENT])
    .download(22, metricsZip({ accuracy: 0.905 }))
    .checkCreate()
    .comments([])
    .commentCreate();
  await deliver(probot, "workflow_run", workflowRunPayload("completed"));
  expect(cold.api.pendingMocks()).toEqual([]);

  // Warm: another pull request on the same merge base, same process: the baseline run and its
  // parsed artifact come from the caches.
  const warm = new GitHubMock()
    .config()
    .artifacts([
      { id: 33, runId: 31000, sha: NEWER_HEAD },
      { id: 22, runId: 900, sha: GRANDPARENT },
    ])
    .download(33, metricsZip({ accuracy: 0.92 }))
    .compare(MERGE_BASE, NEWER_HEAD)
    .checkCreate()
    .comments([], 5)
    .commentCreate(5);
  await deliver(
    probot,
    "workflow_run",
    workflowRunPayload("completed", { runId: 31000, headSha: NEWER_HEAD, prNumber: 5 }),
  );
  expect(warm.api.pendingMocks()).toEqual([]);

  console.log(
    [
      "GitHub API requests per review (workflow_run.completed → comment + check):",
      `  cold: ${cold.count} (+${cold.downloads.length} signed-URL artifact downloads)`,
      ...cold.seen.map((r) => `    ${r}`),
      `  warm: ${warm.count} (+${warm.downloads.length} signed-URL artifact downloads)`,
      ...warm.seen.map((r) => `    ${r}`),
    ].join("\n"),
  );
  expect(cold.count).toBeLessThanOrEqual(10);
  expect(warm.count).toBeLessThan(cold.count);
  expect(warm.downloads).toHaveLength(1);
});
