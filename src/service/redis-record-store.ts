import type { Redis } from "ioredis";
import type { PutOptions, RecordStore, StoredRecord } from "./record-store.js";

/**
 * Records in Redis, shared by every replica: one string key per record (so each can expire on
 * its own), and for records put as `listed` a sorted set per namespace as the index `list` walks
 * in key order. Unlisted records have no index entry: only `list` tidies the index, so entries
 * of a namespace no one lists would outlive their records forever.
 */
export class RedisRecordStore implements RecordStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    const text = await this.#redis.get(this.#key(namespace, key));
    return text === null ? undefined : (JSON.parse(text) as T);
  }

  async put<T>(namespace: string, key: string, value: T, options: PutOptions = {}): Promise<void> {
    const text = JSON.stringify(value);
    const record = this.#key(namespace, key);
    if (!options.listed) {
      await (options.ttlMs === undefined
        ? this.#redis.set(record, text)
        : this.#redis.set(record, text, "PX", ttl(options.ttlMs)));
      return;
    }
    const multi = this.#redis.multi();
    if (options.ttlMs === undefined) multi.set(record, text);
    else multi.set(record, text, "PX", ttl(options.ttlMs));
    multi.zadd(this.#index(namespace), 0, key);
    await multi.exec();
  }

  async putIfAbsent<T>(
    namespace: string,
    key: string,
    value: T,
    options: PutOptions = {},
  ): Promise<boolean> {
    const text = JSON.stringify(value);
    const record = this.#key(namespace, key);
    const done =
      options.ttlMs === undefined
        ? await this.#redis.set(record, text, "NX")
        : await this.#redis.set(record, text, "PX", ttl(options.ttlMs), "NX");
    if (done !== "OK") return false;
    if (options.listed) await this.#redis.zadd(this.#index(namespace), 0, key);
    return true;
  }

  async delete(namespace: string, key: string): Promise<void> {
    // The record may have been put as listed (or by an older mlgate that indexed every record).
    await this.#redis
      .multi()
      .del(this.#key(namespace, key))
      .zrem(this.#index(namespace), key)
      .exec();
  }

  async list<T>(
    namespace: string,
    options: { readonly prefix?: string | undefined; readonly limit?: number | undefined } = {},
  ): Promise<StoredRecord<T>[]> {
    const prefix = options.prefix ?? "";
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const out: StoredRecord<T>[] = [];
    let start = prefix ? `[${prefix}` : "-";
    const end = prefix ? `[${prefix}\xff` : "+";
    while (out.length < limit) {
      const keys = await this.#redis.zrangebylex(
        this.#index(namespace),
        start,
        end,
        "LIMIT",
        0,
        200,
      );
      if (keys.length === 0) break;
      const values = await this.#redis.mget(keys.map((k) => this.#key(namespace, k)));
      const gone: string[] = [];
      keys.forEach((key, i) => {
        const text = values[i];
        if (text === null || text === undefined) gone.push(key);
        else if (out.length < limit) out.push({ key, value: JSON.parse(text) as T });
      });
      // Expired records leave their index entry behind; tidy it on the way.
      if (gone.length > 0) await this.#redis.zrem(this.#index(namespace), ...gone);
      start = `(${keys.at(-1)}`;
      if (keys.length < 200) break;
    }
    return out;
  }

  #key(namespace: string, key: string): string {
    return `${this.#prefix}:rec:${namespace}:${key}`;
  }

  #index(namespace: string): string {
    return `${this.#prefix}:recidx:${namespace}`;
  }
}

/** Redis refuses a PX of 0 and fractions. */
function ttl(ms: number): number {
  return Math.max(1, Math.round(ms));
}
