import Database from "better-sqlite3";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import type { RecordStore } from "../../src/service/record-store.js";
import { RedisRecordStore } from "../../src/service/redis-record-store.js";
import { SqliteRecordStore } from "../../src/service/sqlite-record-store.js";
import { REDIS_URL, redisPrefix } from "./backends.js";

let clock = 1_000_000;
const sqlite = () => new SqliteRecordStore(new Database(":memory:"), () => clock);
const redis = new Redis(REDIS_URL);
const prefixes: ReturnType<typeof redisPrefix>[] = [];
const onRedis = () => {
  const p = redisPrefix();
  prefixes.push(p);
  return new RedisRecordStore(redis, p.prefix);
};
afterAll(async () => {
  for (const p of prefixes) await p.clear();
  redis.disconnect();
});

describe.each([
  ["SQLite", sqlite],
  ["Redis", onRedis],
] as const)("record store on %s", (_name, make: () => RecordStore) => {
  it("puts, gets, overwrites and deletes JSON values by namespace", async () => {
    const store = make();
    await store.put("metrics", "o/r@abc", { accuracy: 0.91, at: "2024-05-01" });
    await store.put("other", "o/r@abc", 1);
    expect(await store.get("metrics", "o/r@abc")).toEqual({ accuracy: 0.91, at: "2024-05-01" });
    await store.put("metrics", "o/r@abc", { accuracy: 0.92 });
    expect(await store.get("metrics", "o/r@abc")).toEqual({ accuracy: 0.92 });
    await store.delete("metrics", "o/r@abc");
    expect(await store.get("metrics", "o/r@abc")).toBeUndefined();
    expect(await store.get("other", "o/r@abc")).toBe(1);
  });

  it("writes once with putIfAbsent", async () => {
    const store = make();
    expect(await store.putIfAbsent("delivery", "guid-1", "queued")).toBe(true);
    expect(await store.putIfAbsent("delivery", "guid-1", "again")).toBe(false);
    expect(await store.get("delivery", "guid-1")).toBe("queued");
  });

  it("lists by prefix in key order, with a limit", async () => {
    const store = make();
    for (const key of ["o/r@3", "o/r@1", "x/y@1", "o/r@2"]) await store.put("m", key, key);
    expect((await store.list("m", { prefix: "o/r@" })).map((r) => r.key)).toEqual([
      "o/r@1",
      "o/r@2",
      "o/r@3",
    ]);
    expect(await store.list("m", { prefix: "o/r@", limit: 2 })).toEqual([
      { key: "o/r@1", value: "o/r@1" },
      { key: "o/r@2", value: "o/r@2" },
    ]);
    expect((await store.list("m")).length).toBe(4);
  });
});

describe("expiry", () => {
  it("SQLite: an expired record is gone and may be written again", async () => {
    const store = sqlite();
    await store.put("d", "k", 1, { ttlMs: 1000 });
    expect(await store.putIfAbsent("d", "k", 2, { ttlMs: 1000 })).toBe(false);
    clock += 1001;
    expect(await store.get("d", "k")).toBeUndefined();
    expect(await store.list("d")).toEqual([]);
    expect(await store.putIfAbsent("d", "k", 3)).toBe(true);
    expect(await store.get("d", "k")).toBe(3);
  });

  it("Redis: an expired record is gone from get and list", async () => {
    const store = onRedis();
    await store.put("d", "k", 1, { ttlMs: 50 });
    await store.put("d", "keep", 2);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await store.get("d", "k")).toBeUndefined();
    expect(await store.list("d")).toEqual([{ key: "keep", value: 2 }]);
    expect(await store.putIfAbsent("d", "k", 3)).toBe(true);
  });
});
