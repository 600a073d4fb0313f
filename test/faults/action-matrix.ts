import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { run } from "../../src/action/main.js";
import { DEFAULT_RETRY_POLICY } from "../../src/scm/with-retry.js";
import { parseOutputs, pullRequestPayload, runnerEnv, tempDir } from "../action/helpers.js";
import { FORK_HEAD_SHA, forkWorkflowRunPayload, HEAD_SHA } from "../app/helpers/payloads.js";
import {
  CONFIG,
  endpoint,
  headArtifact,
  LABEL,
  seedFork,
  seedSameRepo,
  step,
} from "./app-matrix.js";
import { CALLS, type CallSpec, FakeGitHub } from "./fake-github.js";
import type { FaultSpec, Step } from "./faults.js";
import { type Observation, observe, plain, type Target } from "./observe.js";

const C = CALLS;
/** The workflow's token, as the runner passes it: it must not reach the log or the summary. */
export const ACTION_TOKEN = "ghs_ActionWorkflowTok3n0002";
/** The API the Action's runs talk to (GitHub Enterprise style). */
const ACTION_API = "https://api.action.test";

export interface ActionScenario {
  readonly name: string;
  readonly target: Target;
  readonly seed: (gh: FakeGitHub) => void;
  /** The step's environment for one run, in a fresh runner folder. */
  readonly env: () => Promise<NodeJS.ProcessEnv>;
  readonly steps: readonly Step[];
}

let workspace: string | undefined;

/** A checkout that is no git repository, with this run's results: the config comes through the API. */
async function resultsWorkspace(): Promise<string> {
  if (workspace) return workspace;
  const dir = await tempDir("mlgate-faults-ws-");
  await mkdir(join(dir, "out/eval"), { recursive: true });
  await writeFile(join(dir, "out/eval/metrics.json"), JSON.stringify({ accuracy: 0.85 }));
  workspace = dir;
  return dir;
}

export const ACTION_SCENARIOS: readonly ActionScenario[] = [
  {
    name: "pull_request from the same repository, labelled by a maintainer",
    target: { headSha: HEAD_SHA, pullNumber: 2, bot: "github-actions[bot]" },
    seed: (gh) => seedSameRepo(gh, { queuedCheck: false }),
    env: async () =>
      runnerEnv({
        event: "pull_request",
        payload: pullRequestPayload({ labels: [LABEL] }),
        workspace: await resultsWorkspace(),
        inputs: { results: "out/eval", token: ACTION_TOKEN },
      }),
    steps: [
      step(C.config, endpoint("contents"), "concluded"),
      step(C.compare, endpoint("compare"), "concluded"),
      step(C.baseRuns, endpoint("actions\\/workflows\\/train\\.yml\\/runs"), "concluded"),
      step(C.ancestors, endpoint("commits\\?sha"), "concluded"),
      step(C.artifacts, endpoint("actions\\/artifacts\\?name"), "concluded"),
      step(C.baseZip, /actions\/artifacts\/22\/zip|of run 900/, "concluded", {
        missing: "published-note",
      }),
      step(C.baseBlob, /run 900/, "published-note", { missing: "published-note" }),
      step(C.pull, /pulls\/2/, "published-note"),
      step(C.runForCommit, /actions\/workflows\/train\.yml\/runs/, "published-note"),
      step(C.events, /issues\/2\/events/, "published-note"),
      step(C.permission, /collaborators\/maintainer\/permission/, "published-note"),
      step(C.checkCreate, /check-runs/, "step-failed", { afterWrite: "concluded" }),
      step(C.comments, /issues\/2\/comments/, "comment-note"),
      step(C.commentCreate, /POST \/repos\/[^ ]+\/issues\/2\/comments/, "comment-note"),
    ],
  },
  {
    name: "workflow_run publishing a fork's run",
    target: { headSha: FORK_HEAD_SHA, pullNumber: 4, bot: "github-actions[bot]" },
    seed: (gh) => {
      seedFork(gh, { queuedCheck: false, config: CONFIG });
      // The Action's comments are github-actions[bot]'s: the older review is the Action's own.
      for (const c of gh.commentsOf(4))
        if (c.login === "mlgate[bot]") c.login = "github-actions[bot]";
    },
    env: async () => {
      const env = await runnerEnv({
        event: "workflow_run",
        payload: forkWorkflowRunPayload(),
        workspace: await tempDir("mlgate-faults-empty-"),
        sha: "c".repeat(40),
        ref: "refs/heads/master",
        inputs: { "fail-on-gate": "false", token: ACTION_TOKEN },
      });
      env.GITHUB_WORKFLOW = "mlgate publish";
      env.GITHUB_WORKFLOW_REF =
        "Codertocat/Hello-World/.github/workflows/publish.yml@refs/heads/master";
      return env;
    },
    steps: [
      step(C.forkPulls, endpoint("pulls\\?head"), "step-failed"),
      step(C.config, endpoint("contents"), "concluded"),
      step(C.artifacts, endpoint("actions\\/artifacts\\?name"), "concluded"),
      step(C.headZip, /actions\/artifacts\/31\/zip|of run 7100/, "concluded"),
      step(C.headBlob, headArtifact, "concluded"),
      step(C.compare, endpoint("compare"), "concluded"),
      step(C.baseRuns, endpoint("actions\\/workflows\\/train\\.yml\\/runs"), "concluded"),
      step(C.baseZip, /actions\/artifacts\/22\/zip|of run 900/, "concluded", {
        missing: "published-note",
      }),
      step(C.baseBlob, /run 900/, "published-note", { missing: "published-note" }),
      step(C.checkCreate, /check-runs/, "step-failed", { afterWrite: "concluded" }),
      step(C.comments, /issues\/4\/comments/, "comment-note"),
      step(C.pull, /pulls\/4/, "comment-note"),
      step(C.commentUpdate, /issues\/comments\/777/, "comment-note"),
    ],
  },
];

