import { describe, expect, test } from "vitest";
import type { CheckMemo } from "../../src/review/check-ledger.js";
import { planReview } from "../../src/review/plan-review.js";
import { publishReview } from "../../src/review/publish-review.js";
import type { ReviewJob } from "../../src/review/review-job.js";
import { Lru } from "../../src/scm/lru.js";
import { MemoryScm } from "../helpers/memory-scm.js";
import { HEAD, NEWER, PR, pullRequest, repository, trainingRun } from "./flow-fixtures.js";

const ledger = () => new Lru<string, CheckMemo>(100);

function runJob(attempt = 1, action: "completed" | "in_progress" = "completed"): ReviewJob {
  return {
    repository: "octo/models",
    installationId: 42,
    pullNumber: PR,
    headSha: HEAD,
    run: { id: 500, attempt },
    trigger: { kind: "workflow_run", action },
  };
}

describe("planReview", () => {
  test("a review job is plain data: JSON gives it back unchanged", () => {
    const job = runJob(2);
    expect(JSON.parse(JSON.stringify(job))).toEqual(job);
  });

  test("plans without publishing: no check, no comment, every file closed", async () => {
    const scm = repository();
    scm.runs.push(trainingRun());
    scm.artifacts.set(500, MemoryScm.metricsZip({ accuracy: 0.85 }));

    const plan = await planReview(runJob(), scm);

    expect(plan.outcome).toBe("reviewed");
    expect(plan.review?.verdict).toBe("failed");
    expect(plan.check).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(plan.check?.run).toEqual({ id: 500, attempt: 1 });
    expect(plan.check?.annotations?.[0]).toMatchObject({ path: "metrics.json" });
    expect(plan.comment).toContain("accuracy");
    expect(scm.calls).not.toContain("createCheck");
    expect(scm.calls).not.toContain("upsertReviewComment");
    expect(scm.calls).toEqual(
      expect.arrayContaining(["readConfig", "getRun", "openArtifact", "findBaseline"]),
    );
  });

  test("no run for a new head yet: the check waits for the workflow", async () => {
    const scm = repository();
    const plan = await planReview(
      {
        repository: scm.repository,
        pullNumber: PR,
        headSha: HEAD,
        trigger: { kind: "pull_request", action: "opened" },
      },
      scm,
    );
    expect(plan.outcome).toBe("waiting");
    expect(plan.check).toMatchObject({
      status: "queued",
      title: "Waiting for train.yml",
      existing: "remembered",
    });
  });

  test("a running training run: the check is in progress and links to it", async () => {
    const scm = repository();
    scm.runs.push(trainingRun({ status: "in_progress", conclusion: undefined }));
    const plan = await planReview(runJob(1, "in_progress"), scm);
    expect(plan.outcome).toBe("running");
    expect(plan.check).toMatchObject({ status: "in_progress", detailsUrl: trainingRun().url });
  });

  test("no configuration: nothing to publish", async () => {
    const scm = repository();
    scm.config = undefined;
    const plan = await planReview(runJob(), scm);
    expect(plan.outcome).toBe("ignored");
    expect(plan.check).toBeUndefined();
  });

  test("a broken configuration concludes with the problems", async () => {
    const scm = repository();
    scm.config = "workflow: [train.yml\n";
    const plan = await planReview(runJob(), scm);
    expect(plan.outcome).toBe("config-error");
    expect(plan.check?.summary).toMatch(/\(line \d+\)/);
    expect(plan.check?.existing).toBe("remembered");
  });

  test("a broken configuration concludes the check found open at start-up, not a new one", async () => {
    const scm = repository();
    scm.config = "workflow: [train.yml\n";
    const plan = await planReview(
      {
        repository: scm.repository,
        pullNumber: PR,
        headSha: HEAD,
        trigger: { kind: "stranded_check", checkRunId: 77 },
      },
      scm,
    );
    expect(plan.outcome).toBe("config-error");
    expect(plan.check).toMatchObject({ conclusion: "failure", existing: "look-up" });
  });

  test("a head the pull request moved on from is superseded, not reviewed", async () => {
    const scm = repository();
    scm.runs.push(trainingRun());
    scm.pulls.set(PR, pullRequest({ headSha: NEWER }));
    const plan = await planReview(runJob(), scm);
    expect(plan.outcome).toBe("concluded");
    expect(plan.check).toMatchObject({
      conclusion: "neutral",
      title: "Superseded by a newer commit",
    });
    expect(scm.calls).not.toContain("openArtifact");
  });

  test("a failed training run concludes failure without reading anything", async () => {
    const scm = repository();
    scm.runs.push(trainingRun({ conclusion: "failure" }));
    const plan = await planReview(runJob(), scm);
    expect(plan.check).toMatchObject({ conclusion: "failure", title: "Training run failure" });
    expect(scm.calls).not.toContain("openArtifact");
  });

  test("a missing head artifact is a failed check that says so", async () => {
    const scm = repository();
    scm.runs.push(trainingRun());
    const plan = await planReview(runJob(), scm);
    expect(plan.check).toMatchObject({ conclusion: "failure", title: "No results to review" });
    expect(plan.check?.summary).toContain('no artifact named "eval-results"');
  });

  test("the override label from a writer accepts the failed gates", async () => {
    const scm = repository();
    scm.runs.push(trainingRun());
    scm.artifacts.set(500, MemoryScm.metricsZip({ accuracy: 0.85 }));
    scm.permissions.set("maintainer", "write");
    const plan = await planReview(
      {
        repository: scm.repository,
        pullNumber: PR,
        headSha: HEAD,
        trigger: {
          kind: "label",
          action: "labeled",
          label: "mlgate/accept-regression",
          sender: "maintainer",
          at: "2026-01-02T00:00:00Z",
        },
      },
      scm,
    );
    expect(plan.review?.verdict).toBe("accepted");
    expect(plan.check?.conclusion).toBe("success");
  });
});

