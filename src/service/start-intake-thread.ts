import { readdirSync, readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { basename } from "node:path";
import { Worker } from "node:worker_threads";
import type { Logger } from "probot";
import { type RouteAnswer, text } from "./create-service-server.js";
import type { IntakeCommand, IntakeEvent, IntakeThreadData } from "./intake-messages.js";
import type { ServiceConfig } from "./service-config.js";
import type { ServiceMetrics } from "./service-metrics.js";

/** What the intake thread needs from the service. */
export interface IntakeThreadOptions {
  readonly config: ServiceConfig;
  readonly log: Logger;
  readonly metrics: ServiceMetrics;
  /** A delivery was stored: the workers may take it now. */
  readonly queued: () => void;
  /** A delivery was answered 503: the store did not take it. */
  readonly refused?: (() => void) | undefined;
  /** Answers the routes other than the webhook's (health, readiness, metrics). */
  readonly route: (method: string, path: string) => Promise<RouteAnswer>;
  /** How long after listening the warm-up's Redis keys are swept (tests: at once). */
  readonly warmUpSweepAfterMs?: number | undefined;
  /** How long a health, readiness or metrics answer may take (default 10 s; tests: less). */
  readonly routeTimeoutMs?: number | undefined;
}

/** The running intake thread. */
export interface IntakeThread {
  readonly port: number;
  /** Stops taking connections; deliveries on connections still open are answered 503. */
  drain(): Promise<void>;
  /** Closes the remaining connections and the thread's store connection, and ends the thread. */
  close(): Promise<void>;
}

/**
 * How much lower the rest of the process (the workers' thread running reviews, the libuv pool
 * they read and unzip on, V8's compiler and GC helpers) is scheduled than the intake thread once
 * it listens. A nice value is per thread on Linux: when the CPU is short, the kernel runs the
 * intake first, and reviews take what is left. Elsewhere it would be the whole process's, so it is
 * left alone.
 */
const WORKERS_NICE = 10;

/**
 * Starts the HTTP server and webhook intake on a thread of its own (see intake-thread.ts) and
 * resolves once it listens, the calling thread then yielding to it (see {@link WORKERS_NICE}).
 * A thread that ends unexpectedly stops the service (SIGTERM to this process, so running reviews
 * drain): a service that cannot hear GitHub should be restarted.
 */
export function startIntakeThread(options: IntakeThreadOptions): Promise<IntakeThread> {
  const { config, log, metrics } = options;
  const data: IntakeThreadData = {
    config: {
      webhookSecret: config.webhookSecret,
      port: config.port,
      host: config.host,
      webhookPath: config.webhookPath,
      dataDir: config.dataDir,
      redisUrl: config.redisUrl,
      redisPrefix: config.redisPrefix,
      intakeWarmup: config.intakeWarmup,
    },
    sweepAfterMs: options.warmUpSweepAfterMs,
    routeTimeoutMs: options.routeTimeoutMs,
  };
  const worker = spawnThread(data);
  const command = (message: IntakeCommand) => worker.postMessage(message);
  let closing = false;
  let drained: (() => void) | undefined;
  let gone = false;
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      // A drain waiting on a thread that ended would wait for good, and so would the stop.
      gone = true;
      drained?.();
      resolve();
    }),
  );

  return new Promise((resolve, reject) => {
    let started = false;
    worker.on("message", (event: IntakeEvent) => {
      switch (event.kind) {
        case "answered":
          if (event.result === "queued") options.queued();
          else if (event.result === "unavailable") options.refused?.();
          metrics.deliveries.inc({ result: event.result });
          metrics.ackSeconds.observe(event.seconds);
          return;
        case "log":
          log[event.level](event.fields, event.message);
          return;
        case "route":
          void options
            .route(event.method, event.path)
            .catch((): RouteAnswer => text(500, "Internal error."))
            .then((answer) => {
              if (!closing) command({ kind: "route", id: event.id, answer });
            });
          return;
        case "drained":
          drained?.();
          return;
        case "failed":
          reject(new Error(event.message));
          return;
        case "listening":
          started = true;
          log.debug(`mlgate: the intake warmed up in ${Math.round(event.warmupMs)} ms`);
          yieldToIntake(log, event.threadId);
          resolve({
            port: event.port,
            drain: () =>
              new Promise<void>((done) => {
                if (gone) return done();
                drained = done;
                command({ kind: "drain" });
              }),
            close: async () => {
              closing = true;
              command({ kind: "close" });
              await exited;
            },
          });
          return;
      }
    });
    worker.on("error", (error) => {
      log.error({ err: error }, "mlgate: the webhook intake failed");
    });
    worker.once("exit", (code) => {
      if (!started) {
        reject(new Error(`the webhook intake could not start (exit ${code})`));
      } else if (!closing) {
        log.error(`mlgate: the webhook intake stopped (exit ${code}); stopping the service`);
        process.kill(process.pid, "SIGTERM");
      }
    });
  });
}

function yieldToIntake(log: Logger, intakeThreadId: number | undefined): void {
  if (process.platform !== "linux") return;
  try {
    // 0: the calling thread only (Linux). Threads it starts later inherit the value.
    setPriority(0, Math.min(19, getPriority(0) + WORKERS_NICE));
  } catch (error) {
    log.debug({ err: error }, "mlgate: could not lower the workers' scheduling priority");
    return;
  }
  if (intakeThreadId === undefined) return;
  // Threads started before this one was lowered: V8's helpers and the libuv pool.
  const own = ownThreadId();
  for (const entry of safeList("/proc/self/task")) {
    const tid = Number(entry);
    if (!Number.isInteger(tid) || tid === intakeThreadId || tid === own) continue;
    try {
      setPriority(tid, Math.min(19, Math.max(getPriority(tid), getPriority(0))));
    } catch {
      // The thread ended meanwhile.
    }
  }
}

/** The calling thread's kernel id (lowered already), or undefined. */
function ownThreadId(): number | undefined {
  try {
    return Number(basename(readlinkSync("/proc/thread-self")));
  } catch {
    return undefined;
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function spawnThread(data: IntakeThreadData): Worker {
  if (!import.meta.url.endsWith(".ts")) {
    return new Worker(new URL("./intake-thread.js", import.meta.url), { workerData: data });
  }
  // From the TypeScript sources (the tests run the app through tsx): Node 20's worker threads do
  // not inherit `--import` loaders, so the thread registers tsx before loading its module.
  const entry = new URL("./intake-thread.ts", import.meta.url).href;
  return new Worker(
    `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true, workerData: data },
  );
}
