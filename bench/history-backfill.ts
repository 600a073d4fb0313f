/**
 * The cost of a cold history: the first review of a repository whose base branch has 20
 * successful push runs, each with a 1 GB artifact (a 1 GB model file and a small metrics.json),
 * through the real app (Probot, Octokit) against the fake GitHub API and a real HTTP storage host
 * that counts what it sends. Side by side: the same review against a storage that ignores Range
 * (every artifact downloaded whole, as a tool without Range reads would), over fewer runs because
 * each costs a full gigabyte; its bytes per artifact are scaled to 20 runs and the ratio printed.
 *
 *   npx tsx bench/history-backfill.ts [--runs 20] [--gib 1] [--reference-runs 2]
 *
 * The zip is made in a temporary folder at run time (a stored filler entry) and removed at the end.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { metricsZip } from "../test/app/helpers/commits.js";
import { deliver } from "../test/app/helpers/deliver.js";
import { HEAD_RUN_ID, HEAD_SHA, workflowRunPayload } from "../test/app/helpers/payloads.js";
import { createTestApp } from "../test/app/helpers/test-probot.js";
import { FakeGitHub, REPO } from "../test/faults/fake-github.js";
import { writeZipWithLargeEntry } from "../test/helpers/make-zip.js";
import { serveFile } from "./serve-file.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    gib: { type: "string", default: "1" },
    "reference-runs": { type: "string", default: "2" },
  },
});
const RUNS = Number(values.runs);
const SIZE = Math.round(Number(values.gib) * 1024 ** 3);
const CONFIG = `workflow: train.yml
artifact: eval-results
metrics:
  files: ["metrics.json"]
  gates:
    accuracy: { max_regression: 0.002, significance: history }
`;
/** The config for a history of `runs` runs (a short one judges from what it has). */
const config = (runs: number) =>
  `${CONFIG}history: { runs: ${runs}, min_runs: ${Math.min(8, runs)} }\n`;
const sha = (i: number) => (0xbb00 + i).toString(16).padEnd(40, "0");

interface Measured {
  readonly runs: number;
  readonly api: number;
  readonly redirects: number;
  readonly storageRequests: number;
  readonly bytes: number;
  readonly artifactsRead: number;
  readonly seconds: number;
  readonly recorded: number;
  readonly conclusion: string | null | undefined;
  readonly title: string | undefined;
}

/** One cold first review over `runs` base runs, every artifact served from `zipPath`. */
async function firstReview(zipPath: string, runs: number, honourRange: boolean): Promise<Measured> {
  const storage = await serveFile(zipPath, honourRange);
  const gh = new FakeGitHub({ blob: storage.origin });
  gh.configText = config(runs);
  gh.pulls.set(2, {
    number: 2,
    headSha: HEAD_SHA,
    headRepo: REPO,
    headRef: "changes",
    labels: [],
    author: "Codertocat",
  });
  for (let i = 0; i < runs; i++) {
    gh.runs.push({
      id: 5000 + i,
      number: 100 + i,
      sha: sha(i),
      event: "push",
      branch: "master",
      headRepo: REPO,
      createdAt: new Date(Date.UTC(2024, 3, 1 + i, 10)).toISOString(),
    });
    // The listing's size; the bytes come from the storage host.
    gh.artifacts.push({ id: 7000 + i, runId: 5000 + i, name: "eval-results", zip: SMALL });
  }
  gh.runs.push({
    id: HEAD_RUN_ID,
    number: 200,
    sha: HEAD_SHA,
    event: "pull_request",
    branch: "changes",
    headRepo: REPO,
    createdAt: "2024-05-01T10:00:00Z",
  });
  gh.artifacts.push({ id: HEAD_RUN_ID + 1, runId: HEAD_RUN_ID, name: "eval-results", zip: SMALL });
  gh.history = Array.from({ length: runs }, (_, i) => sha(i)).reverse();

  const restore = gh.install();
  // The storage host is real: its requests leave the in-memory fake for the socket.
  const dispatch = globalThis.fetch;
  const real = restoreFetch;
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    return url.origin === storage.origin ? real(input, init) : dispatch(input, init);
  };
  try {
    const app = await createTestApp();
    const started = performance.now();
    await deliver(app.probot, "workflow_run", workflowRunPayload("completed"));
    const seconds = (performance.now() - started) / 1000;
    const api = gh.requests.filter((r) => r.host === "api");
    const recorded = await app.state.history.runs({
      repository: REPO,
      workflow: "train.yml",
      branch: "master",
    });
    return {
      runs,
      api: api.length,
      redirects: api.filter((r) => /\/actions\/artifacts\/\d+\/zip$/.test(r.url.pathname)).length,
      storageRequests: storage.counted.requests,
      bytes: storage.counted.bytes,
      artifactsRead: new Set(
        api
          .map((r) => r.url.pathname.match(/\/actions\/artifacts\/(\d+)\/zip$/)?.[1])
          .filter(Boolean),
      ).size,
      seconds,
      recorded: recorded.filter((r) => r.values).length,
      conclusion: gh.checksOf(HEAD_SHA).at(-1)?.conclusion,
      title: gh.checksOf(HEAD_SHA).at(-1)?.output.title,
    };
  } finally {
    globalThis.fetch = dispatch;
    restore();
    await storage.close();
  }
}

const SMALL = metricsZip({ accuracy: 0.9 });
const restoreFetch = globalThis.fetch;
const dir = await mkdtemp(join(tmpdir(), "mlgate-history-bench-"));
try {
  const zipPath = join(dir, "artifact.zip");
  const metrics = JSON.stringify({ accuracy: 0.903, eval_loss: 0.3 });
  await writeZipWithLargeEntry(zipPath, "checkpoints/model.safetensors", SIZE, [
    { name: "metrics.json", data: metrics },
  ]);
  const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 3 : 1)} MB`;
  console.log(
    `${RUNS} base runs, each artifact a ${mb(SIZE)} zip with a ${metrics.length}-byte metrics.json`,
  );
  const rows: [string, Measured][] = [
    ["range reads (mlgate)", await firstReview(zipPath, RUNS, true)],
    ["storage ignores Range", await firstReview(zipPath, Number(values["reference-runs"]), false)],
  ];
  console.log(
    [
      "how",
      "base runs",
      "API requests",
      "artifact redirects",
      "storage requests",
      "bytes",
      "bytes per artifact",
      "recorded",
      "check",
      "time",
    ].join(" | "),
  );
  for (const [name, m] of rows) {
    console.log(
      [
        name,
        m.runs,
        m.api,
        m.redirects,
        m.storageRequests,
        mb(m.bytes),
        mb(m.bytes / Math.max(1, m.artifactsRead)),
        m.recorded,
        `${m.conclusion} (${m.title})`,
        `${m.seconds.toFixed(2)} s`,
      ].join(" | "),
    );
  }
  const [range, full] = rows.map(([, m]) => m) as [Measured, Measured];
  // The whole-download cost of the same 20-run review: per artifact, times the artifacts read.
  const fullScaled = (full.bytes / Math.max(1, full.artifactsRead)) * range.artifactsRead;
  console.log(
    `cold first review over ${RUNS} runs: ${mb(range.bytes)} with range reads vs ${mb(fullScaled)} downloading each artifact whole (scaled from ${full.artifactsRead} artifacts): ${(fullScaled / range.bytes).toFixed(0)}× fewer bytes`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
