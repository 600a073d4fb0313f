/**
 * Merge queues and the other ways GitHub asks for a review again: `merge_group`, "Re-run all
 * checks" (`check_suite.rerequested`) and a pull request retargeted to another base branch.
 */
import { afterEach, describe, expect, test } from "vitest";
import { pullRequestPayload, workflowRunPayload } from "../app/helpers/payloads.js";
import { metricsZip } from "../app/helpers/setup.js";
import { Session } from "../faults/session.js";
import { botComments, CONFIG, concluded, runCompleted, seedPulls } from "./many-pulls.js";

const GROUP_SHA = "9".repeat(40);
const GROUP_RUN = 77_000;
const QUEUE_BRANCH = `gh-readonly-queue/master/pr-100-${"e".repeat(40)}`;

let session: Session | undefined;
afterEach(() => session?.close());

function mergeGroupPayload(): Record<string, unknown> {
  const base = pullRequestPayload("opened");
  return {
    action: "checks_requested",
    merge_group: {
      head_sha: GROUP_SHA,
      head_ref: `refs/heads/${QUEUE_BRANCH}`,
      base_sha: "a".repeat(40),
      base_ref: "refs/heads/master",
      head_commit: { id: GROUP_SHA, message: "Merge pull request #100", tree_id: "f".repeat(40) },
    },
    repository: base.repository,
    installation: base.installation,
    sender: base.sender,
  };
}

function groupRunCompleted(): Record<string, unknown> {
  const payload = workflowRunPayload("completed", { runId: GROUP_RUN, headSha: GROUP_SHA });
  const run = payload.workflow_run as Record<string, unknown>;
  Object.assign(run, { event: "merge_group", head_branch: QUEUE_BRANCH, pull_requests: [] });
  return payload;
}

describe("merge queues", () => {
  test("the group's head gets a queued check at once, concluded by its training run, with no comment", async () => {
    session = new Session((gh) => {
      seedPulls(gh, 1);
    });
    const { gh } = session;
    await session.deliver("merge_group", mergeGroupPayload());
    expect(gh.checksOf(GROUP_SHA)).toHaveLength(1);
    expect(gh.checksOf(GROUP_SHA)[0]).toMatchObject({ status: "queued" });
    expect(gh.checksOf(GROUP_SHA)[0]?.output.title).toBe("Waiting for train.yml");

    gh.runs.push({
      id: GROUP_RUN,
      number: 500,
      sha: GROUP_SHA,
      event: "merge_group" as "push",
      branch: QUEUE_BRANCH,
      headRepo: "Codertocat/Hello-World",
      createdAt: "2024-05-01T11:00:00Z",
    });
    gh.artifacts.push({
      id: 77,
      runId: GROUP_RUN,
      name: "eval-results",
      zip: metricsZip({ accuracy: 0.5 }),
    });
    await session.deliver("workflow_run", groupRunCompleted());
    // The same check run moved on, and the gate failure blocks the queue.
    expect(gh.checksOf(GROUP_SHA)).toHaveLength(1);
    expect(concluded(gh, GROUP_SHA)).toBe("failure");
    expect(gh.checksOf(GROUP_SHA)[0]?.output.summary).toContain("accuracy");
    expect([...gh.comments.values()].flat().filter((c) => c.login === "mlgate[bot]")).toEqual([]);
  });

  test("a merge group whose run already finished is reviewed at once", async () => {
    session = new Session((gh) => {
      seedPulls(gh, 1);
      gh.runs.push({
        id: GROUP_RUN,
        number: 500,
        sha: GROUP_SHA,
        event: "merge_group" as "push",
        branch: QUEUE_BRANCH,
        headRepo: "Codertocat/Hello-World",
        createdAt: "2024-05-01T11:00:00Z",
      });
      gh.artifacts.push({
        id: 77,
        runId: GROUP_RUN,
        name: "eval-results",
        zip: metricsZip({ accuracy: 0.95 }),
      });
    });
    await session.deliver("merge_group", mergeGroupPayload());
    expect(concluded(session.gh, GROUP_SHA)).toBe("success");
  });
});

describe("asked again", () => {
  test("Re-run all checks (check_suite.rerequested) reviews the pull request's head again", async () => {
    let pull: ReturnType<typeof seedPulls>[number] | undefined;
    session = new Session((gh) => {
      [pull] = seedPulls(gh, 1);
    });
    if (!pull) throw new Error("no pull");
    await session.deliver("workflow_run", runCompleted(pull));
    expect(concluded(session.gh, pull.headSha)).toBe("success");
    // The gates were tightened on the default branch since: "Re-run all checks" applies them.
    session.gh.configText = CONFIG.replace("min: 0.8", "min: 0.95");
    const base = pullRequestPayload("opened");
    await session.deliver("check_suite", {
      action: "rerequested",
      check_suite: {
        id: 1,
        head_sha: pull.headSha,
        head_branch: `branch-${pull.number}`,
        pull_requests: [
          { number: pull.number, head: { sha: pull.headSha }, base: { ref: "master" } },
        ],
      },
      repository: base.repository,
      installation: base.installation,
      sender: base.sender,
    });
    expect(concluded(session.gh, pull.headSha)).toBe("failure");
    expect(botComments(session.gh, pull.number)).toHaveLength(1);
  });

  test("a pull request moved to another base branch is reviewed again; other edits are ignored", async () => {
    let pull: ReturnType<typeof seedPulls>[number] | undefined;
    session = new Session((gh) => {
      [pull] = seedPulls(gh, 1);
    });
    if (!pull) throw new Error("no pull");
    const edited = (changes: Record<string, unknown>) => {
      const payload = pullRequestPayload("opened", { headSha: pull?.headSha });
      const pr = payload.pull_request as Record<string, unknown>;
      pr.number = pull?.number;
      payload.action = "edited";
      payload.changes = changes;
      return payload;
    };
    const before = session.gh.requests.length;
    await session.deliver("pull_request", edited({ title: { from: "old title" } }));
    expect(session.gh.requests.length).toBe(before);
    await session.deliver(
      "pull_request",
      edited({ base: { ref: { from: "develop" }, sha: { from: "0".repeat(40) } } }),
    );
    expect(concluded(session.gh, pull.headSha)).toBe("success");
    expect(botComments(session.gh, pull.number)).toHaveLength(1);
  });
});
