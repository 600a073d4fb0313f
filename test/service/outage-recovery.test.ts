import { afterEach, describe, expect, it, vi } from "vitest";
import { watchForOutages } from "../../src/service/outage-recovery.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("watching for the job store to come back", () => {
  it("probes from the first refusal until a write works, then recovers once from that time", async () => {
    vi.useFakeTimers();
    let clock = 1000;
    let down = true;
    let probes = 0;
    const recovered: number[] = [];
    const watch = watchForOutages({
      probe: async () => {
        probes++;
        if (down) throw new Error("store away");
      },
      recovered: async (since) => {
        recovered.push(since);
      },
      intervalMs: 100,
      now: () => clock,
    });
    watch.refused();
    clock = 2000;
    watch.refused();
    await vi.advanceTimersByTimeAsync(350);
    expect(probes).toBe(3);
    expect(recovered).toEqual([]);
    down = false;
    await vi.advanceTimersByTimeAsync(100);
    expect(recovered).toEqual([1000]);
    // Back to normal: no more probes until the next refusal.
    await vi.advanceTimersByTimeAsync(1000);
    expect(probes).toBe(4);
    clock = 5000;
    watch.refused();
    await vi.advanceTimersByTimeAsync(100);
    expect(recovered).toEqual([1000, 5000]);
    watch.stop();
  });

  it("stops probing when the service stops", async () => {
    vi.useFakeTimers();
    let probes = 0;
    const watch = watchForOutages({
      probe: async () => {
        probes++;
        throw new Error("store away");
      },
      recovered: async () => {},
      intervalMs: 100,
    });
    watch.refused();
    await vi.advanceTimersByTimeAsync(250);
    watch.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(probes).toBe(2);
  });
});
