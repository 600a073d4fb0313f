/**
 * The webhook intake's thread: the service's HTTP server, on an event loop of its own, so a
 * delivery is verified, stored and answered in milliseconds however busy the workers' loop is
 * with reviews (unzipping, parsing, rendering). Other routes are answered by the service's main
 * thread through messages. Started by `startIntakeThread`.
 */
import { readlinkSync } from "node:fs";
import { basename } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { createServiceServer, type RouteAnswer, text } from "./create-service-server.js";
import { createStoredIntake } from "./create-stored-intake.js";
import type { IntakeCommand, IntakeEvent, IntakeThreadData } from "./intake-messages.js";
import { openIntakeStore, openScratchIntakeStore } from "./open-intake-store.js";
import { sweepWarmUpKeys } from "./sweep-warm-up-keys.js";
import { warmIntake } from "./warm-intake.js";
import type { IntakeLog } from "./webhook-intake.js";

const port = parentPort;
if (!port) throw new Error("intake-thread runs as a worker thread");
const { config, sweepAfterMs = 60_000, routeTimeoutMs = 10_000 } = workerData as IntakeThreadData;
const tell = (event: IntakeEvent) => port.postMessage(event);

const log: IntakeLog = {
  warn: (fields, message) => sendLog("warn", fields, message),
  error: (fields, message) => sendLog("error", fields, message),
};
function sendLog(level: "warn" | "error", fields: Record<string, unknown>, message: string) {
  try {
    tell({ kind: "log", level, fields, message });
  } catch {
    // A field that cannot cross threads: the line without its fields.
    tell({ kind: "log", level, fields: {}, message });
  }
}

const routes = new Map<number, (answer: RouteAnswer) => void>();
let nextRoute = 0;
let draining = false;

try {
  const store = await openIntakeStore(config, (message) => log.warn({}, message));
  // Before the real port opens: the first deliveries then meet compiled code.
  // Only an optimisation: whatever goes wrong with it (no loopback, Redis down past its
  // deadline), the intake serves.
  let scratchPrefix: string | undefined;
  const warmup = await warmIntake(config.intakeWarmup, async () => {
    const scratch = await openScratchIntakeStore(config);
    scratchPrefix = scratch.prefix;
    return scratch;
  }).catch((error: unknown) => {
    log.warn({ err: error }, "mlgate: the intake could not warm up; serving anyway");
    return { sent: 0, queued: 0, ms: 0 };
  });
  if (warmup.queued < warmup.sent) {
    log.warn(
      { sent: warmup.sent, queued: warmup.queued },
      "mlgate: the intake's warm-up deliveries were not all taken; serving anyway",
    );
  }
  const intake = createStoredIntake(store, {
    secret: config.webhookSecret,
    log,
    // One message per delivery: `queued` also tells the workers to look for the job.
    answered: (result, seconds) => tell({ kind: "answered", result, seconds }),
  });
  const server = createServiceServer({
    webhookPath: config.webhookPath,
    intake,
    draining: () => draining,
    route: (method, path) =>
      new Promise((resolve) => {
        const id = nextRoute++;
        // A store that never answers (Redis reconnecting) or a blocked workers' thread must not
        // hold the probe's connection, nor this entry, for good.
        const timer = setTimeout(() => {
          routes.delete(id);
          resolve(text(503, `The service did not answer within ${routeTimeoutMs / 1000} s.`));
        }, routeTimeoutMs);
        routes.set(id, (answer) => {
          clearTimeout(timer);
          resolve(answer);
        });
        tell({ kind: "route", id, method, path });
      }),
  });
  port.on("message", (command: IntakeCommand) => {
    if (command.kind === "route") {
      routes.get(command.id)?.(command.answer);
      routes.delete(command.id);
    } else if (command.kind === "drain") {
      draining = true;
      server.close();
      server.closeIdleConnections();
      tell({ kind: "drained" });
    } else if (command.kind === "close") {
      server.close();
      server.closeAllConnections();
      void store.close().finally(() => process.exit(0));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Listening: a connection it could not accept (out of file descriptors) is reported, and the
  // server goes on listening, rather than the error ending the thread.
  let reportedAt = Number.NEGATIVE_INFINITY;
  server.on("error", (error) => {
    if (Date.now() - reportedAt < 30_000) return;
    reportedAt = Date.now();
    log.error({ err: error }, "mlgate: the webhook server could not take a connection");
  });
  const address = server.address();
  tell({
    kind: "listening",
    port: typeof address === "object" && address ? address.port : config.port,
    warmupMs: warmup.ms,
    threadId: kernelThreadId(),
  });
  const { redisUrl } = config;
  if (redisUrl) {
    // Well after listening: finding the warm-up's keys walks the whole keyspace, and the first
    // seconds after a start are when redeliveries arrive in a burst. Also on every start with
    // the warm-up off, for what a process killed mid-warm-up left; a stop before it runs leaves
    // the keys to a later start's sweep.
    setTimeout(() => {
      sweepWarmUpKeys(redisUrl, config.redisPrefix, { own: scratchPrefix }).catch(
        (error: unknown) => {
          log.warn(
            { err: error },
            "mlgate: the intake's warm-up keys could not be deleted from Redis",
          );
        },
      );
    }, sweepAfterMs).unref();
  }
} catch (error) {
  tell({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

/** This thread's id as the kernel knows it (Linux), or undefined. */
function kernelThreadId(): number | undefined {
  try {
    const tid = Number(basename(readlinkSync("/proc/thread-self")));
    return Number.isInteger(tid) ? tid : undefined;
  } catch {
    return undefined;
  }
}