/** What one Action run did. */
export interface ActionRun {
  readonly code: number | "threw";
  readonly first: Observation;
  readonly final: Observation;
  readonly crashed: boolean;
  readonly sleeps: readonly number[];
  readonly gh: FakeGitHub;
  /** The step's log and job summary. */
  readonly log: string;
  readonly summary: string;
  readonly outputs: Record<string, string>;
}

/**
 * Runs the Action in-process against a fresh fake GitHub with `fault` planned on `call`; the
 * retry policy's waits are recorded instead of slept.
 */
export async function runActionCase(
  scenario: ActionScenario,
  call: CallSpec | undefined,
  spec: FaultSpec | undefined,
  times: number,
): Promise<ActionRun> {
  // Its own origins, so that it may run while an app case runs against api.github.com.
  const gh = new FakeGitHub({ api: ACTION_API, blob: "https://blob.action.test" });
  scenario.seed(gh);
  if (call && spec) gh.fail(call, spec.fault, times);
  const env = await scenario.env();
  env.GITHUB_API_URL = ACTION_API;
  const sleeps: number[] = [];
  const sleep = DEFAULT_RETRY_POLICY.sleep;
  (DEFAULT_RETRY_POLICY as { sleep: (ms: number) => Promise<void> }).sleep = async (ms) => {
    sleeps.push(ms);
  };
  const restore = gh.install();
  const written: string[] = [];
  let code: number | "threw";
  try {
    code = await run({ env, cwd: env.GITHUB_WORKSPACE, write: (text) => void written.push(text) });
  } catch {
    code = "threw";
  } finally {
    restore();
    (DEFAULT_RETRY_POLICY as { sleep: (ms: number) => Promise<void> }).sleep = sleep;
  }
  const log = written.join("");
  const summary = await readFile(env.GITHUB_STEP_SUMMARY ?? "", "utf8");
  const outputs = parseOutputs(await readFile(env.GITHUB_OUTPUT ?? "", "utf8"));
  const text = `${log}\n${summary}`;
  const first = observe(gh, scenario.target, text, [ACTION_TOKEN]);
  let final = first;
  if (first.outcome === "lost" && code === 1 && /could not review/.test(summary)) {
    // Nothing could be written to the pull request: the step failed, saying why.
    final = { ...first, outcome: "step-failed", reason: plain(summary) };
  }
  const crashed = code === "threw" || /internal error/.test(text);
  return { code, first: final, final, crashed, sleeps, gh, log, summary, outputs };
}
