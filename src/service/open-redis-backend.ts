import { Redis } from "ioredis";
import { RedisJobQueue } from "./redis-job-queue.js";
import { RedisKeyedLock } from "./redis-keyed-lock.js";
import { RedisRecordStore } from "./redis-record-store.js";
import { reportRedisErrors } from "./report-redis-errors.js";
import type { ServiceBackend } from "./service-backend.js";

/** Connects to Redis (`REDIS_URL`): BullMQ's queue, records and locks under one key prefix. */
export async function openRedisBackend(
  url: string,
  prefix: string,
  options: {
    readonly lockMs?: number | undefined;
    /** Where connection errors are reported (at most one line every 30 s). */
    readonly warn?: ((message: string) => void) | undefined;
  } = {},
): Promise<ServiceBackend> {
  // BullMQ's workers block on Redis: commands must wait for a reconnect, not fail after 20 tries.
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  reportRedisErrors(redis, options.warn ?? (() => {}));
  await redis.connect();
  const records = new RedisRecordStore(redis, prefix);
  const queue = new RedisJobQueue(redis, records, { prefix, lockMs: options.lockMs });
  return {
    kind: "redis",
    queue,
    records,
    locks: new RedisKeyedLock(redis, prefix, { ttlMs: options.lockMs }),
    resumed: 0,
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
