import pino from "pino";
import { type AppState, createAppState } from "../../src/app/app-state.js";
import { GitHubError } from "../../src/core/errors.js";
import { deliver } from "../app/helpers/deliver.js";
import {
  FORK_HEAD_SHA,
  forkWorkflowRunPayload,
  HEAD_RUN_ID,
  HEAD_SHA,
  pullRequestPayload,
  workflowRunPayload,
} from "../app/helpers/payloads.js";
import { GRANDPARENT, MERGE_BASE, metricsZip, PARENT } from "../app/helpers/setup.js";
import { createTestApp, type TestApp } from "../app/helpers/test-probot.js";
import { CALLS, type CallSpec, FakeGitHub, REPO } from "./fake-github.js";
import type { FaultSpec, Outcome, Step } from "./faults.js";
import { type Observation, observe, type Target } from "./observe.js";

export const LABEL = "mlgate/accept-regression";
const C = CALLS;
const R = REPO.replace("/", "\\/");

/** The config of the same-repository scenarios: a change gate the head fails, and the override label. */
export const CONFIG = `workflow: train.yml
artifact: eval-results
metrics:
  files: ["metrics.json"]
  gates:
    accuracy: { min: 0.8, max_regression: 0.01 }
override:
  label: ${LABEL}
`;

/** The fork scenario: a glob artifact name (so run artifacts are listed) and `paths:`. */
const FORK_CONFIG = `workflow: train.yml
artifact: "eval-*"
paths: ["models/**"]
metrics:
  files: ["metrics.json"]
  gates:
    accuracy: { min: 0.8, max_regression: 0.01 }
`;

const OLDER_REVIEW = `<!-- mlgate:review -->\n### ✅ mlgate: passed\n\n<!-- mlgate:sha=${"1".repeat(40)} -->\n`;
/** Someone pasting mlgate's marker into their own comment: never edited, never counted. */
export const FORGED = `<!-- mlgate:review -->\n### ✅ mlgate: passed (forged)\n<!-- mlgate:sha=${HEAD_SHA} -->`;

/**
 * PR #2 of the same repository: regresses accuracy, labelled by a maintainer after the run
 * started; with the queued check `pull_request.opened` created (in a process since restarted).
 */
export function seedSameRepo(gh: FakeGitHub, options: { queuedCheck?: boolean } = {}): void {
  gh.configText = CONFIG;
  gh.pulls.set(2, {
    number: 2,
    headSha: HEAD_SHA,
    headRepo: REPO,
    headRef: "changes",
    labels: [LABEL],
    author: "Codertocat",
  });
  gh.runs.push(
    {
      id: HEAD_RUN_ID,
      number: 163,
      sha: HEAD_SHA,
      event: "pull_request",
      branch: "changes",
      headRepo: REPO,
      createdAt: "2024-05-01T10:00:00Z",
    },
    {
      id: 900,
      number: 90,
      sha: GRANDPARENT,
      event: "push",
      branch: "master",
      headRepo: REPO,
      createdAt: "2024-04-30T10:00:00Z",
    },
  );
  gh.history = [MERGE_BASE, PARENT, GRANDPARENT];
  gh.artifacts.push(
    { id: 11, runId: HEAD_RUN_ID, name: "eval-results", zip: metricsZip({ accuracy: 0.85 }) },
    { id: 22, runId: 900, name: "eval-results", zip: metricsZip({ accuracy: 0.9 }) },
  );
  gh.labelEvents.set(2, [{ label: LABEL, by: "maintainer", at: "2024-05-01T10:10:00Z" }]);
  gh.permissions.set("maintainer", "write");
  if (options.queuedCheck ?? true) {
    gh.seedCheck({ id: 4000, head_sha: HEAD_SHA, external_id: "mlgate:2" });
  }
  gh.seedComment(2, { id: 100, body: FORGED, login: "mallory", type: "User" });
}

/**
 * PR #4 from a fork: passes; its queued check was created by this process, its comment reviews
 * an older head.
 */
export function seedFork(
  gh: FakeGitHub,
  options: { queuedCheck?: boolean; config?: string } = {},
): void {
  gh.configText = options.config ?? FORK_CONFIG;
  gh.pulls.set(4, {
    number: 4,
    headSha: FORK_HEAD_SHA,
    headRepo: "forker/Hello-World",
    headRef: "patch-1",
    labels: [],
    author: "forker",
  });
  gh.files.set(4, ["models/train.py"]);
  gh.runs.push(
    {
      id: 7100,
      number: 71,
      sha: FORK_HEAD_SHA,
      event: "pull_request",
      branch: "patch-1",
      headRepo: "forker/Hello-World",
      createdAt: "2024-05-01T10:00:00Z",
    },
    {
      id: 900,
      number: 90,
      sha: MERGE_BASE,
      event: "push",
      branch: "master",
      headRepo: REPO,
      createdAt: "2024-04-30T10:00:00Z",
    },
  );
  gh.history = [MERGE_BASE, PARENT];
  gh.artifacts.push(
    { id: 31, runId: 7100, name: "eval-results", zip: metricsZip({ accuracy: 0.93 }) },
    { id: 22, runId: 900, name: "eval-results", zip: metricsZip({ accuracy: 0.9 }) },
  );
  if (options.queuedCheck ?? true) {
    gh.seedCheck({ id: 5000, head_sha: FORK_HEAD_SHA, external_id: "mlgate:4" });
  }
  gh.seedComment(4, { id: 100, body: FORGED, login: "mallory", type: "User" });
  gh.seedComment(4, { id: 777, body: OLDER_REVIEW, login: "mlgate[bot]", type: "Bot" });
}

