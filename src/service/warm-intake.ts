import { randomBytes } from "node:crypto";
import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sign } from "@octokit/webhooks-methods";
import { createServiceServer, text } from "./create-service-server.js";
import { createStoredIntake } from "./create-stored-intake.js";
import type { ScratchIntakeStore } from "./open-intake-store.js";

/** What the warm-up did. */
export interface IntakeWarmup {
  /** Deliveries sent. */
  readonly sent: number;
  /** Of those, answered 202 and stored in the scratch store. */
  readonly queued: number;
  readonly ms: number;
}

const PATH = "/warm-up";
/** As GitHub sends them: a burst of deliveries, each on a connection of its own. */
const BURST = 50;
/**
 * How long the whole warm-up may take. It normally takes 0.2–0.5 s; far longer means Redis is
 * down or failing over, and the scratch connection waits for it as the workers' does. The intake
 * then listens without finishing the warm-up rather than staying closed until Redis is back.
 */
export const WARMUP_DEADLINE_MS = 5_000;

/** What a warm-up past its deadline leaves to be stopped. */
interface Run {
  abandoned: boolean;
  server?: Server;
  store?: ScratchIntakeStore;
}

/**
 * Sends `count` signed deliveries through the intake's whole path — a loopback HTTP server,
 * signature, JSON, the store's writes — into a scratch store of the service's kind (SQLite in
 * memory, or a prefix of its own on the service's Redis), before the real port opens. Freshly
 * started code runs several times slower until V8 has compiled it: without this, the first burst
 * after a start (typically the redeliveries of what failed while mlgate was down) is answered at
 * about half the speed of the next. Nothing reaches the real store or the workers.
 *
 * Rejects if the warm-up fails or takes more than `deadlineMs`; either way nothing of it is left
 * running that could hold the caller up: past the deadline its server is closed with every
 * connection and its store's connection dropped.
 */
export async function warmIntake(
  count: number,
  openScratch: () => Promise<ScratchIntakeStore>,
  deadlineMs = WARMUP_DEADLINE_MS,
): Promise<IntakeWarmup> {
  const started = performance.now();
  if (count <= 0) return { sent: 0, queued: 0, ms: 0 };
  const run: Run = { abandoned: false };
  const work = deliver(count, openScratch, run);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), deadlineMs);
  });
  try {
    const queued = await Promise.race([work, deadline]);
    if (queued === "late") {
      abandon(run);
      // What the abandoned work still does ends in failures of its own making: none to report.
      work.catch(() => {});
      throw new Error(`the warm-up took more than ${deadlineMs / 1000} s`);
    }
    return { sent: count, queued, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

function abandon(run: Run): void {
  run.abandoned = true;
  run.server?.close();
  run.server?.closeAllConnections();
  run.store?.destroy();
}

/** The warm-up proper; returns how many deliveries were answered 202. */
async function deliver(
  count: number,
  openScratch: () => Promise<ScratchIntakeStore>,
  run: Run,
): Promise<number> {
  const store = await openScratch();
  if (run.abandoned) {
    // Opened after the deadline: nobody else will close it.
    store.destroy();
    return 0;
  }
  run.store = store;
  const secret = randomBytes(16).toString("hex");
  const ignore = () => {};
  const intake = createStoredIntake(store, {
    secret,
    log: { warn: ignore, error: ignore },
    answered: ignore,
  });
  const server = createServiceServer({
    webhookPath: PATH,
    intake,
    draining: () => false,
    route: async () => text(404, "Not found."),
  });
  run.server = server;
  let queued = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    for (let sent = 0; sent < count && !run.abandoned; sent += BURST) {
      const burst = Array.from({ length: Math.min(BURST, count - sent) }, (_, i) => sent + i);
      const statuses = await Promise.all(
        burst.map(async (i) => {
          const delivery = warmDelivery(i);
          const body = JSON.stringify(delivery.payload);
          return post(port, body, {
            "content-type": "application/json",
            "x-github-event": delivery.name,
            "x-github-delivery": `warm-up-${i}`,
            "x-hub-signature-256": await sign(secret, body),
          });
        }),
      );
      queued += statuses.filter((status) => status === 202).length;
    }
  } finally {
    // Once abandoned, the server is closed and the store's connection dropped already.
    if (!run.abandoned) {
      await close(server);
      await store.close();
    }
  }
  return queued;
}

function post(port: number, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: PATH,
        method: "POST",
        agent: false,
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      },
    );
    req.setTimeout(10_000, () => req.destroy());
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A delivery shaped as GitHub's are, about the size of theirs: the two kinds a pull request sends. */
function warmDelivery(i: number): { name: string; payload: Record<string, unknown> } {
  const sha = i.toString(16).padStart(40, "0");
  const repository = githubRepository(i);
  const pull = {
    url: `${repository.url}/pulls/${i}`,
    id: 1_000_000 + i,
    number: i,
    state: "open",
    title: `Warm-up ${i}`,
    updated_at: new Date(Date.UTC(2020, 0, 1, 0, 0, i)).toISOString(),
    head: { ref: `warm-${i}`, sha, repo: repository },
    base: { ref: "main", sha: "f".repeat(40), repo: repository },
  };
  if (i % 2 === 0) {
    return {
      name: "pull_request",
      payload: { action: "synchronize", number: i, pull_request: pull, repository },
    };
  }
  return {
    name: "workflow_run",
    payload: {
      action: "completed",
      workflow_run: {
        id: 2_000_000 + i,
        name: "train",
        head_branch: pull.head.ref,
        head_sha: sha,
        event: "pull_request",
        status: "completed",
        conclusion: "success",
        pull_requests: [{ number: i, head: { sha, ref: pull.head.ref }, base: { ref: "main" } }],
        repository,
        head_repository: repository,
      },
      repository,
    },
  };
}

/** GitHub's repository object: a few ids and names, and many URLs. */
function githubRepository(i: number): Record<string, unknown> & { url: string } {
  const url = `https://api.github.com/repos/warm-up/model-${i}`;
  const repository: Record<string, unknown> & { url: string } = {
    id: 3_000_000 + i,
    name: `model-${i}`,
    full_name: `warm-up/model-${i}`,
    private: true,
    owner: { login: "warm-up", id: 1, type: "Organization" },
    url,
    default_branch: "main",
  };
  for (const key of URL_KEYS) repository[`${key}_url`] = `${url}/${key}{/number}`;
  return repository;
}

const URL_KEYS = [
  "archive",
  "assignees",
  "blobs",
  "branches",
  "collaborators",
  "comments",
  "commits",
  "compare",
  "contents",
  "contributors",
  "deployments",
  "downloads",
  "events",
  "forks",
  "git_commits",
  "git_refs",
  "git_tags",
  "hooks",
  "issue_comment",
  "issue_events",
  "issues",
  "keys",
  "labels",
  "languages",
  "merges",
  "milestones",
  "notifications",
  "pulls",
  "releases",
  "stargazers",
  "statuses",
  "subscribers",
  "subscription",
  "tags",
  "teams",
  "trees",
];
