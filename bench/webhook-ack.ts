/**
 * Webhook acknowledgement under load (the target: < 100 ms p99 under 50 concurrent deliveries,
 * and all 50 reviews concluded, each with its comment). 50 signed `workflow_run.completed`
 * deliveries at once to a real app process against the fake GitHub over HTTP. Prints the
 * acknowledgement p50/p99 as GitHub would see them, how long until all reviews concluded with
 * their comment, the app's peak RSS, and the app's own ack histogram from `/metrics`.
 *
 *   npx tsx bench/webhook-ack.ts [--before DIR] [--rounds N] [--deliveries N]
 *                                [--throttle on|off] [--wait SECONDS] [--redis URL]
 *
 * The app under test: this checkout's `npm start` (build it first: `npm run build`). With
 * `--before DIR`, also a built older checkout, run as it started then (`dist/service/main.js`,
 * or `probot run ./dist/app/index.js` before the service existed), side by side in the same
 * invocation (alternating, `--rounds` times each), and the ratios before/after of the medians. Throttling (Octokit's spacing of writes) is
 * on unless `--throttle off`; the older app cannot turn it off. Reviews are waited for at most
 * `--wait` seconds (default 180), or 60 s after every check concluded without anything changing
 * since (the app from before the service concludes its checks but loses comments it never posts);
 * then the bench prints how many concluded with their comment instead of waiting for good.
 * With `--redis URL` the apps queue on that Redis (BullMQ; a key prefix of their own per run)
 * instead of the embedded SQLite store (the run's keys deleted after it); an app from before the
 * service ignores it.
 *
 * So that the figures are the app's: the fake GitHub runs in a child process of its own (serving
 * artifacts and writes would otherwise stall this process's event loop while it times the
 * answers), bodies and signatures are prepared before the burst, each delivery opens its own
 * connection as GitHub's do, and one signed `ping` first warms the app's HTTP path.
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sign } from "@octokit/webhooks-methods";
import { testPrivateKey } from "../test/app/helpers/test-probot.js";
import { deleteServiceKeys } from "../test/service/backends.js";
import { runCompleted, type SeededPull } from "../test/service/many-pulls.js";
import type { GitHubProgress } from "./webhook-ack-github.js";

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    before: { type: "string" },
    rounds: { type: "string", default: "1" },
    deliveries: { type: "string", default: "50" },
    throttle: { type: "string", default: "on" },
    wait: { type: "string", default: "180" },
    redis: { type: "string" },
  },
});
const count = Number(values.deliveries);
const rounds = Math.max(1, Number(values.rounds));
const waitMs = Number(values.wait) * 1000;
const SECRET = "bench-secret";
/** GitHub stops waiting for an answer after 10 s and records the delivery as failed. */
const GITHUB_GIVES_UP_MS = 10_000;
/** Once every check concluded, how long without any change before giving up on the comments. */
const STALL_MS = 60_000;

interface Ack {
  readonly ms: number;
  /** 0: no answer (connection failed or closed). */
  readonly status: number;
}

interface Result {
  readonly label: string;
  readonly throttleOff: boolean;
  readonly acks: Ack[];
  readonly done: number;
  readonly comments: number;
  readonly conclusions: Record<string, number>;
  /** From the burst to the last review concluded with its comment; undefined if some never did. */
  readonly allMs: number | undefined;
  /** From the burst to the last check concluded (with or without its comment). */
  readonly checksMs: number | undefined;
  readonly waitedMs: number;
  /** Why the wait ended before all reviews concluded with their comment. */
  readonly gaveUp: string | undefined;
  readonly peakMb: number;
  /** This process's own event-loop delay while the answers came in (max, ms). */
  readonly benchLagMs: number;
  /** What the app's `/metrics` says, when it has one. */
  readonly appView: string | undefined;
}

/** A fake GitHub in its own process, seeded with `count` pull requests. */
async function startGitHub(): Promise<{
  host: string;
  pulls: SeededPull[];
  progress: () => Promise<GitHubProgress>;
  stop: () => Promise<void>;
}> {
  // fork() keeps tsx's loader (process.execArgv), so the child runs TypeScript too.
  const child = fork(join(here, "webhook-ack-github.ts"), [String(count)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await new Promise<{ host: string; pulls: SeededPull[] }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { host: string; pulls: SeededPull[] }));
    child.once("exit", (code) => reject(new Error(`the fake GitHub exited (${code})`)));
  });
  return {
    ...ready,
    progress: () =>
      new Promise((resolve) => {
        child.once("message", (m) => resolve(m as GitHubProgress));
        child.send({ kind: "progress" });
      }),
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ kind: "stop" });
      await exited;
    },
  };
}

