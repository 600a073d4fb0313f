import { createServer, type Socket } from "node:net";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import {
  openScratchIntakeStore,
  type ScratchIntakeStore,
} from "../../src/service/open-intake-store.js";
import { readServiceConfig } from "../../src/service/service-config.js";
import { sweepWarmUpKeys, warmUpPrefix } from "../../src/service/sweep-warm-up-keys.js";
import { warmIntake } from "../../src/service/warm-intake.js";
import { REDIS_URL, redisPrefix } from "./backends.js";

/** A Redis that takes connections and then never answers, or drops each at once. */
async function brokenRedis(kind: "silent" | "dropping") {
  const sockets = new Set<Socket>();
  let connections = 0;
  let dropping = kind === "dropping";
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    if (dropping) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    connections: () => connections,
    /** Drops the connections held so far, and each new one. */
    drop() {
      dropping = true;
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      this.drop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Listening servers in this process, once the ones closed lately have let go of their handles. */
async function listeningServers(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return process.getActiveResourcesInfo().filter((kind) => kind === "TCPServerWrap").length;
}

describe("the intake's start-up warm-up", () => {
  it("sends every delivery through the signature check and into a scratch SQLite store", async () => {
    const warmup = await warmIntake(60, () => openScratchIntakeStore({ redisPrefix: "unused" }));
    expect(warmup.sent).toBe(60);
    // 202 for each: signed with the warm-up's own secret, parsed, its head noted and stored.
    expect(warmup.queued).toBe(60);
    expect(warmup.ms).toBeGreaterThan(0);
  });

  it("on Redis, stores under a prefix of its own, whose keys the sweep after listening deletes", async () => {
    const { prefix, clear } = redisPrefix();
    const redis = new Redis(REDIS_URL);
    try {
      let scratch: ScratchIntakeStore | undefined;
      const warmup = await warmIntake(60, async () => {
        scratch = await openScratchIntakeStore({ redisUrl: REDIS_URL, redisPrefix: prefix });
        return scratch;
      });
      expect(warmup.queued).toBe(60);
      expect(scratch?.prefix).toMatch(new RegExp(`^${prefix}-warm-up-\\d{13}-[0-9a-f]{12}$`));
      // Left for the sweep: closing the scratch store no longer walks the keyspace.
      expect((await redis.keys(`${scratch?.prefix}:*`)).length).toBeGreaterThan(60);
      const deleted = await sweepWarmUpKeys(REDIS_URL, prefix, { own: scratch?.prefix });
      expect(deleted).toBeGreaterThan(60);
      expect(await redis.keys(`${prefix}*`)).toEqual([]);
    } finally {
      redis.disconnect();
      await clear();
    }
  });

  it("sweeps its own and stale warm-ups' keys, and nothing else", async () => {
    const { prefix, clear } = redisPrefix();
    const redis = new Redis(REDIS_URL);
    const now = Date.now();
    const own = warmUpPrefix(prefix, now);
    const stale = warmUpPrefix(prefix, now - 11 * 60_000);
    // Another replica warming up at the same moment: its keys are still in use.
    const fresh = warmUpPrefix(prefix, now - 60_000);
    // A service prefix of glob characters must not widen the sweep to its look-alikes.
    const globby = `${prefix}?`;
    const kept = [
      `${fresh}:bull:jobs:id`,
      `${prefix}:rec:x`,
      `${prefix}:bull:jobs:wait`,
      `${prefix}-warm-up-not-a-time:k`,
      `${prefix}-warm-upx-1-ab:k`,
      `${prefix}Z-warm-up-${now - 60 * 60_000}-abcdef012345:k`,
      `${prefix}-warm-up:k`,
    ];
    const gone = [
      `${own}:bull:jobs:1`,
      `${own}:rec:head:x`,
      `${stale}:bull:jobs:1`,
      `${stale}:recidx:head`,
      `${globby}-warm-up-${now - 60 * 60_000}-abcdef012345:k`,
    ];
    try {
      for (const key of [...kept, ...gone]) await redis.set(key, "1");
      expect(await sweepWarmUpKeys(REDIS_URL, prefix, { own, now })).toBe(4);
      expect(await sweepWarmUpKeys(REDIS_URL, globby, { now })).toBe(1);
      expect((await redis.keys(`${prefix}*`)).sort()).toEqual([...kept].sort());
    } finally {
      if (kept.length > 0) await redis.del(...kept, ...gone);
      redis.disconnect();
      await clear();
    }
  });

  it("fails the sweep, not the caller, when Redis cannot be reached", async () => {
    await expect(sweepWarmUpKeys("redis://127.0.0.1:1", "mlgate")).rejects.toThrow();
  });

  it("gives up at once on a Redis that refuses connections, and stops trying to reach it", async () => {
    const redis = await brokenRedis("dropping");
    try {
      const started = performance.now();
      await expect(
        warmIntake(
          60,
          () => openScratchIntakeStore({ redisUrl: redis.url, redisPrefix: "m" }),
          2000,
        ),
      ).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(2000);
      expect(redis.connections()).toBe(1);
      // ioredis would try again within 50 ms, and for good, had the client not been disconnected.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(redis.connections()).toBe(1);
      await expect(
        warmIntake(10, () =>
          openScratchIntakeStore({ redisUrl: "redis://127.0.0.1:1", redisPrefix: "m" }),
        ),
      ).rejects.toThrow();
    } finally {
      await redis.close();
    }
  });

  it("ends at its deadline when Redis stops answering, leaving nothing running", async () => {
    const redis = await brokenRedis("silent");
    try {
      const started = performance.now();
      await expect(
        warmIntake(
          60,
          () => openScratchIntakeStore({ redisUrl: redis.url, redisPrefix: "m" }),
          500,
        ),
      ).rejects.toThrow("the warm-up took more than 0.5 s");
      expect(performance.now() - started).toBeLessThan(1500);
      // The connection still opening now fails: no unhandled rejection (vitest fails the run on
      // one), and no client left reconnecting.
      redis.drop();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(redis.connections()).toBe(1);
    } finally {
      await redis.close();
    }
  });

  it("past its deadline mid-burst, closes its server and drops the store's connection", async () => {
    const before = await listeningServers();
    let destroyed = 0;
    let enqueued = 0;
    const warm = warmIntake(
      60,
      async () => {
        const store = await openScratchIntakeStore({ redisPrefix: "unused" });
        return {
          ...store,
          // As a Redis that went away: the write waits for it.
          queue: {
            enqueue: () => {
              enqueued++;
              return new Promise<never>(() => {});
            },
          },
          destroy: () => {
            destroyed++;
            store.destroy();
          },
        };
      },
      500,
    );
    await expect(warm).rejects.toThrow("the warm-up took more than 0.5 s");
    expect(enqueued).toBeGreaterThan(0);
    expect(destroyed).toBe(1);
    expect(await listeningServers()).toBe(before);
  });

  it("can be turned off, and is on by default", async () => {
    let opened = false;
    const open = async () => {
      opened = true;
      return openScratchIntakeStore({ redisPrefix: "unused" });
    };
    expect(await warmIntake(0, open)).toEqual({ sent: 0, queued: 0, ms: 0 });
    expect(opened).toBe(false);
    const config = (env: Record<string, string>) =>
      readServiceConfig({ WEBHOOK_SECRET: "s", ...env }).intakeWarmup;
    expect(config({})).toBe(150);
    expect(config({ MLGATE_INTAKE_WARMUP: "0" })).toBe(0);
    expect(() => config({ MLGATE_INTAKE_WARMUP: "-1" })).toThrow(
      'MLGATE_INTAKE_WARMUP must be a whole number of at least 0, not "-1"',
    );
  });
});
