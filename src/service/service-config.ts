import { MlgateError } from "../core/errors.js";

/** How the service runs, read from the environment. */
export interface ServiceConfig {
  readonly webhookSecret: string;
  readonly port: number;
  readonly host: string;
  readonly webhookPath: string;
  /** Where the embedded job store and the artifact spool live. */
  readonly dataDir: string;
  /** BullMQ on this Redis instead of the embedded store. */
  readonly redisUrl?: string | undefined;
  /** Prefix of mlgate's keys in Redis. */
  readonly redisPrefix: string;
  /**
   * Deliveries the intake sends itself through a scratch store before it listens, so the first
   * real burst meets compiled code (0: none).
   */
  readonly intakeWarmup: number;
  /** Jobs run at once by this process. */
  readonly concurrency: number;
  /** How long SIGTERM waits for running jobs. */
  readonly shutdownGraceMs: number;
  /** Per GitHub request, counted from when it is sent. */
  readonly githubTimeoutMs: number;
  /** How long a replica's hold on a job or a pull request lasts unrenewed (a killed one's lapses). */
  readonly jobLockMs: number;
  /** Attempts a review gets before it is given up (then re-driven at the next start). */
  readonly maxAttempts: number;
  /** Ask GitHub for deliveries that failed while the app was down, at start. */
  readonly redeliver: boolean;
  /** Look at start for this app's checks a crash left open, and review their heads. */
  readonly redriveChecks: boolean;
  /** How long a check must have been open to be taken as left by a crash (not live work). */
  readonly redriveChecksAfterMs: number;
  /** Octokit's client-side throttling of writes (GitHub's advice); off only for a test GitHub. */
  readonly throttle: boolean;
}

/**
 * Reads the service's settings. A missing `WEBHOOK_SECRET` is refused: without it anyone could
 * send deliveries (Probot would fall back to its public default secret).
 */
export function readServiceConfig(env: NodeJS.ProcessEnv): ServiceConfig {
  const secret = env.WEBHOOK_SECRET?.trim();
  if (!secret) {
    throw new MlgateError(
      "WEBHOOK_SECRET is not set: mlgate will not accept unsigned webhooks (set it to the app's webhook secret)",
    );
  }
  return {
    webhookSecret: secret,
    port: integer(env, "PORT", 3000, 0),
    host: env.HOST?.trim() || "0.0.0.0",
    webhookPath: env.WEBHOOK_PATH?.trim() || "/api/github/webhooks",
    dataDir: env.MLGATE_DATA_DIR?.trim() || ".mlgate",
    redisUrl: env.REDIS_URL?.trim() || undefined,
    redisPrefix: env.MLGATE_REDIS_PREFIX?.trim() || "mlgate",
    intakeWarmup: integer(env, "MLGATE_INTAKE_WARMUP", 150, 0),
    concurrency: integer(env, "MLGATE_CONCURRENCY", 4, 1),
    shutdownGraceMs: seconds(env, "MLGATE_SHUTDOWN_GRACE", 25),
    githubTimeoutMs: seconds(env, "MLGATE_GITHUB_TIMEOUT", 30),
    jobLockMs: seconds(env, "MLGATE_JOB_LOCK", 30),
    maxAttempts: integer(env, "MLGATE_MAX_ATTEMPTS", 8, 1),
    redeliver: env.MLGATE_REDELIVER?.trim() !== "false",
    redriveChecks: env.MLGATE_REDRIVE_CHECKS?.trim() !== "false",
    redriveChecksAfterMs: seconds(env, "MLGATE_REDRIVE_CHECKS_AFTER", 600),
    throttle: env.MLGATE_GITHUB_THROTTLE?.trim() !== "false",
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new MlgateError(`${name} must be a whole number of at least ${min}, not "${text}"`);
  }
  return value;
}

/** A duration in seconds (`25`, `2.5`, or `25s`), returned in milliseconds. */
function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback * 1000;
  const value = Number(text.replace(/s$/, ""));
  if (!Number.isFinite(value) || value < 0) {
    throw new MlgateError(`${name} must be a number of seconds, not "${text}"`);
  }
  return Math.round(value * 1000);
}
