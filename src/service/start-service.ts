import pino from "pino";
import { type Logger, Probot, ProbotOctokit } from "probot";
import { createApp } from "../app/app.js";
import { createAppState } from "../app/app-state.js";
import { answerServiceRoute } from "./answer-service-route.js";
import { type ArtifactSpool, prepareArtifactSpool } from "./artifact-spool.js";
import { createJobHandler } from "./create-job-handler.js";
import { githubMetricsPlugin } from "./github-metrics-plugin.js";
import { guardStoreErrors } from "./guard-store-errors.js";
import { jobLogFields, jobScope } from "./job-scope.js";
import { openEmbeddedBackend } from "./open-embedded-backend.js";
import { openRedisBackend } from "./open-redis-backend.js";
import { watchForOutages } from "./outage-recovery.js";
import type { AppCredentials } from "./read-app-credentials.js";
import { redeliverFailedDeliveries, SERVICE } from "./redeliver-failed-deliveries.js";
import { redriveStrandedChecks } from "./redrive-stranded-checks.js";
import { redriveStrandedJobs } from "./redrive-stranded-jobs.js";
import type { ServiceBackend } from "./service-backend.js";
import type { ServiceConfig } from "./service-config.js";
import { createServiceMetrics } from "./service-metrics.js";
import { startIntakeThread } from "./start-intake-thread.js";
import { storedCheckMemos } from "./stored-check-memos.js";
import { timedFetch } from "./timed-fetch.js";

/** The record replicas sharing Redis take to look for stranded checks one at a time. */
const STRANDED_SCAN = "stranded-check-scan";
/** Written to see whether the store takes writes again after refusing deliveries. */
const STORE_PROBE = "store-probe";

/** A running service. */
export interface RunningService {
  /** The port the HTTP server listens on. */
  readonly port: number;
  readonly backend: ServiceBackend;
  readonly log: Logger;
  /** Stops intake, waits up to the grace period for running jobs, closes the store. */
  stop(): Promise<void>;
}

/**
 * Starts mlgate as a service: the job store (embedded, or BullMQ on Redis), the workers running
 * the app's handlers, and the HTTP server (on a thread of its own) whose webhook path only
 * verifies, dedupes and queues.
 */
