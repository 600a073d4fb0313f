import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

/** The Redis every machine of the project runs (`.ci/run` starts one when none answers). */
export const REDIS_URL = process.env.MLGATE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A key prefix no other test uses, and the removal of its keys. */
export function redisPrefix(): { prefix: string; clear(): Promise<void> } {
  const prefix = `mlgate-test-${randomUUID().slice(0, 8)}`;
  return { prefix, clear: () => deleteServiceKeys(REDIS_URL, prefix) };
}

/**
 * Deletes what a service running under `prefix` wrote to Redis: its queue and records
 * (`prefix:…`) and what its intake's warm-ups wrote (`prefix-warm-up-…`; a service killed before
 * its sweep leaves them). Two patterns: Redis reads `[:-]` as a range, not as the two characters.
 */
export async function deleteServiceKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    for (const match of [`${prefix}:*`, `${prefix}-warm-up-*`]) {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", match, "COUNT", 1000);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== "0");
    }
  } finally {
    redis.disconnect();
  }
}

/** A fresh data folder. */
export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "mlgate-service-test-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