export interface AppScenario {
  readonly name: string;
  readonly target: Target;
  readonly seed: (gh: FakeGitHub) => void;
  /** Check runs this process remembers (by head SHA), as if it had created them. */
  readonly remembered?: Record<string, number> | undefined;
  readonly event: string;
  readonly payload: () => Record<string, unknown>;
  /** The calls faults are injected on (the scenario makes each of them). */
  readonly steps: readonly Step[];
}

export const endpoint = (rest: string) => new RegExp(`GET \\/repos\\/${R}\\/${rest}`);
export const headArtifact =
  /artifact "eval-[^"]*" of run (30433642|7100)|run (30433642|7100) uploaded no artifact/;

export const step = (
  call: CallSpec,
  what: RegExp,
  down: Outcome,
  more: Partial<Step> = {},
): Step => ({
  call,
  what,
  down,
  retry: call.host === "blob" ? "fresh-url" : "sleep",
  refetch: call === C.headBlob ? C.headZip : call === C.baseBlob ? C.baseZip : undefined,
  ...more,
});

export const APP_SCENARIOS: readonly AppScenario[] = [
  {
    name: "same repository: workflow_run.completed after a restart",
    target: { headSha: HEAD_SHA, pullNumber: 2, bot: "mlgate[bot]" },
    seed: seedSameRepo,
    event: "workflow_run",
    payload: () => workflowRunPayload("completed"),
    steps: [
      step(C.token, /access_tokens|GET \/repos/, "redelivered"),
      step(C.config, endpoint("contents"), "concluded"),
      step(C.artifacts, endpoint("actions\\/artifacts\\?name"), "concluded"),
      step(
        C.headZip,
        /actions\/artifacts\/11\/zip|artifact "eval-results" of run 30433642/,
        "concluded",
      ),
      step(C.headBlob, headArtifact, "concluded"),
      step(C.compare, endpoint("compare"), "concluded"),
      step(C.baseRuns, endpoint("actions\\/workflows\\/train\\.yml\\/runs"), "concluded"),
      step(C.ancestors, endpoint("commits\\?sha"), "concluded"),
      step(C.baseZip, /actions\/artifacts\/22\/zip|of run 900/, "concluded", {
        missing: "published-note",
      }),
      step(C.baseBlob, /run 900/, "published-note", { missing: "published-note" }),
      step(C.pull, endpoint("pulls\\/2"), "concluded"),
      step(C.events, endpoint("issues\\/2\\/events"), "concluded"),
      step(C.permission, endpoint("collaborators\\/maintainer\\/permission"), "concluded"),
      // The queued check of the pull request's opening takes the failure.
      step(C.checkCreate, /POST \/repos\/[^ ]+\/check-runs/, "concluded", {
        afterWrite: "redelivered",
      }),
      step(C.comments, /issues\/2\/comments/, "comment-note"),
      step(C.commentCreate, /POST \/repos\/[^ ]+\/issues\/2\/comments/, "comment-note"),
    ],
  },
  {
    name: "fork: workflow_run.completed with no pull_requests, check remembered, comment of an older head",
    target: { headSha: FORK_HEAD_SHA, pullNumber: 4, bot: "mlgate[bot]" },
    seed: seedFork,
    remembered: { [FORK_HEAD_SHA]: 5000 },
    event: "workflow_run",
    payload: () => forkWorkflowRunPayload(),
    steps: [
      step(C.config, endpoint("contents"), "concluded"),
      step(C.forkPulls, endpoint("pulls\\?head"), "concluded"),
      step(C.files, endpoint("pulls\\/4\\/files"), "concluded"),
      step(C.headRunArtifacts, /actions\/runs\/7100\/artifacts|run 7100/, "concluded"),
      step(C.headZip, /actions\/artifacts\/31\/zip|artifact "eval-\*" of run 7100/, "concluded"),
      step(C.headBlob, headArtifact, "concluded"),
      step(C.compare, endpoint("compare"), "concluded"),
      step(C.baseRuns, endpoint("actions\\/workflows\\/train\\.yml\\/runs"), "concluded"),
      step(C.baseRunArtifacts, /actions\/runs\/900\/artifacts|run #(&#8203;)?90/, "concluded", {
        missing: "published-note",
      }),
      step(C.baseZip, /actions\/artifacts\/22\/zip|of run 900/, "concluded", {
        missing: "published-note",
      }),
      step(C.baseBlob, /run 900/, "published-note", { missing: "published-note" }),
      step(C.checkUpdate, /check-runs\/5000/, "redelivered"),
      step(C.comments, /issues\/4\/comments/, "comment-note"),
      step(C.pull, /pulls\/4/, "comment-note"),
      step(C.commentUpdate, /issues\/comments\/777/, "comment-note"),
    ],
  },
  {
    name: "workflow_run.in_progress: the check found on GitHub after a restart",
    target: { headSha: HEAD_SHA, pullNumber: 2, bot: "mlgate[bot]", inProgress: true },
    seed: seedSameRepo,
    event: "workflow_run",
    payload: () => workflowRunPayload("in_progress"),
    steps: [step(C.findCheck, /commits\/[0-9a-f]{40}\/check-runs/, "concluded")],
  },
  {
    name: "pull_request.labeled by a maintainer: the head's run looked up",
    target: { headSha: HEAD_SHA, pullNumber: 2, bot: "mlgate[bot]" },
    seed: seedSameRepo,
    event: "pull_request",
    payload: () =>
      pullRequestPayload("labeled", { labels: [LABEL], label: LABEL, sender: "maintainer" }),
    steps: [
      step(C.runForCommit, endpoint("actions\\/workflows\\/train\\.yml\\/runs"), "concluded"),
    ],
  },
];

