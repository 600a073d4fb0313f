import { deliveryFacts } from "./delivery-facts.js";
import type { IntakeStore } from "./open-intake-store.js";
import { LAST_DELIVERY, SERVICE } from "./redeliver-failed-deliveries.js";
import { trackNewestHead } from "./track-newest-head.js";
import { createWebhookIntake, type IntakeLog } from "./webhook-intake.js";

/** What the intake thread's handler needs besides its store. */
export interface StoredIntakeOptions {
  readonly secret: string;
  readonly log: IntakeLog;
  readonly answered: (result: string, seconds: number) => void;
}

/**
 * The webhook handler the intake thread serves: the intake over one store connection, noting a
 * pull request's newest head before its job is stored and the last delivery time after. One
 * factory for the real store and the start-up warm-up's scratch one, so the warm-up runs exactly
 * the code a delivery does.
 */
export function createStoredIntake(store: IntakeStore, options: StoredIntakeOptions) {
  let lastNoted = 0;
  return createWebhookIntake({
    secret: options.secret,
    queue: store.queue,
    log: options.log,
    answered: options.answered,
    beforeQueued: async (delivery) => {
      const pr = (delivery.payload.pull_request ?? {}) as { updated_at?: unknown };
      await trackNewestHead(
        store.records,
        deliveryFacts(delivery),
        typeof pr.updated_at === "string" ? pr.updated_at : undefined,
      );
    },
    afterQueued: async () => {
      // Once a second is enough: the start-up redelivery looks minutes further back anyway, and
      // a burst of deliveries is spared a write each.
      const now = Date.now();
      if (now - lastNoted < 1000) return;
      lastNoted = now;
      await store.records.put(SERVICE, LAST_DELIVERY, new Date(now).toISOString());
    },
  });
}
