/**
 * Checks left open on merge queue groups' heads by a crash: the start-up scan finds them through
 * the queue's `gh-readonly-queue/…` branches, and the app concludes each as the group's training
 * run would have it, on the group's head, with no comment. In process: the scan against the fake
 * GitHub, its jobs (through JSON, as a store keeps them) handed to the app.
 */
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StrandedCheckPayload } from "../../src/app/stranded-check-event.js";
import type { Delivery } from "../../src/service/delivery.js";
import type { JobQueue } from "../../src/service/job-queue.js";
import {
  redriveStrandedChecks,
  type StrandedCheckScan,
} from "../../src/service/redrive-stranded-checks.js";
import { MERGE_BASE, metricsZip } from "../app/helpers/commits.js";
import { deliver } from "../app/helpers/deliver.js";
import { createTestApp, type TestApp } from "../app/helpers/test-probot.js";
import { CALLS, FakeGitHub, REPO } from "../faults/fake-github.js";
import { botComments, type SeededPull, seedPulls } from "./many-pulls.js";

/** The queue's base branch: a name with a slash, as release branches have. */
const BASE = "release/2.x";
const GROUP_HEAD = "9".repeat(40);
const GROUP_RUN = 80_000;
const GROUP_CHECK = 8001;

/** The jobs the scan queued, as a store would take them (once per id). */
class RecordingQueue implements JobQueue {
  readonly jobs: Delivery[] = [];
  async enqueue(delivery: Delivery): Promise<"queued" | "duplicate"> {
    if (this.jobs.some((j) => j.id === delivery.id)) return "duplicate";
    this.jobs.push(JSON.parse(JSON.stringify(delivery)) as Delivery);
    return "queued";
  }
  start(): void {}
  notify(): void {}
  async depth() {
    return { waiting: this.jobs.length, active: 0, delayed: 0 };
  }
  async ping(): Promise<void> {}
  async stop(): Promise<void> {}
}

let gh: FakeGitHub;
let restore: () => void;
let app: TestApp;
let lines: string[];
let pull: SeededPull;

beforeEach(async () => {
  gh = new FakeGitHub();
  const [seeded] = seedPulls(gh, 1);
  if (!seeded) throw new Error("no pull");
  pull = seeded;
  // The release branch's baseline: accuracy 0.9 at the merge base, as master's.
  gh.runs.push({
    id: 901,
    number: 91,
    sha: MERGE_BASE,
    event: "push",
    branch: BASE,
    headRepo: REPO,
    createdAt: "2024-04-30T10:00:00Z",
  });
  gh.artifacts.push({
    id: 23,
    runId: 901,
    name: "eval-results",
    zip: metricsZip({ accuracy: 0.9 }),
  });
  restore = gh.install();
  lines = [];
  app = await createTestApp({
    log: pino({ level: "info" }, { write: (line: string) => void lines.push(line) }),
  });
});
afterEach(() => restore());

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
const branchOf = (number: number) => `gh-readonly-queue/${BASE}/pr-${number}-${"f".repeat(40)}`;

/**
 * The pull request's merge group in the queue, with this app's check on its head left open an
 * hour ago; its training run passed `accuracy` (none: no run; `running`: still training).
 */
function queueGroup(run: { accuracy: number } | "running" | "none"): void {
  const branch = branchOf(pull.number);
  gh.refs.set(`refs/heads/${branch}`, GROUP_HEAD);
  if (run !== "none") {
    gh.runs.push({
      id: GROUP_RUN,
      number: 180,
      sha: GROUP_HEAD,
      event: "merge_group",
      branch,
      headRepo: REPO,
      createdAt: "2024-05-01T11:00:00Z",
      status: run === "running" ? "in_progress" : "completed",
    });
  }
  if (typeof run === "object") {
    gh.artifacts.push({
      id: 80_001,
      runId: GROUP_RUN,
      name: "eval-results",
      zip: metricsZip({ accuracy: run.accuracy }),
    });
  }
  gh.seedCheck({
    id: GROUP_CHECK,
    head_sha: GROUP_HEAD,
    status: "queued",
    external_id: "mlgate:queue",
    output: { title: "Waiting for train.yml" },
    started_at: ago(3600),
  });
}

/** The scan, as the service runs it at start; then each job it queued, handled by the app. */
async function scanAndRun(): Promise<{ scan: StrandedCheckScan; jobs: Delivery[] }> {
  const queue = new RecordingQueue();
  const scan = await redriveStrandedChecks({
    probot: app.probot,
    appId: 1,
    queue,
    log: app.probot.log,
    olderThanMs: 300_000,
    startedBefore: Date.now(),
  });
  for (const job of queue.jobs) await deliver(app.probot, job.name, job.payload, job.id);
  return { scan, jobs: queue.jobs };
}

const payloadOf = (job: Delivery | undefined) =>
  (job?.payload ?? {}) as unknown as Partial<StrandedCheckPayload>;
const groupCheck = () => gh.checks.find((c) => c.id === GROUP_CHECK);
const summaryLine = () => lines.find((l) => l.includes("mlgate: looked at")) ?? "";