/** What one case of the app matrix did. */
export interface AppRun {
  readonly first: Observation;
  readonly final: Observation;
  readonly rejected: readonly unknown[];
  readonly crashed: boolean;
  readonly sleeps: readonly number[];
  readonly gh: FakeGitHub;
  readonly logs: string;
}

/**
 * One Probot process, reused across cases for speed; each case swaps in a fresh state (empty
 * caches: a restarted process) and a fresh log sink.
 */
export class AppHarness {
  readonly lines: string[] = [];
  #state = createAppState();
  #app: TestApp | undefined;

  /** The process's state as the app sees it: whatever the current case put there. */
  readonly state: AppState = (() => {
    const self = this;
    return {
      get deliveries() {
        return self.#state.deliveries;
      },
      get locks() {
        return self.#state.locks;
      },
      get checks() {
        return self.#state.checks;
      },
      get artifacts() {
        return self.#state.artifacts;
      },
      get baselines() {
        return self.#state.baselines;
      },
      get history() {
        return self.#state.history;
      },
    };
  })();

  async app(options: { timeoutMs?: number | undefined } = {}): Promise<TestApp> {
    this.#app ??= await createTestApp({
      state: this.state,
      log: pino({ level: "trace" }, { write: (line: string) => void this.lines.push(line) }),
      scm: options.timeoutMs ? { timeoutMs: options.timeoutMs } : undefined,
    });
    return this.#app;
  }

  /** A restart: empty caches, no deliveries seen, no check runs remembered. */
  restart(): void {
    this.#state.artifacts.clear();
    this.#state = createAppState();
    this.lines.length = 0;
    if (this.#app) this.#app.sleeps.length = 0;
  }
}

let deliveries = 0;
const shared = new AppHarness();

/**
 * Runs one delivery of a scenario, on a restarted process against a fresh fake GitHub with
 * `fault` planned on `call`. A delivery that fails (every write of the check refused) is
 * delivered again once GitHub is back, as GitHub's "Redeliver" does. The installation-token
 * step gets a new Probot (the token is cached per process).
 */
export async function runAppCase(
  scenario: AppScenario,
  call: CallSpec | undefined,
  spec: FaultSpec | undefined,
  times: number,
  options: { timeoutMs?: number } = {},
): Promise<AppRun> {
  const gh = new FakeGitHub();
  scenario.seed(gh);
  if (call && spec) gh.fail(call, spec.fault, times);
  const fresh = call?.name === C.token.name || options.timeoutMs !== undefined;
  const harness = fresh ? new AppHarness() : shared;
  harness.restart();
  const restore = gh.install();
  try {
    const app = await harness.app(options);
    for (const [sha, id] of Object.entries(scenario.remembered ?? {})) {
      harness.state.checks.set(`${REPO}@${sha}`, { id, completed: false, annotations: "" });
    }
    const id = `fault-${++deliveries}`;
    const rejected: unknown[] = [];
    const receive = async () => {
      try {
        await deliver(app.probot, scenario.event, scenario.payload(), id);
        return true;
      } catch (error) {
        rejected.push(...((error as { errors?: unknown[] }).errors ?? [error]));
        return false;
      }
    };
    const ok = await receive();
    const first = observe(gh, scenario.target, harness.lines.join(""));
    if (!ok) {
      gh.clearFaults();
      await receive();
    }
    const logs = harness.lines.join("");
    const final = observe(gh, scenario.target, logs);
    const crashed =
      rejected.some((e) => !(e instanceof GitHubError)) ||
      gh.checks.some((c) => c.output.title === "mlgate failed");
    return { first, final, rejected, crashed, sleeps: [...app.sleeps], gh, logs };
  } finally {
    restore();
  }
}
