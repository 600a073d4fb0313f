import { readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { getPriority } from "node:os";
import { join } from "node:path";
import { sign } from "@octokit/webhooks-methods";
import Database from "better-sqlite3";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmbeddedBackend } from "../../src/service/open-embedded-backend.js";
import type { ServiceBackend } from "../../src/service/service-backend.js";
import { readServiceConfig } from "../../src/service/service-config.js";
import { createServiceMetrics, type ServiceMetrics } from "../../src/service/service-metrics.js";
import { type IntakeThread, startIntakeThread } from "../../src/service/start-intake-thread.js";
import { warmUpPrefix } from "../../src/service/sweep-warm-up-keys.js";
import { until } from "./app-process.js";
import { REDIS_URL, redisPrefix, tempDataDir } from "./backends.js";

const SECRET = "intake-thread-secret";

let data: ReturnType<typeof tempDataDir>;
let backend: ServiceBackend;
let metrics: ServiceMetrics;
let intake: IntakeThread;
let queued = 0;
let niceBefore = 0;

beforeAll(async () => {
  data = tempDataDir();
  backend = openEmbeddedBackend(data.dir);
  metrics = createServiceMetrics(() => backend.queue.depth());
  niceBefore = getPriority(0);
  intake = await startIntakeThread({
    config: readServiceConfig({
      WEBHOOK_SECRET: SECRET,
      PORT: "0",
      HOST: "127.0.0.1",
      MLGATE_DATA_DIR: data.dir,
    }),
    log: pino({ level: "silent" }),
    metrics,
    queued: () => queued++,
    route: (_method, path) =>
      // A readiness check on a store that never answers.
      path === "/hangs"
        ? new Promise(() => {})
        : Promise.resolve({
            status: path === "/healthz" ? 200 : 404,
            contentType: "text/plain",
            body: path,
          }),
    // Long enough for this (lowered, maybe loaded) thread's own answers; short for a test.
    routeTimeoutMs: 2000,
  });
}, 30_000);
afterAll(async () => {
  await intake?.close();
  await backend?.close();
  data?.remove();
});

/** Sends a signed delivery over a raw socket; resolves once the bytes are with the kernel. */
async function send(id: string, payload: unknown): Promise<{ answer: () => Promise<string> }> {
  const body = JSON.stringify(payload);
  const request = [
    "POST /api/github/webhooks HTTP/1.1",
    "host: 127.0.0.1",
    "content-type: application/json",
    "x-github-event: pull_request",
    `x-github-delivery: ${id}`,
    `x-hub-signature-256: ${await sign(SECRET, body)}`,
    `content-length: ${Buffer.byteLength(body)}`,
    "connection: close",
    "",
    body,
  ].join("\r\n");
  const socket = connect(intake.port, "127.0.0.1");
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<string>((resolve) =>
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("utf8"))),
  );
  await new Promise<void>((resolve) => socket.write(request, () => resolve()));
  return { answer: () => ended };
}

describe("the webhook intake's own thread", () => {
  it("stores and answers a delivery while the workers' thread is busy", async () => {
    const sent = await send("busy-main", {
      action: "opened",
      repository: { full_name: "octo/repo" },
      pull_request: { number: 7, head: { sha: "a".repeat(40) } },
    });
    // Hold this thread (where the workers run) without yielding to its event loop, looking at the
    // store through a connection of its own: the job lands meanwhile.
    const db = new Database(join(data.dir, "mlgate.db"), { readonly: true });
    const pause = new Int32Array(new SharedArrayBuffer(4));
    let stored: unknown;
    for (let i = 0; i < 400 && !stored; i++) {
      Atomics.wait(pause, 0, 0, 25);
      stored = db.prepare("SELECT state FROM jobs WHERE id = 'busy-main'").get();
    }
    // The start-up warm-up's deliveries went to a scratch store, not this one.
    const jobs = db.prepare("SELECT count(*) AS n FROM jobs").get();
    db.close();
    expect(stored).toEqual({ state: "waiting" });
    expect(jobs).toEqual({ n: 1 });
    expect(await sent.answer()).toMatch(/^HTTP\/1\.1 202 /);
    await until(() => queued === 1, "the workers to be told");
    const text = await metrics.registry.metrics();
    expect(text).toContain('mlgate_webhook_deliveries_total{result="queued"} 1');
    expect(text).toContain("mlgate_webhook_ack_seconds_count 1");
  });

  it.runIf(process.platform === "linux")(
    "gets the CPU first: the workers' thread then runs at a lower priority",
    () => {
      expect(getPriority(0)).toBe(Math.min(19, niceBefore + 10));
      // And so do the threads started before it (V8's helpers, the libuv pool): only the intake
      // thread keeps the process's priority.
      const nice = readdirSync("/proc/self/task").map((tid) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
      });
      expect(nice.filter((n) => n === niceBefore)).toHaveLength(1);
      expect(nice.filter((n) => n < Math.min(19, niceBefore + 10))).toHaveLength(1);
    },
  );

  it("refuses a bad signature and passes other routes to the service", async () => {
    const bad = await fetch(`http://127.0.0.1:${intake.port}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "x-github-event": "pull_request",
        "x-github-delivery": "bad",
        "x-hub-signature-256": "sha256=00",
      },
      body: "{}",
    });
    expect(bad.status).toBe(401);
    const health = await fetch(`http://127.0.0.1:${intake.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("/healthz");
  });
});

describe("the webhook intake's thread on Redis", () => {
  it("answers 503 for a route the workers do not answer in time, and goes on answering", async () => {
    const hung = await fetch(`http://127.0.0.1:${intake.port}/hangs`);
    expect(hung.status).toBe(503);
    expect(await hung.text()).toContain("did not answer within 2 s");
    const health = await fetch(`http://127.0.0.1:${intake.port}/healthz`);
    expect(health.status).toBe(200);
  });

  it("listens, then deletes its warm-up's keys and those a killed warm-up left", async () => {
    const { prefix, clear } = redisPrefix();
    const redis = new Redis(REDIS_URL);
    // A process killed mid-warm-up an hour ago left this; `${prefix}:…` is the service's own.
    const leftover = `${warmUpPrefix(prefix, Date.now() - 60 * 60_000)}:bull:deliveries:1`;
    const own = `${prefix}:rec:x`;
    await redis.set(leftover, "1");
    await redis.set(own, "1");
    const lines: string[] = [];
    let thread: IntakeThread | undefined;
    try {
      thread = await startIntakeThread({
        config: readServiceConfig({
          WEBHOOK_SECRET: SECRET,
          PORT: "0",
          HOST: "127.0.0.1",
          MLGATE_DATA_DIR: data.dir,
          REDIS_URL,
          MLGATE_REDIS_PREFIX: prefix,
          MLGATE_INTAKE_WARMUP: "20",
        }),
        log: pino({ level: "warn" }, { write: (line: string) => lines.push(line) }),
        metrics,
        queued: () => {},
        route: async () => ({ status: 404, contentType: "text/plain", body: "" }),
        warmUpSweepAfterMs: 0,
      });
      const warmUpKeys = () => redis.keys(`${prefix}-warm-up-*`);
      for (let i = 0; i < 200 && (await warmUpKeys()).length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await warmUpKeys()).toEqual([]);
      expect(await redis.get(own)).toBe("1");
      // Neither the warm-up nor the sweep failed.
      expect(lines).toEqual([]);
    } finally {
      await thread?.close();
      await redis.del(leftover);
      redis.disconnect();
      await clear();
    }
  });
});