describe("a merge group's check left open by a crash", () => {
  it("is found on the queue's branch, queued once, and passed from the group's training run, with no comment", async () => {
    queueGroup({ accuracy: 0.905 });

    const { scan, jobs } = await scanAndRun();

    expect(jobs).toHaveLength(1);
    const payload = payloadOf(jobs[0]);
    expect(jobs[0]?.id).toBe(`stranded-check-${GROUP_CHECK}`);
    expect(payload.merge_group).toEqual({
      head_sha: GROUP_HEAD,
      head_ref: branchOf(pull.number),
      base_ref: BASE,
      pull_number: pull.number,
    });
    expect(payload).not.toHaveProperty("pull_request");
    expect(scan).toMatchObject({ heads: 2, mergeGroupHeads: 1, stranded: 1, queued: 1 });
    expect(summaryLine()).toContain(
      "looked at 1 pull request head(s) and 1 merge queue head(s) in 1 repository",
    );

    // The open check run itself, concluded from the review against the release branch.
    expect(gh.checksOf(GROUP_HEAD).map((c) => c.id)).toEqual([GROUP_CHECK]);
    expect(groupCheck()).toMatchObject({ status: "completed", conclusion: "success" });
    expect(groupCheck()?.output.text).toContain("compared with baseline `aaaaaaa`");
    expect(
      gh.requests.some(
        (r) =>
          r.url.pathname.includes("/actions/workflows/") &&
          r.url.search.includes("branch=release%2F2.x"),
      ),
    ).toBe(true);
    expect(botComments(gh, pull.number)).toHaveLength(0);
    expect(gh.count(CALLS.commentCreate)).toBe(0);
  });

  it("fails when the group's run regressed", async () => {
    queueGroup({ accuracy: 0.85 });

    await scanAndRun();

    expect(gh.checksOf(GROUP_HEAD).map((c) => c.id)).toEqual([GROUP_CHECK]);
    expect(groupCheck()).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(groupCheck()?.output.summary).toMatch(/accuracy/);
    expect(botComments(gh, pull.number)).toHaveLength(0);
  });

  it("fails, saying why, when the group has no training run: neutral would let it merge", async () => {
    queueGroup("none");

    await scanAndRun();

    expect(groupCheck()).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(groupCheck()?.output.summary).toContain(
      "mlgate restarted and found no training run for this merge group; a group is not merged unreviewed",
    );
    expect(groupCheck()?.output.summary).toContain("`on: merge_group`");
    expect(gh.checksOf(GROUP_HEAD)).toHaveLength(1);
    expect(botComments(gh, pull.number)).toHaveLength(0);
  });

  it("stays open while the group's run is still training", async () => {
    queueGroup("running");

    await scanAndRun();

    expect(groupCheck()).toMatchObject({ status: "in_progress", conclusion: null });
    expect(groupCheck()?.output.title).toBe("train.yml is running");
    expect(gh.checksOf(GROUP_HEAD)).toHaveLength(1);
  });

  it("is left alone while it is as fresh as a live replica's work", async () => {
    queueGroup({ accuracy: 0.905 });
    const check = groupCheck();
    if (check) check.started_at = ago(5);

    const { scan, jobs } = await scanAndRun();

    expect(jobs).toEqual([]);
    expect(scan).toMatchObject({ mergeGroupHeads: 1, stranded: 0 });
    expect(groupCheck()).toMatchObject({ status: "queued" });
  });
});

describe("the merge queue part of the scan", () => {
  it("costs one call in a repository without a merge queue", async () => {
    const { scan } = await scanAndRun();

    expect(gh.count(CALLS.queueRefs)).toBe(1);
    // Only the pull request's head is asked for its checks.
    expect(gh.count(CALLS.findCheck)).toBe(1);
    expect(scan).toMatchObject({ heads: 1, mergeGroupHeads: 0 });
    expect(summaryLine()).toContain("looked at 1 pull request head(s) and 0 merge queue head(s)");
  });

  it.each([
    [404, false],
    [502, true],
  ])(
    "does not keep the pull requests from being scanned when listing the queue answers %i",
    async (status, warned) => {
      // The pull request's own check was left open too.
      gh.seedCheck({
        id: 8101,
        head_sha: pull.headSha,
        status: "in_progress",
        external_id: `mlgate:${pull.number}`,
        started_at: ago(3600),
      });
      gh.fail(CALLS.queueRefs, { kind: "status", status, body: { message: "no" } }, 1);

      const { scan, jobs } = await scanAndRun();

      expect(gh.count(CALLS.queueRefs)).toBe(1);
      expect(jobs.map((j) => j.id)).toEqual(["stranded-check-8101"]);
      expect(payloadOf(jobs[0]).pull_request).toEqual({
        number: pull.number,
      });
      expect(scan).toMatchObject({ repositories: 1, heads: 1, mergeGroupHeads: 0, queued: 1 });
      expect(gh.checks.find((c) => c.id === 8101)).toMatchObject({ conclusion: "success" });
      const warning = lines.some((l) =>
        l.includes("could not look for open checks in a repository's merge queue"),
      );
      expect(warning).toBe(warned);
    },
  );
});
