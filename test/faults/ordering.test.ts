/**
 * Order of events against a GitHub that keeps state (test/app/ordering.test.ts has the
 * single-delivery cases): pushes in quick succession with runs finishing out of order, the same
 * delivery twice at once and across a restart, and a restart between a check's creation and
 * its review.
 */
import { afterEach, describe, expect, test } from "vitest";
import {
  HEAD_RUN_ID,
  HEAD_SHA,
  pullRequestPayload,
  workflowRunPayload,
} from "../app/helpers/payloads.js";
import { metricsZip, NEWER_HEAD } from "../app/helpers/setup.js";
import { seedSameRepo } from "./app-matrix.js";
import { CALLS, type FakeGitHub } from "./fake-github.js";
import { Session } from "./session.js";

const A = HEAD_SHA;
const B = NEWER_HEAD;
const RUN_A = HEAD_RUN_ID;
const RUN_B = 31_000;
const OLDER = "1".repeat(40);

let session: Session | undefined;
afterEach(() => session?.close());

/** PR #2 without the override label, its head artifact passing, and runs for A and B to come. */
function seed(gh: FakeGitHub): void {
  seedSameRepo(gh, { queuedCheck: false });
  const pr = gh.pulls.get(2);
  if (pr) pr.labels = [];
  gh.runs.splice(0, gh.runs.length, ...gh.runs.filter((r) => r.event === "push"));
  const head = gh.artifacts.find((a) => a.id === 11);
  if (head) head.zip = metricsZip({ accuracy: 0.91 });
  gh.artifacts.push({
    id: 33,
    runId: RUN_B,
    name: "eval-results",
    zip: metricsZip({ accuracy: 0.92 }),
  });
}

function pushRuns(gh: FakeGitHub): void {
  gh.runs.push(
    {
      id: RUN_A,
      number: 163,
      sha: A,
      event: "pull_request",
      branch: "changes",
      headRepo: "Codertocat/Hello-World",
      createdAt: "2024-05-01T10:00:00Z",
    },
    {
      id: RUN_B,
      number: 164,
      sha: B,
      event: "pull_request",
      branch: "changes",
      headRepo: "Codertocat/Hello-World",
      createdAt: "2024-05-01T10:00:01Z",
    },
  );
}

function mlgateComments(gh: FakeGitHub) {
  return gh.commentsOf(2).filter((c) => c.login === "mlgate[bot]");
}

/** Every check run of a head is concluded, or hidden behind a newer concluded one. */
function expectNoneOpen(gh: FakeGitHub, sha: string): void {
  const [newest] = gh.checksOf(sha);
  expect(newest?.status, `newest check of ${sha.slice(0, 7)}`).toBe("completed");
}

/** Two pushes within a second: both get a queued check at once; nothing is reviewed yet. */
async function twoPushes(s: Session): Promise<void> {
  await s.deliver("pull_request", pullRequestPayload("synchronize", { headSha: A }));
  const pr = s.gh.pulls.get(2);
  if (pr) pr.headSha = B;
  await s.deliver("pull_request", pullRequestPayload("synchronize", { headSha: B }));
  expect(s.gh.checksOf(A)[0]).toMatchObject({ status: "queued" });
  expect(s.gh.checksOf(B)[0]).toMatchObject({ status: "queued" });
  pushRuns(s.gh);
}

const runCompleted = (sha: string, runId: number, listedHead: string) =>
  workflowRunPayload("completed", { headSha: sha, runId, prHeadSha: listedHead });

describe("two pushes within a second, runs finishing in reverse order", () => {
  test("the newer head's comment stands; the older run concludes its own check as superseded", async () => {
    const s = new Session(seed);
    session = s;
    await twoPushes(s);

    await s.deliver("workflow_run", runCompleted(B, RUN_B, B));
    // GitHub lists the pull request with its head as it is now: B.
    await s.deliver("workflow_run", runCompleted(A, RUN_A, B));

    expect(s.gh.checksOf(B)[0]).toMatchObject({ status: "completed", conclusion: "success" });
    expect(s.gh.checksOf(A)[0]).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(s.gh.checksOf(A)[0]?.output.title).toBe("Superseded by a newer commit");
    // The queued checks were moved on, not left behind: one check run per head.
    expect(s.gh.checks).toHaveLength(2);
    const comments = mlgateComments(s.gh);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(`<!-- mlgate:sha=${B} -->`);
    expect(s.gh.count(CALLS.commentCreate)).toBe(1);
    expect(s.secrets()).toEqual([]);
  });

  test("a stale payload that still lists the older head: reviewed on its own check, the newer comment kept", async () => {
    const s = new Session(seed);
    session = s;
    await twoPushes(s);

    await s.deliver("workflow_run", runCompleted(B, RUN_B, B));
    await s.deliver("workflow_run", runCompleted(A, RUN_A, A));

    expect(s.gh.checksOf(A)[0]).toMatchObject({ status: "completed", conclusion: "success" });
    expect(s.gh.checksOf(B)[0]).toMatchObject({ status: "completed", conclusion: "success" });
    const comments = mlgateComments(s.gh);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(`<!-- mlgate:sha=${B} -->`);
    // The older review asked GitHub for the pull request's head before touching the comment.
    expect(s.gh.count(CALLS.pull)).toBe(1);
    expect(s.gh.count(CALLS.commentUpdate)).toBe(0);
  });

  test.each([
    ["older first", [A, B]],
    ["newer first", [B, A]],
  ] as const)(
    "both runs finishing at the same moment (%s): the comment ends on the newer head",
    async (_, order) => {
      const s = new Session(seed);
      session = s;
      await twoPushes(s);

      await Promise.all(
        order.map((sha) =>
          s.deliver("workflow_run", runCompleted(sha, sha === A ? RUN_A : RUN_B, sha)),
        ),
      );

      expectNoneOpen(s.gh, A);
      expectNoneOpen(s.gh, B);
      const comments = mlgateComments(s.gh);
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toContain(`<!-- mlgate:sha=${B} -->`);
      expect(s.gh.count(CALLS.commentCreate)).toBe(1);
    },
  );
});

