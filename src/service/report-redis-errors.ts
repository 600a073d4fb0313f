import type { Redis } from "ioredis";

/**
 * Reports a Redis connection's errors as one log line every `everyMs` (default 30 s) while they
 * last. Without a listener ioredis prints every failed reconnect with its stack to stderr, a few
 * dozen lines a second during an outage, outside the JSON log; the client reconnects either way.
 */
export function reportRedisErrors(
  redis: Redis,
  warn: (message: string) => void,
  everyMs = 30_000,
): void {
  let last = Number.NEGATIVE_INFINITY;
  redis.on("error", (error: Error) => {
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    warn(`mlgate: Redis connection error, reconnecting: ${error.message}`);
  });
}
