import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { KeyedLock } from "../app/keyed-lock.js";
import { KeyedMutex } from "../app/keyed-mutex.js";
import { guarded } from "./guard-store-errors.js";

/** Deletes the lock only while it is still ours (it may have lapsed and been taken). */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
/** Extends the lock only while it is still ours. */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/** How long a hold lasts without renewal, and how often a waiter asks again. */
export interface RedisKeyedLockOptions {
  readonly ttlMs?: number | undefined;
  readonly pollMs?: number | undefined;
}

/**
 * A per-pull-request lock shared by every replica through Redis (`SET NX PX`, renewed while the
 * task runs, released only by its holder). A replica that dies stops renewing; its hold lapses
 * after `ttlMs` and a waiting replica takes over. Tasks of one process queue in memory first, so
 * only one of them at a time polls Redis.
 */
export class RedisKeyedLock implements KeyedLock {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #ttlMs: number;
  readonly #pollMs: number;
  readonly #local = new KeyedMutex();

  constructor(redis: Redis, prefix: string, options: RedisKeyedLockOptions = {}) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#pollMs = options.pollMs ?? 100;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.#local.run(key, async () => {
      const name = `${this.#prefix}:lock:${key}`;
      const token = randomUUID();
      // Redis failing here is the store's failure, not the task's: retried as such.
      while (
        (await guarded(() => this.#redis.set(name, token, "PX", this.#ttlMs, "NX"))) !== "OK"
      ) {
        await new Promise((resolve) => setTimeout(resolve, this.#pollMs * (0.5 + Math.random())));
      }
      const renew = setInterval(
        () => {
          this.#redis.eval(RENEW, 1, name, token, String(this.#ttlMs)).catch(() => undefined);
        },
        Math.max(100, Math.floor(this.#ttlMs / 3)),
      );
      try {
        return await task();
      } finally {
        clearInterval(renew);
        await this.#redis.eval(RELEASE, 1, name, token).catch(() => undefined);
      }
    });
  }
}
