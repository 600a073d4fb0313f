import type { Logger, Probot } from "probot";
import type { RecordStore } from "./record-store.js";
import { HANDLED_EVENTS } from "./webhook-intake.js";

/** Namespace and key of the newest delivery this service took. */
export const SERVICE = "service";
export const LAST_DELIVERY = "last-delivery-at";

/** One row of `GET /app/hook/deliveries`. */
interface HookDelivery {
  readonly id: number;
  readonly guid: string;
  readonly delivered_at: string;
  readonly status_code: number;
  readonly event: string;
}

/** What the start-up redelivery did. */
export interface RedeliveryReport {
  readonly looked: number;
  readonly redelivered: number;
}

const DAY = 24 * 60 * 60 * 1000;
/** Deliveries may be recorded a little out of order; look a bit before the last one seen. */
const MARGIN = 5 * 60 * 1000;
const MAX_PAGES = 30;

/**
 * Asks GitHub to deliver again what failed while the app was down (or its store was): the app's
 * recent deliveries (newest first, back to the newest one this service took, `since`, or a day)
 * whose every attempt failed,
 * for events mlgate acts on. Each is redelivered once across replicas; the intake takes a
 * delivery id once, so one that did arrive is not reviewed twice.
 */
export async function redeliverFailedDeliveries(options: {
  readonly probot: Probot;
  readonly records: RecordStore;
  readonly log: Logger;
  readonly now?: (() => number) | undefined;
  /**
   * Look back to this time instead of the newest delivery taken: after the store was unavailable
   * while the app ran, deliveries it took since then would hide the ones it refused.
   */
  readonly since?: number | undefined;
}): Promise<RedeliveryReport> {
  const { probot, records, log } = options;
  const now = options.now?.() ?? Date.now();
  let from: number;
  if (options.since !== undefined) {
    from = options.since - MARGIN;
  } else {
    const lastSeen = await records.get<string>(SERVICE, LAST_DELIVERY);
    from = lastSeen ? Date.parse(lastSeen) - MARGIN : now - DAY;
  }
  const since = Math.max(now - 3 * DAY, from);
  const octokit = await probot.auth();
  const attempts = new Map<string, HookDelivery[]>();
  let looked = 0;
  let pages = 0;
  for await (const page of octokit.paginate.iterator("GET /app/hook/deliveries", {
    per_page: 100,
  })) {
    const rows = page.data as unknown as HookDelivery[];
    let older = false;
    for (const row of rows) {
      if (Date.parse(row.delivered_at) < since) {
        older = true;
        break;
      }
      looked++;
      const list = attempts.get(row.guid) ?? [];
      list.push(row);
      attempts.set(row.guid, list);
    }
    if (older || ++pages >= MAX_PAGES) break;
  }
  let redelivered = 0;
  for (const [guid, list] of attempts) {
    const newest = list[0] as HookDelivery;
    if (!HANDLED_EVENTS.has(newest.event)) continue;
    if (list.some((a) => a.status_code >= 200 && a.status_code < 300)) continue;
    if (!(await records.putIfAbsent("redelivery", guid, now, { ttlMs: 60 * 60 * 1000 }))) continue;
    try {
      await octokit.request("POST /app/hook/deliveries/{delivery_id}/attempts", {
        delivery_id: newest.id,
      });
      redelivered++;
    } catch (error) {
      log.warn(
        { err: error, delivery: guid },
        "mlgate: GitHub refused to redeliver a failed delivery",
      );
    }
  }
  if (redelivered > 0) {
    log.info(
      `mlgate: asked GitHub to redeliver ${redelivered} delivery(ies) that failed while the app ${options.since === undefined ? "was down" : "could not store them"}`,
    );
  }
  return { looked, redelivered };
}