describe("publishReview", () => {
  async function reviewed(scm: MemoryScm, accuracy: number, attempt = 1) {
    scm.runs.push(trainingRun({ attempt }));
    scm.artifacts.set(500, MemoryScm.metricsZip({ accuracy }));
    return planReview(runJob(attempt), scm);
  }

  test("check first, then the comment, which names the head it reviews", async () => {
    const scm = repository();
    const result = await publishReview(await reviewed(scm, 0.91), scm, { checks: ledger() });
    expect(scm.calls.slice(-2)).toEqual(["createCheck", "upsertReviewComment"]);
    expect(result.check).toMatchObject({ outcome: "created" });
    expect(result.comment).toMatchObject({ outcome: "created" });
    expect(scm.comments[0]?.body).toContain(`<!-- mlgate:sha=${HEAD} -->`);
    expect(scm.shownCheck(HEAD)).toMatchObject({
      conclusion: "success",
      externalId: "mlgate:7:500:1",
    });
  });

  test("a comment GitHub refuses amends the check, escaped, and the verdict stands", async () => {
    const scm = repository().fail("upsertReviewComment", 500, "GitHub failed <b>@team</b>");
    const checks = ledger();
    const result = await publishReview(await reviewed(scm, 0.91), scm, { checks });
    expect(result.comment).toMatchObject({ outcome: "failed", denied: undefined });
    const shown = scm.shownCheck(HEAD);
    expect(shown?.conclusion).toBe("success");
    expect(scm.checks).toHaveLength(1);
    expect(shown?.summary).toContain("The review comment could not be published");
    expect(shown?.summary).toContain("&lt;b&gt;@&#8203;team");
    expect(shown?.summary).not.toContain("<b>");
  });

  test("a re-review sends each annotation once per check run", async () => {
    const scm = repository();
    const checks = ledger();
    await publishReview(await reviewed(scm, 0.85), scm, { checks });
    // The same head reviewed again (a redelivery, a label, a reopen): same check run.
    await publishReview(await planReview(runJob(), scm), scm, { checks });
    expect(scm.checks).toHaveLength(1);
    expect(scm.checks[0]?.annotations).toHaveLength(1);
  });

  test("different annotations go to a new check run, never piled on the old ones", async () => {
    const scm = repository();
    scm.config = `${scm.config}\n`.replace("min: 0.8", "min: 0.8, max: 0.99");
    const checks = ledger();
    await publishReview(await reviewed(scm, 0.85), scm, { checks });
    scm.artifacts.set(500, MemoryScm.metricsZip({ accuracy: 0.995 }));
    await publishReview(await planReview(runJob(), scm), scm, { checks });
    expect(scm.shownCheck(HEAD)?.annotations).toHaveLength(1);
    expect(scm.shownCheck(HEAD)?.annotations[0]?.message).toMatch(/above|max/);
  });

  test("an older attempt finishing late never replaces the newer attempt's verdict", async () => {
    const scm = repository();
    const checks = ledger();
    await publishReview(await reviewed(scm, 0.91, 2), scm, { checks });
    const late = await reviewed(scm, 0.5, 1);
    expect(late.review?.verdict).toBe("failed");

    const result = await publishReview(late, scm, { checks });

    expect(result).toMatchObject({
      check: { outcome: "skipped", reason: "older-attempt" },
      comment: { outcome: "none" },
    });
    expect(scm.shownCheck(HEAD)?.conclusion).toBe("success");
    expect(scm.comments[0]?.body).toContain("passed");
  });

  test("a concluded check is not moved back to in progress by a late event of the same attempt", async () => {
    const scm = repository();
    const checks = ledger();
    await publishReview(await reviewed(scm, 0.91), scm, { checks });
    const late = await planReview(runJob(1, "in_progress"), scm, {
      known: { run: trainingRun({ status: "in_progress", conclusion: undefined }) },
    });
    const result = await publishReview(late, scm, { checks });
    expect(result.check).toEqual({ outcome: "skipped", reason: "already-concluded" });
    expect(scm.shownCheck(HEAD)?.status).toBe("completed");
  });

  test("a re-run's new attempt reopens the concluded check", async () => {
    const scm = repository();
    const checks = ledger();
    await publishReview(await reviewed(scm, 0.91), scm, { checks });
    scm.runs.push(trainingRun({ attempt: 2, status: "in_progress", conclusion: undefined }));
    const result = await publishReview(await planReview(runJob(2, "in_progress"), scm), scm, {
      checks,
    });
    expect(result.check).toMatchObject({ outcome: "updated" });
    expect(scm.shownCheck(HEAD)?.status).toBe("in_progress");
  });
});
