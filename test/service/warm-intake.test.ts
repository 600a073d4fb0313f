import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { openScratchIntakeStore } from "../../src/service/open-intake-store.js";
import { readServiceConfig } from "../../src/service/service-config.js";
import { warmIntake } from "../../src/service/warm-intake.js";
import { REDIS_URL, redisPrefix } from "./backends.js";

describe("the intake's start-up warm-up", () => {
  it("sends every delivery through the signature check and into a scratch SQLite store", async () => {
    const warmup = await warmIntake(60, () => openScratchIntakeStore({ redisPrefix: "unused" }));
    expect(warmup.sent).toBe(60);
    // 202 for each: signed with the warm-up's own secret, parsed, its head noted and stored.
    expect(warmup.queued).toBe(60);
    expect(warmup.ms).toBeGreaterThan(0);
  });

  it("on Redis, stores under a prefix of its own and leaves no key behind", async () => {
    const { prefix, clear } = redisPrefix();
    const redis = new Redis(REDIS_URL);
    try {
      const config = { redisUrl: REDIS_URL, redisPrefix: prefix };
      let seen = 0;
      const warmup = await warmIntake(60, async () => {
        const store = await openScratchIntakeStore(config);
        return {
          ...store,
          async close() {
            // Before the scratch store is closed, its jobs and records are in Redis.
            seen = (await redis.keys(`${prefix}*`)).length;
            await store.close();
          },
        };
      });
      expect(warmup.queued).toBe(60);
      expect(seen).toBeGreaterThan(60);
      expect(await redis.keys(`${prefix}*`)).toEqual([]);
    } finally {
      redis.disconnect();
      await clear();
    }
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
