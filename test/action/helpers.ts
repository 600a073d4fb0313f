import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import examples from "@octokit/webhooks-examples";
import { simpleGit } from "simple-git";
import { run } from "../../src/action/main.js";

export const REPO = "Codertocat/Hello-World";
/** The head of pull request #2 in @octokit/webhooks-examples. */
export const HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const RUN_ID = 4242;

export type Json = Record<string, unknown>;

/** The gate most tests use: accuracy at least 0.8 and at most 0.01 below the baseline. */
export const CONFIG = `workflow: train.yml
artifact: eval-results
metrics:
  files: ["metrics.json"]
  gates:
    accuracy: { min: 0.8, max_regression: 0.01 }
`;

/** A real payload from @octokit/webhooks-examples, cloned so a test may change it. */
export function example(name: string, pick: (payload: Json) => boolean): Json {
  const group = (examples as unknown as { name: string; examples: Json[] }[]).find(
    (e) => e.name === name,
  );
  const found = group?.examples.find(pick);
  if (!found) throw new Error(`no ${name} example`);
  return structuredClone(found);
}

/** `pull_request.opened` for PR #2 of Codertocat/Hello-World (base `master`). */
export function pullRequestPayload(
  changes: { headSha?: string; headRepo?: string; labels?: string[] } = {},
): Json {
  const payload = example("pull_request", (p) => p.action === "opened");
  const pr = payload.pull_request as { head: Json & { repo: Json }; labels: Json[] };
  if (changes.headSha) pr.head.sha = changes.headSha;
  if (changes.headRepo) pr.head.repo = { ...pr.head.repo, full_name: changes.headRepo };
  if (changes.labels) pr.labels = changes.labels.map((name, id) => ({ id, name }));
  return payload;
}

/** The pull request object of {@link pullRequestPayload}, as `GET /pulls/2` returns it. */
export function pullRequestData(changes: Parameters<typeof pullRequestPayload>[0] = {}): Json {
  return pullRequestPayload(changes).pull_request as Json;
}

/** A push to `master` of Codertocat/Hello-World. */
export function pushPayload(before: string, after: string): Json {
  const payload = example("push", (p) => p.ref === "refs/heads/master");
  return { ...payload, before, after };
}

/** What one Action run left behind. */
export interface ActionRun {
  readonly code: number;
  readonly log: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  readonly tempDir: string;
}

/** A folder per test, removed by {@link cleanUp}. */
const made: string[] = [];

export async function tempDir(prefix = "mlgate-action-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function cleanUp(): Promise<void> {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
}

/** Writes `files` (path → content) under `root`. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/**
 * The variables a runner sets for a step, for an event and a workspace. `inputs` are the
 * step's `with:` (names as in action.yml); the payload goes to a file, as on a runner.
 */
export async function runnerEnv(options: {
  event: string;
  payload: Json;
  workspace: string;
  inputs: Record<string, string>;
  sha?: string;
  ref?: string;
}): Promise<NodeJS.ProcessEnv> {
  const runner = await tempDir("mlgate-runner-");
  const eventPath = join(runner, "event.json");
  await writeFile(eventPath, JSON.stringify(options.payload));
  await writeFile(join(runner, "output"), "");
  await writeFile(join(runner, "summary.md"), "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: REPO,
    GITHUB_REPOSITORY_OWNER: REPO.split("/")[0],
    GITHUB_SHA: options.sha ?? HEAD_SHA,
    GITHUB_REF: options.ref ?? "refs/pull/2/merge",
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_API_URL: "https://api.github.com",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: String(RUN_ID),
    GITHUB_RUN_NUMBER: "17",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_WORKFLOW: "train",
    GITHUB_WORKFLOW_REF: `${REPO}/.github/workflows/train.yml@${options.ref ?? "refs/pull/2/merge"}`,
    GITHUB_ACTION_REPOSITORY: "acme/mlgate",
    GITHUB_ACTION_REF: "v1",
    GITHUB_OUTPUT: join(runner, "output"),
    GITHUB_STEP_SUMMARY: join(runner, "summary.md"),
    RUNNER_TEMP: join(runner, "temp"),
  };
  // Defaults from action.yml, which the runner passes as inputs when a workflow leaves them out.
  const inputs = {
    config: ".github/mlgate.yml",
    token: "ghs_workflow_token",
    baseline: "artifacts",
    comment: "true",
    check: "true",
    "fail-on-gate": "true",
    "dry-run": "false",
    ...options.inputs,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

/** Runs the Action's `run()` in-process with a runner's variables. */
export async function runAction(env: NodeJS.ProcessEnv): Promise<ActionRun> {
  let log = "";
  const write = (text: string) => {
    log += text;
  };
  const code = await run({ env, cwd: env.GITHUB_WORKSPACE, write });
  return collect(env, code, log);
}

/** Reads what a run wrote to the runner's files. */
export async function collect(
  env: NodeJS.ProcessEnv,
  code: number,
  log: string,
): Promise<ActionRun> {
  return {
    code,
    log,
    outputs: parseOutputs(await readFile(env.GITHUB_OUTPUT ?? "", "utf8")),
    summary: await readFile(env.GITHUB_STEP_SUMMARY ?? "", "utf8"),
    tempDir: env.RUNNER_TEMP ?? "",
  };
}

/** The runner's `GITHUB_OUTPUT` format: `name<<DELIMITER`, value lines, `DELIMITER`. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = lines[i]?.match(/^([^<]+)<<(.+)$/);
    if (!match) continue;
    const [, name = "", delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
    outputs[name] = value.join("\n");
  }
  return outputs;
}

/**
 * A repository as `actions/checkout` with `fetch-depth: 0` leaves it: `master` with the config
 * and committed results, a pull request branch on top, `origin/master` as the remote-tracking
 * ref, and the pull request's head checked out.
 */
export async function pullRequestRepo(files: {
  base: Record<string, string>;
  head: Record<string, string>;
}): Promise<{ dir: string; baseSha: string; headSha: string }> {
  const dir = await tempDir("mlgate-repo-");
  const git = simpleGit(dir);
  await git.init(["--initial-branch=master"]);
  await git.addConfig("user.name", "Test");
  await git.addConfig("user.email", "test@example.com");
  await git.addConfig("commit.gpgsign", "false");
  await writeFiles(dir, files.base);
  await git.add(".");
  await git.commit("base");
  const baseSha = (await git.revparse(["HEAD"])).trim();
  await git.checkoutLocalBranch("changes");
  await writeFiles(dir, files.head);
  await git.add(".");
  await git.commit("head");
  const headSha = (await git.revparse(["HEAD"])).trim();
  await git.raw(["update-ref", "refs/remotes/origin/master", baseSha]);
  return { dir, baseSha, headSha };
}