function post(
  port: number,
  body: Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Ack> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/github/webhooks",
        method: "POST",
        // A connection of its own, as each GitHub delivery has.
        agent: false,
        headers: { ...headers, "content-length": String(body.length) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 }));
        res.on("error", () => resolve({ ms: performance.now() - t0, status: 0 }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on("error", () => resolve({ ms: performance.now() - t0, status: 0 }));
    req.end(body);
  });
}

async function signed(name: string, id: string, payload: unknown) {
  const text = JSON.stringify(payload);
  return {
    body: Buffer.from(text),
    headers: {
      "content-type": "application/json",
      "x-github-event": name,
      "x-github-delivery": id,
      "x-hub-signature-256": await sign(SECRET, text),
    },
  };
}

/** The lines of the app's `/metrics` that say how fast it answered, or undefined. */
async function appView(port: number): Promise<string | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined);
  if (!response?.ok) return undefined;
  const text = await response.text();
  const buckets = [...text.matchAll(/^mlgate_webhook_ack_seconds_bucket\{le="([^"]+)"\} (\d+)/gm)];
  const total = Number(/^mlgate_webhook_ack_seconds_count (\d+)/m.exec(text)?.[1] ?? 0);
  if (buckets.length === 0 || total === 0) return undefined;
  const p99 = buckets.find((b) => Number(b[2]) >= 0.99 * total)?.[1] ?? "+Inf";
  const within = (le: string) => buckets.find((b) => b[1] === le)?.[2] ?? "?";
  return `app's own ack histogram (handler start to answer): ${within("0.01")}/${total} within 10 ms, ${within("0.1")}/${total} within 100 ms, p99 ≤ ${p99} s`;
}

