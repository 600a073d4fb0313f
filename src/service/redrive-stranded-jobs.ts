import type { Logger } from "probot";
import type { Delivery } from "./delivery.js";
import type { JobQueue } from "./job-queue.js";
import type { RecordStore } from "./record-store.js";

/** Namespace of deliveries given up while GitHub kept failing. */
export const STRANDED = "stranded";

/** A delivery given up while GitHub kept failing, kept to be run again. */
export interface StrandedJob {
  readonly delivery: Delivery;
  readonly at: string;
  readonly redrives: number;
}

/** Re-drives at most this many times before leaving the delivery to a person's "Re-run". */
const MAX_REDRIVES = 5;

/**
 * Runs again the deliveries whose every attempt failed because GitHub did (an outage longer than
 * the retries, credentials refused for a while): their checks may still be open. Called at start
 * and then now and then; each is queued under a new id, and removed from the stranded list.
 */
export async function redriveStrandedJobs(options: {
  readonly records: RecordStore;
  readonly queue: JobQueue;
  readonly log: Logger;
}): Promise<number> {
  const { records, queue, log } = options;
  let count = 0;
  for (const { key, value } of await records.list<StrandedJob>(STRANDED, { limit: 500 })) {
    // Another replica may be re-driving the same list: whoever deletes it first owns it.
    const owned = await records.putIfAbsent(`${STRANDED}-claim`, key, true, { ttlMs: 60_000 });
    if (!owned) continue;
    if (value.redrives >= MAX_REDRIVES) {
      await records.delete(STRANDED, key);
      continue;
    }
    const id = `${value.delivery.id.replace(/~redrive-\d+$/, "")}~redrive-${value.redrives + 1}`;
    // Queued before it leaves the list: a store failing in between leaves it listed for the next
    // look (its id queued twice is a duplicate), never lost.
    const queued = await queue.enqueue({ ...value.delivery, id });
    await records.delete(STRANDED, key);
    if (queued === "queued") count++;
  }
  if (count > 0) {
    log.info(`mlgate: re-driving ${count} review(s) that GitHub or the store kept failing before`);
  }
  return count;
}
