import type { DeliveryFacts } from "./delivery-facts.js";
import type { RecordStore } from "./record-store.js";

/** Namespace of the newest head of each pull request. */
export const HEADS = "head";

const WEEK = 7 * 24 * 60 * 60 * 1000;

/**
 * Remembers a pull request's newest head as deliveries arrive, ordered by the pull request's own
 * `updated_at` (GitHub may deliver a push after the one that followed it), so queued deliveries of
 * an older head can be skipped.
 */
export async function trackNewestHead(
  records: RecordStore,
  facts: DeliveryFacts,
  updatedAt: string | undefined,
): Promise<void> {
  if (!facts.supersedeKey || !facts.headSha) return;
  const at = updatedAt ?? new Date().toISOString();
  const known = await records.get<{ sha: string; at: string }>(HEADS, facts.supersedeKey);
  if (known && known.at > at) return;
  await records.put(HEADS, facts.supersedeKey, { sha: facts.headSha, at }, { ttlMs: WEEK });
}
