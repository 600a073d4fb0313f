import { describe, expect, it } from "vitest";
import { readServiceConfig } from "../../src/service/service-config.js";
import { warmIntake } from "../../src/service/warm-intake.js";

describe("the intake's start-up warm-up", () => {
  it("sends every delivery through the signature check and into its scratch store", async () => {
    const warmup = await warmIntake(60);
    expect(warmup.sent).toBe(60);
    // 202 for each: signed with the warm-up's own secret, parsed, its head noted and stored.
    expect(warmup.queued).toBe(60);
    expect(warmup.ms).toBeGreaterThan(0);
  });

  it("can be turned off, and is on by default", async () => {
    expect(await warmIntake(0)).toEqual({ sent: 0, queued: 0, ms: 0 });
    const config = (env: Record<string, string>) =>
      readServiceConfig({ WEBHOOK_SECRET: "s", ...env }).intakeWarmup;
    expect(config({})).toBe(150);
    expect(config({ MLGATE_INTAKE_WARMUP: "0" })).toBe(0);
    expect(() => config({ MLGATE_INTAKE_WARMUP: "-1" })).toThrow(
      'MLGATE_INTAKE_WARMUP must be a whole number of at least 0, not "-1"',
    );
  });
});
