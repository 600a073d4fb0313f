import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Delivery } from "../../src/service/delivery.js";
import { RedisJobQueue } from "../../src/service/redis-job-queue.js";
import { RedisRecordStore } from "../../src/service/redis-record-store.js";
import { REDIS_URL, redisPrefix } from "./backends.js";

const p = redisPrefix();
const redis = new Redis(REDIS_URL);
const queue = new RedisJobQueue(redis, new RedisRecordStore(redis, p.prefix), {
  prefix: p.prefix,
});
let monitor: Redis;
// Every command the queue's connection sends, as Redis saw it.
const sent: string[][] = [];

beforeAll(async () => {
  await redis.ping();
  const ours = `127.0.0.1:${redis.stream.localPort}`;
  monitor = await new Redis(REDIS_URL).monitor();
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    if (source === ours) sent.push(args);
  });
});
afterAll(async () => {
  await queue.stop(1000);
  monitor.disconnect();
  await p.clear();
  redis.disconnect();
});

/** The commands `run` sends on the queue's connection (a marker closes the window). */
async function commandsOf(run: () => Promise<unknown>): Promise<string[][]> {
  sent.length = 0;
  await run();
  const marker = `done-${Math.random()}`;
  await redis.echo(marker);
  const deadline = Date.now() + 5000;
  while (!sent.some((args) => args[1] === marker) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return sent.slice(
    0,
    sent.findIndex((args) => args[1] === marker),
  );
}

const delivery = (id: string): Delivery => ({ id, name: "ping", payload: {} });

describe("RedisJobQueue.enqueue", () => {
  it("takes a delivery id once, with one write to claim it and one to mark it queued", async () => {
    const first = await commandsOf(() => queue.enqueue(delivery("guid-1")));
    expect(await queue.enqueue(delivery("guid-1"))).toBe("duplicate");
    expect(await queue.enqueue(delivery("guid-2"))).toBe("queued");

    const records = first.filter((args) => args.slice(1).some((a) => a.includes(":rec")));
    expect(records.map((args) => [args[0]?.toLowerCase(), ...args.slice(3)])).toEqual([
      ["set", "PX", "60000", "NX"],
      ["set", "PX", String(3 * 24 * 60 * 60 * 1000)],
    ]);
    const names = first.map((args) => args[0]?.toLowerCase());
    expect(names).not.toContain("multi");
    expect(names).not.toContain("zadd");
    expect(await redis.get(`${p.prefix}:rec:delivery:guid-1`)).toBe(JSON.stringify("queued"));
    expect(await redis.keys(`${p.prefix}:recidx:*`)).toEqual([]);
    expect((await queue.depth()).waiting).toBe(2);
  });
});