export async function startService(
  config: ServiceConfig,
  credentials: AppCredentials,
  options: { readonly log?: Logger | undefined } = {},
): Promise<RunningService> {
  const startedAt = Date.now();
  const log =
    options.log ??
    pino({
      level: process.env.LOG_LEVEL?.trim() || "info",
      base: { name: "mlgate" },
      mixin: jobLogFields,
    });
  let spool: ArtifactSpool | undefined;
  let backend: ServiceBackend | undefined;
  try {
    spool = prepareArtifactSpool(config.dataDir);
    if (spool.swept > 0)
      log.info(`mlgate: removed ${spool.swept} spool folder(s) left by stopped processes`);
    backend = config.redisUrl
      ? await openRedisBackend(config.redisUrl, config.redisPrefix, {
          lockMs: config.jobLockMs,
          warn: (message) => log.warn(message),
        })
      : openEmbeddedBackend(config.dataDir, {
          onStoreError: (error) => {
            if (error === undefined) log.info("mlgate: the job queue uses its store again");
            else log.warn({ err: error }, "mlgate: the job queue cannot use its store; retrying");
          },
          onDamagedJob: (id) =>
            log.error(
              { delivery: id },
              "mlgate: a queued delivery was damaged in the store and was dropped; a check it left open waits for the next start's stranded-check scan or a re-run",
            ),
        });
  } catch (error) {
    spool?.remove();
    throw error;
  }
  const { queue } = backend;
  const records = guardStoreErrors(backend.records);
  if (backend.resumed > 0)
    log.info(`mlgate: resuming ${backend.resumed} job(s) a stopped process left running`);

  const metrics = createServiceMetrics(() => queue.depth());
  const Octokit = ProbotOctokit.plugin(githubMetricsPlugin(metrics)).defaults(
    (defaults: Record<string, unknown>) => ({
      ...defaults,
      request: {
        ...(defaults.request as object | undefined),
        fetch: timedFetch(config.githubTimeoutMs),
      },
      throttle: { ...(defaults.throttle as object | undefined), enabled: config.throttle },
      // Retries are the review's (bounded, counted) and then the queue's. Octokit's own would
      // retry what the review does not see, the installation token above all, for minutes.
      retry: { ...(defaults.retry as object | undefined), enabled: false },
    }),
  );
  const probot = new Probot({
    appId: credentials.appId,
    privateKey: credentials.privateKey,
    secret: config.webhookSecret,
    ...(credentials.baseUrl ? { baseUrl: credentials.baseUrl } : {}),
    log,
    Octokit,
  });
  await probot.load(
    createApp({
      // The history of base branches lives in the same durable store (SQLite or Redis).
      state: createAppState({ locks: backend.locks, checks: storedCheckMemos(records), records }),
      canRetry: () => jobScope.getStore()?.canRetry ?? false,
      scm: {
        // The timeout is the fetch's, counted from when the request leaves the throttle queue.
        timeoutMs: 0,
        // Longer waits go back to the queue instead of holding a worker.
        retry: { maxWaitSeconds: 10 },
      },
    }),
  );

  queue.start(
    createJobHandler({ probot, records, metrics, log, maxAttempts: config.maxAttempts }),
    config.concurrency,
  );
  const redrive = () =>
    redriveStrandedJobs({ records, queue, log }).catch((error: unknown) => {
      log.warn({ err: error }, "mlgate: could not re-drive stranded reviews");
    });
  void redrive();
  // Now and then too: an outage can end while the process keeps running.
  const redriveTimer = setInterval(redrive, 15 * 60_000);
  redriveTimer.unref();

  // Deliveries refused while the store was away: GitHub is asked for them once it takes writes.
  const outages = watchForOutages({
    probe: () => records.put(SERVICE, STORE_PROBE, new Date().toISOString()),
    recovered: async (since) => {
      log.warn(
        `mlgate: the job store takes writes again; looking for deliveries refused since ${new Date(since).toISOString()}`,
      );
      if (!config.redeliver) return;
      await redeliverFailedDeliveries({ probot, records, log, since }).catch((error: unknown) => {
        log.warn({ err: error }, "mlgate: could not ask GitHub to redeliver refused deliveries");
      });
    },
  });

  let draining = false;
  let credentialsChecked = 0;
  const intake = await startIntakeThread({
    config,
    log,
    metrics,
    queued: () => queue.notify(),
    refused: () => outages.refused(),
    route: (method, path) =>
      answerServiceRoute(
        {
          metrics,
          draining: () => draining,
          notReady: async () => {
            await queue.ping();
            if (Date.now() - credentialsChecked > 60_000) {
              const octokit = await probot.auth();
              await octokit.request("GET /app");
              credentialsChecked = Date.now();
            }
            return undefined;
          },
        },
        method,
        path,
      ),
  });
  log.info(
    `mlgate: Listening on http://${config.host}:${intake.port}${config.webhookPath} (${backend.kind} queue, ${config.concurrency} worker(s))`,
  );

  // In the background: GitHub is answered meanwhile, and a failure here is only logged.
  const redelivered = config.redeliver
    ? redeliverFailedDeliveries({ probot, records, log }).catch((error: unknown) => {
        log.warn({ err: error }, "mlgate: could not ask GitHub to redeliver failed deliveries");
      })
    : Promise.resolve();
  const scanning = new AbortController();
  let rescanTimer: NodeJS.Timeout | undefined;
  if (config.redriveChecks) {
    const scan = async (shared: boolean) => {
      let leased = false;
      let finished = false;
      try {
        // Replicas sharing Redis start together on a deploy: the first looks, and those starting
        // within half the age a stranded check must have leave it at that. Each one's second
        // look runs regardless: only it covers the checks opened between the starts.
        if (shared && backend.kind === "redis") {
          leased = await records.putIfAbsent(SERVICE, STRANDED_SCAN, startedAt, {
            ttlMs: Math.max(1000, config.redriveChecksAfterMs / 2),
          });
          if (!leased) {
            log.info("mlgate: another replica just looked for checks left open; not looking again");
            return;
          }
        }
        await redriveStrandedChecks({
          probot,
          appId: credentials.appId,
          queue,
          log,
          olderThanMs: config.redriveChecksAfterMs,
          startedBefore: startedAt,
          signal: scanning.signal,
        });
        finished = !scanning.signal.aborted;
      } catch (error) {
        log.warn({ err: error }, "mlgate: could not look for checks left open");
      } finally {
        // A look that failed or was cut short leaves the next replica to start free to look.
        if (leased && !finished) await records.delete(SERVICE, STRANDED_SCAN).catch(() => {});
      }
    };
    void redelivered.then(() => scan(true));
    // A crash just before this start left checks too fresh to take now: look again when they are not.
    rescanTimer = setTimeout(() => void scan(false), config.redriveChecksAfterMs + 1_000);
    rescanTimer.unref();
  }

  const opened = backend;
  const spoolDir = spool;
  let stopping: Promise<void> | undefined;
  return {
    port: intake.port,
    backend: opened,
    log,
    stop() {
      stopping ??= (async () => {
        draining = true;
        clearInterval(redriveTimer);
        clearTimeout(rescanTimer);
        outages.stop();
        scanning.abort();
        log.info(
          `mlgate: stopping; waiting up to ${config.shutdownGraceMs / 1000} s for running reviews`,
        );
        await intake.drain();
        await queue.stop(config.shutdownGraceMs);
        await opened.close();
        spoolDir.remove();
        await intake.close();
        log.info("mlgate: stopped");
      })();
      return stopping;
    },
  };
}
