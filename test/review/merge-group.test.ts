/**
 * A merge group's review job through `planReview` and `publishReview`: the check is set on the
 * group's head, the baseline is the base branch's, and no comment is written anywhere.
 */
import { describe, expect, test } from "vitest";
import type { CheckMemo } from "../../src/review/check-ledger.js";
import { planReview } from "../../src/review/plan-review.js";
import { publishReview } from "../../src/review/publish-review.js";
import type { ReviewJob, ReviewTrigger } from "../../src/review/review-job.js";
import { Lru } from "../../src/scm/lru.js";
import { mergeGroupFrom, mergeGroupOfRun } from "../../src/scm/merge-group-from.js";
import { MemoryScm } from "../helpers/memory-scm.js";
import { BASE_SHA, CONFIG, PR, repository, trainingRun } from "./flow-fixtures.js";

const GROUP_HEAD = "9".repeat(40);
const BRANCH = `gh-readonly-queue/main/pr-${PR}-${BASE_SHA}`;

function groupJob(trigger: ReviewTrigger, run?: { id: number; attempt: number }): ReviewJob {
  return {
    repository: "octo/models",
    installationId: 42,
    headSha: GROUP_HEAD,
    mergeGroup: { headRef: BRANCH, baseRef: "main", pullNumber: PR },
    run,
    trigger,
  };
}

/** The repository of the pipeline tests, with the group's baseline and its training run. */
function queue(accuracy: number, conclusion = "success"): MemoryScm {
  const scm = repository();
  scm.baselines.set(GROUP_HEAD, {
    sha: BASE_SHA,
    runId: 100,
    runNumber: 3,
    runUrl: "https://github.com/octo/models/actions/runs/100",
    distance: 0,
    mergeBase: BASE_SHA,
  });
  scm.runs.push(
    trainingRun({
      id: 600,
      event: "merge_group",
      headSha: GROUP_HEAD,
      headBranch: BRANCH,
      conclusion,
      pullRequests: [],
    }),
  );
  scm.artifacts.set(600, MemoryScm.metricsZip({ accuracy }));
  return scm;
}

describe("a merge group's review", () => {
  test("the queue's request for checks plans a waiting check on the group's head", async () => {
    const scm = repository();
    const checks = new Lru<string, CheckMemo>(10);
    const plan = await planReview(
      groupJob({ kind: "merge_group", action: "checks_requested" }),
      scm,
    );
    expect(plan).toMatchObject({ outcome: "waiting", check: { status: "queued" } });
    await publishReview(plan, scm, { checks });
    expect(scm.shownCheck(GROUP_HEAD)).toMatchObject({
      status: "queued",
      title: "Waiting for train.yml",
      externalId: "mlgate:queue",
    });
  });

  test("the finished run is reviewed against the base branch's baseline; the check only", async () => {
    const scm = queue(0.905);
    const plan = await planReview(
      groupJob({ kind: "workflow_run", action: "completed" }, { id: 600, attempt: 1 }),
      scm,
    );
    expect(plan.review?.verdict).toBe("passed");
    const published = await publishReview(plan, scm);
    expect(published.comment).toEqual({ outcome: "none" });
    expect(scm.shownCheck(GROUP_HEAD)).toMatchObject({
      status: "completed",
      conclusion: "success",
      externalId: "mlgate:queue:600:1",
    });
    expect(scm.comments).toEqual([]);
    expect(scm.calls).not.toContain("upsertReviewComment");
  });

  test("a failed gate fails the group's check", async () => {
    const scm = queue(0.85);
    const plan = await planReview(
      groupJob({ kind: "workflow_run", action: "completed" }, { id: 600, attempt: 1 }),
      scm,
    );
    await publishReview(plan, scm);
    expect(scm.shownCheck(GROUP_HEAD)).toMatchObject({ conclusion: "failure" });
    expect(scm.comments).toEqual([]);
  });

  test("a failed training run fails the group's check", async () => {
    const scm = queue(0.905, "failure");
    const plan = await planReview(
      groupJob({ kind: "workflow_run", action: "completed" }, { id: 600, attempt: 1 }),
      scm,
    );
    await publishReview(plan, scm);
    expect(scm.shownCheck(GROUP_HEAD)).toMatchObject({
      status: "completed",
      conclusion: "failure",
      title: "Training run failure",
    });
  });

  test("a group whose pull request changes none of `paths:` is not gated", async () => {
    const scm = queue(0.85);
    scm.config = `${CONFIG}paths: ["models/**"]\n`;
    scm.files.set(PR, ["README.md"]);
    const plan = await planReview(
      groupJob({ kind: "merge_group", action: "checks_requested" }),
      scm,
    );
    await publishReview(plan, scm);
    expect(scm.shownCheck(GROUP_HEAD)).toMatchObject({
      conclusion: "neutral",
      title: "Not configured for this change",
      summary: expect.stringContaining("Pull request #7 changes none of the paths"),
    });
  });

  test("a broken configuration fails the group's check with its problems", async () => {
    const scm = repository();
    scm.config = "workflow: [";
    const plan = await planReview(
      groupJob({ kind: "merge_group", action: "checks_requested" }),
      scm,
    );
    await publishReview(plan, scm);
    expect(scm.shownCheck(GROUP_HEAD)).toMatchObject({
      status: "completed",
      conclusion: "failure",
    });
  });

  test("a merge group job is plain data", () => {
    const job = groupJob({ kind: "merge_group", action: "checks_requested" });
    expect(JSON.parse(JSON.stringify(job))).toEqual(job);
  });
});

describe("recognising a merge group", () => {
  test("from the payload's refs, or from the queue's branch name", () => {
    expect(mergeGroupFrom(`refs/heads/${BRANCH}`, "refs/heads/main")).toEqual({
      headRef: BRANCH,
      baseRef: "main",
      pullNumber: PR,
    });
    expect(mergeGroupFrom("gh-readonly-queue/release/2.x/pr-12-abc123")).toEqual({
      headRef: "gh-readonly-queue/release/2.x/pr-12-abc123",
      baseRef: "release/2.x",
      pullNumber: 12,
    });
    expect(mergeGroupFrom("feature/gh-readonly-queue")).toBeUndefined();
  });

  test("from a run: merge_group runs and pushes to a queue branch of this repository", () => {
    const run = trainingRun({ event: "merge_group", headBranch: BRANCH, pullRequests: [] });
    expect(mergeGroupOfRun(run, "octo/models", "main")).toMatchObject({ baseRef: "main" });
    expect(mergeGroupOfRun({ ...run, event: "push" }, "octo/models", "main")).toBeDefined();
    // A fork's pull request from a branch that happens to carry the name is a pull request.
    expect(mergeGroupOfRun({ ...run, event: "pull_request" }, "octo/models", "main")).toBe(
      undefined,
    );
    expect(
      mergeGroupOfRun({ ...run, headRepo: "forker/models" }, "octo/models", "main"),
    ).toBeUndefined();
    // An unforeseen branch name still gets its check, against the default branch.
    expect(mergeGroupOfRun({ ...run, headBranch: "queue-123" }, "octo/models", "develop")).toEqual({
      headRef: "queue-123",
      baseRef: "develop",
    });
  });
});