async function runApp(beforeDir: string | undefined): Promise<Result> {
  const github = await startGitHub();
  const data = mkdtempSync(join(tmpdir(), "mlgate-bench-"));
  const port = await freePort();
  const redisPrefix = `mlgate-bench-${port}-${Date.now()}`;
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    APP_ID: "1",
    PRIVATE_KEY: testPrivateKey(),
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: "warn" as const,
    MLGATE_DATA_DIR: data,
    MLGATE_REDELIVER: "false",
    MLGATE_GITHUB_THROTTLE: values.throttle === "off" ? "false" : "true",
    ...(values.redis ? { REDIS_URL: values.redis, MLGATE_REDIS_PREFIX: redisPrefix } : {}),
  };
  const cwd = beforeDir ?? process.cwd();
  // A checkout from before the service ran the app as Probot's server.
  const args = existsSync(join(cwd, "dist/service/main.js"))
    ? ["dist/service/main.js"]
    : [join(cwd, "node_modules/probot/lib/bin/probot.js"), "run", "./dist/app/index.js"];
  const app: ChildProcess = spawn(process.execPath, args, {
    cwd,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise((resolve) => app.once("exit", resolve));
  const peakKb = () => {
    try {
      const status = readFileSync(`/proc/${app.pid}/status`, "utf8");
      return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  try {
    const deliveries = await Promise.all(
      github.pulls.map((pull) =>
        signed("workflow_run", `bench-${pull.number}`, runCompleted(pull)),
      ),
    );
    const ping = await signed("ping", "bench-ping", { zen: "Keep it logically awesome." });
    for (let i = 0; ; i++) {
      const answer = await post(port, ping.body, ping.headers, 5000);
      if (answer.status === 200) break;
      if (i > 600 || app.exitCode !== null) {
        throw new Error(`the app did not start (exit code ${app.exitCode})`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }

    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const started = performance.now();
    const acks = await Promise.all(
      deliveries.map((d) => post(port, d.body, d.headers, waitMs + GITHUB_GIVES_UP_MS)),
    );
    lag.disable();
    const view = await appView(port);

    let progress = await github.progress();
    let allMs: number | undefined;
    let checksMs: number | undefined;
    let gaveUp: string | undefined;
    let peak = peakKb();
    let nextNote = 30;
    let lastChange = performance.now();
    let lastSeen = "";
    for (;;) {
      const now = performance.now();
      if (checksMs === undefined && (progress.conclusions.open ?? 0) === 0)
        checksMs = now - started;
      if (progress.done >= count) {
        allMs = now - started;
        break;
      }
      const seen = JSON.stringify(progress);
      if (seen !== lastSeen) {
        lastSeen = seen;
        lastChange = now;
      }
      if (now - started >= waitMs) {
        gaveUp = `waited ${values.wait} s`;
        break;
      }
      // An app that never posts some comments (the older one lost them) is not waited on for good.
      if (checksMs !== undefined && now - lastChange >= STALL_MS) {
        gaveUp = `every check concluded, then nothing changed for ${STALL_MS / 1000} s`;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
      peak = Math.max(peak, peakKb());
      progress = await github.progress();
      const seconds = Math.floor((performance.now() - started) / 1000);
      if (seconds >= nextNote) {
        nextNote += 30;
        process.stderr.write(
          `  … ${seconds} s: ${progress.done}/${count} concluded with a comment, ${progress.comments} comment(s)\n`,
        );
      }
    }
    const waitedMs = performance.now() - started;
    peak = Math.max(peak, peakKb());
    return {
      label: beforeDir ? `before (${beforeDir})` : "this checkout",
      // Only the service reads MLGATE_GITHUB_THROTTLE.
      throttleOff: values.throttle === "off" && args[0] === "dist/service/main.js",
      acks,
      done: progress.done,
      comments: progress.comments,
      conclusions: progress.conclusions,
      allMs,
      checksMs,
      waitedMs,
      gaveUp,
      peakMb: peak / 1024,
      benchLagMs: lag.max / 1e6,
      appView: view,
    };
  } finally {
    if (app.exitCode === null && app.signalCode === null) app.kill("SIGTERM");
    const killer = setTimeout(() => app.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(killer);
    await github.stop();
    rmSync(data, { recursive: true, force: true });
    // So runs do not pile up jobs and records with no expiry in the user's Redis.
    if (values.redis) await deleteServiceKeys(values.redis, redisPrefix);
  }
}

/**
 * A port nothing listens on now, from the kernel: a random one in a fixed range could be one of
 * the machine's ephemeral ports, in use by a connection (the app then cannot start).
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function percentile(acks: Ack[], p: number): number {
  const sorted = acks.map((a) => a.ms).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function print(r: Result): void {
  const statuses = new Map<number, number>();
  for (const a of r.acks) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
  const late = r.acks.filter((a) => a.ms > GITHUB_GIVES_UP_MS || a.status === 0).length;
  console.log(
    `${r.label}, throttle ${r.throttleOff ? "off" : "on"}, ${count} concurrent deliveries${values.redis ? ", queue on Redis" : ""}`,
  );
  console.log(
    `  ack p50 ${percentile(r.acks, 50).toFixed(1)} ms, p99 ${percentile(r.acks, 99).toFixed(1)} ms, max ${percentile(r.acks, 100).toFixed(1)} ms; HTTP ${[...statuses].map(([s, n]) => `${s || "none"}×${n}`).join(", ")}; ${late} past GitHub's 10 s; load generator's event-loop delay max ${r.benchLagMs.toFixed(1)} ms`,
  );
  if (r.appView) console.log(`  ${r.appView}`);
  const conclusions = Object.entries(r.conclusions)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  console.log(
    r.allMs === undefined
      ? `  reviews concluded with a comment: ${r.done}/${count} after ${(r.waitedMs / 1000).toFixed(1)} s (gave up: ${r.gaveUp}); checks: ${conclusions}; comments: ${r.comments}`
      : `  reviews concluded with a comment: ${r.done}/${count} in ${(r.allMs / 1000).toFixed(1)} s; checks: ${conclusions}; comments: ${r.comments}`,
  );
  const checks =
    r.checksMs === undefined
      ? "not all checks concluded"
      : `all checks concluded in ${(r.checksMs / 1000).toFixed(1)} s`;
  console.log(`  ${checks}; peak RSS ${r.peakMb.toFixed(0)} MB`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const befores: Result[] = [];
const afters: Result[] = [];
for (let round = 0; round < rounds; round++) {
  if (values.before) {
    const r = await runApp(values.before);
    print(r);
    befores.push(r);
  }
  const r = await runApp(undefined);
  print(r);
  afters.push(r);
}
if (befores.length > 0) {
  const ratio = (f: (r: Result) => number) =>
    (median(befores.map(f)) / median(afters.map(f))).toFixed(1);
  const concludeOf = (rs: Result[]) =>
    rs.every((r) => r.allMs !== undefined)
      ? `${(median(rs.map((r) => r.allMs ?? 0)) / 1000).toFixed(1)} s`
      : `not all within ${values.wait} s (median ${median(rs.map((r) => r.done))}/${count} concluded with a comment)`;
  console.log(
    `before/after (medians of ${rounds}): ack p50 ${ratio((r) => percentile(r.acks, 50))}×, p99 ${ratio((r) => percentile(r.acks, 99))}×, peak RSS ${ratio((r) => r.peakMb)}×; all reviews concluded with a comment: before ${concludeOf(befores)}, after ${concludeOf(afters)}`,
  );
}
process.exit(0);
