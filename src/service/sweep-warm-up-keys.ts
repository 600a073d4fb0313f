import { randomBytes } from "node:crypto";

/**
 * A warm-up prefix younger than this may belong to a replica warming up right now (its warm-up
 * lasts seconds; minutes leave room for clocks that disagree): its keys are left to it.
 */
export const WARM_UP_STALE_MS = 10 * 60_000;
/** A command Redis does not answer within this fails the sweep rather than holding it forever. */
const COMMAND_TIMEOUT_MS = 10_000;

/**
 * A fresh key prefix for one warm-up's scratch store on Redis: the service's prefix, then the
 * creation time, so a later sweep can tell the leftovers of a process killed mid-warm-up (jobs
 * and records with no expiry) from a warm-up still under way.
 */
export function warmUpPrefix(redisPrefix: string, now = Date.now()): string {
  return `${redisPrefix}-warm-up-${now}-${randomBytes(6).toString("hex")}`;
}

/** What a sweep may delete besides stale warm-ups' keys, and the clock it judges them by. */
export interface WarmUpSweepOptions {
  /** This process's own warm-up prefix, deleted whatever its age. */
  readonly own?: string | undefined;
  readonly now?: number | undefined;
  readonly staleMs?: number | undefined;
}

/**
 * Deletes, in one SCAN pass over Redis, the keys of this process's warm-up and of warm-ups that
 * started more than `WARM_UP_STALE_MS` ago, and returns how many it deleted. Only keys under
 * `${redisPrefix}-warm-up-<time>-<hex>:` are ever deleted. The SCAN walks the whole keyspace, so
 * it runs after the intake listens; its connection gives up rather than waiting for Redis to come
 * back, and a sweep that fails leaves its keys to the next start's.
 */
export async function sweepWarmUpKeys(
  url: string,
  redisPrefix: string,
  options: WarmUpSweepOptions = {},
): Promise<number> {
  const now = options.now ?? Date.now();
  const staleMs = options.staleMs ?? WARM_UP_STALE_MS;
  const base = `${redisPrefix}-warm-up-`;
  const shape = new RegExp(`^${escapeRegExp(base)}(\\d+)-[0-9a-f]+:`);
  const doomed = (key: string) => {
    if (options.own && key.startsWith(`${options.own}:`)) return true;
    const match = shape.exec(key);
    return match !== null && now - Number(match[1]) > staleMs;
  };
  const { Redis } = await import("ioredis");
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    commandTimeout: COMMAND_TIMEOUT_MS,
  });
  // Failures reach the sweep through its commands; the event would only be printed.
  redis.on("error", () => {});
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${escapeGlob(base)}*`, "COUNT", 1000);
      cursor = next;
      const mine = keys.filter(doomed);
      if (mine.length > 0) deleted += await redis.unlink(...mine);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** SCAN's MATCH is a glob: a prefix holding `*`, `?`, `[` or `\` must not widen it. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