describe("the same delivery twice", () => {
  test("at the same moment: handled once", async () => {
    const s = new Session(seed);
    session = s;
    pushRuns(s.gh);
    const payload = runCompleted(A, RUN_A, A);

    await Promise.all([
      s.deliver("workflow_run", payload, "same-id"),
      s.deliver("workflow_run", payload, "same-id"),
    ]);

    expect(s.gh.count(CALLS.config)).toBe(1);
    expect(s.gh.count(CALLS.checkCreate)).toBe(1);
    expect(s.gh.count(CALLS.commentCreate)).toBe(1);
    expect(mlgateComments(s.gh)).toHaveLength(1);
  });

  test("again after a restart (the dedupe memory is gone): one comment, left as it is", async () => {
    const s = new Session(seed);
    session = s;
    pushRuns(s.gh);
    const payload = runCompleted(A, RUN_A, A);
    await s.deliver("workflow_run", payload, "redelivered");
    const body = mlgateComments(s.gh)[0]?.body;

    s.restart();
    await s.deliver("workflow_run", payload, "redelivered");

    expect(s.gh.count(CALLS.commentCreate)).toBe(1);
    expect(s.gh.count(CALLS.commentUpdate)).toBe(0);
    expect(mlgateComments(s.gh)).toEqual([expect.objectContaining({ body })]);
    // A second check run with the same verdict: the newest of a name is the one that counts.
    expect(s.gh.checksOf(A).map((c) => [c.status, c.conclusion])).toEqual([
      ["completed", "success"],
      ["completed", "success"],
    ]);
  });
});

describe("a restart between the check's creation and the review", () => {
  test("the check is still concluded and the comment of the previous push edited in place", async () => {
    const s = new Session((gh) => {
      seed(gh);
      gh.seedComment(2, {
        id: 777,
        body: `<!-- mlgate:review -->\n### ✅ mlgate: passed\n\n<!-- mlgate:sha=${OLDER} -->\n`,
        login: "mlgate[bot]",
        type: "Bot",
      });
    });
    session = s;
    await s.deliver("pull_request", pullRequestPayload("synchronize", { headSha: A }));
    expect(s.gh.checksOf(A)[0]?.status).toBe("queued");

    s.restart();
    pushRuns(s.gh);
    await s.deliver("workflow_run", runCompleted(A, RUN_A, A));

    // The new process does not look for the queued check: it concludes in a new check run,
    // which is the one GitHub shows and branch protection reads (the newest of its name).
    expect(s.gh.checksOf(A).map((c) => [c.status, c.conclusion])).toEqual([
      ["completed", "success"],
      ["queued", null],
    ]);
    expect(s.gh.count(CALLS.commentCreate)).toBe(0);
    const comments = mlgateComments(s.gh);
    expect(comments.map((c) => c.id)).toEqual([777]);
    expect(comments[0]?.body).toContain(`<!-- mlgate:sha=${A} -->`);
  });

  test("a late in_progress redelivered after the review and another restart does not reopen the check", async () => {
    const s = new Session(seed);
    session = s;
    pushRuns(s.gh);
    await s.deliver("workflow_run", workflowRunPayload("in_progress", { headSha: A }));
    expect(s.gh.checksOf(A)[0]?.status).toBe("in_progress");

    s.restart();
    await s.deliver("workflow_run", runCompleted(A, RUN_A, A));
    s.restart();
    await s.deliver("workflow_run", workflowRunPayload("in_progress", { headSha: A }));

    expectNoneOpen(s.gh, A);
    expect(s.gh.checksOf(A)[0]?.conclusion).toBe("success");
    expect(s.gh.count(CALLS.findCheck)).toBe(2);
    expect(mlgateComments(s.gh)).toHaveLength(1);
  });
});
