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
    for (const key of ["o/r@3", "o/r@1", "x/y@1", "o/r@2"]) {
      await store.put("m", key, key, { listed: true });
    }
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

  it("lists records written once as listed, and forgets deleted ones", async () => {
    const store = make();
    expect(await store.putIfAbsent("s", "b", 2, { listed: true })).toBe(true);
    expect(await store.putIfAbsent("s", "a", 1, { listed: true, ttlMs: 60_000 })).toBe(true);
    expect(await store.putIfAbsent("s", "a", 9, { listed: true })).toBe(false);
    expect(await store.list("s")).toEqual([
      { key: "a", value: 1 },
      { key: "b", value: 2 },
    ]);
    await store.delete("s", "a");
    expect(await store.list("s")).toEqual([{ key: "b", value: 2 }]);
  });
});

describe("expiry", () => {
  it("SQLite: an expired record is gone and may be written again", async () => {
    const store = sqlite();
    await store.put("d", "k", 1, { ttlMs: 1000, listed: true });
    expect(await store.putIfAbsent("d", "k", 2, { ttlMs: 1000 })).toBe(false);
    clock += 1001;
    expect(await store.get("d", "k")).toBeUndefined();
    expect(await store.list("d")).toEqual([]);
    expect(await store.putIfAbsent("d", "k", 3)).toBe(true);
    expect(await store.get("d", "k")).toBe(3);
  });

  it("Redis: an expired record is gone from get and list", async () => {
    const store = onRedis();
    await store.put("d", "k", 1, { ttlMs: 50, listed: true });
    await store.put("d", "keep", 2, { listed: true });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await store.get("d", "k")).toBeUndefined();
    expect(await store.list("d")).toEqual([{ key: "keep", value: 2 }]);
    expect(await store.putIfAbsent("d", "k", 3)).toBe(true);
  });
});

describe("the Redis index", () => {
  const keys = async (prefix: string, kind: "rec" | "recidx") =>
    (await redis.keys(`${prefix}:${kind}:*`)).sort();

  it("is not kept for records written unlisted", async () => {
    const p = redisPrefix();
    prefixes.push(p);
    const store = new RedisRecordStore(redis, p.prefix);
    for (let i = 0; i < 20; i++) {
      expect(await store.putIfAbsent("delivery", `guid-${i}`, "claimed", { ttlMs: 60_000 })).toBe(
        true,
      );
      await store.put("delivery", `guid-${i}`, "queued", { ttlMs: 60_000 });
      await store.put("heads", `o/r#${i}`, { sha: `${i}` });
    }
    await store.delete("delivery", "guid-0");
    expect(await store.get("delivery", "guid-1")).toBe("queued");
    expect(await store.putIfAbsent("delivery", "guid-1", "again")).toBe(false);
    expect(await keys(p.prefix, "recidx")).toEqual([]);
    expect(await keys(p.prefix, "rec")).toHaveLength(39);
  });

  it("keeps listed records, tidies expired ones and still reads entries older mlgates wrote", async () => {
    const p = redisPrefix();
    prefixes.push(p);
    const store = new RedisRecordStore(redis, p.prefix);
    const index = `${p.prefix}:recidx:stranded`;
    // An older mlgate indexed every record; one of them is still live, one is gone.
    await redis.set(`${p.prefix}:rec:stranded:old`, JSON.stringify("old"));
    await redis.zadd(index, 0, "old", 0, "old-gone");
    await store.put("stranded", "short", 1, { listed: true, ttlMs: 50 });
    expect(await store.putIfAbsent("stranded", "long", 2, { listed: true, ttlMs: 60_000 })).toBe(
      true,
    );
    expect(await redis.zrange(index, 0, -1)).toEqual(["long", "old", "old-gone", "short"]);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await store.list("stranded")).toEqual([
      { key: "long", value: 2 },
      { key: "old", value: "old" },
    ]);
    expect(await redis.zrange(index, 0, -1)).toEqual(["long", "old"]);
    await store.delete("stranded", "long");
    await store.delete("stranded", "old");
    expect(await redis.exists(index)).toBe(0);
  });
});
