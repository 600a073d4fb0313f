import type { CheckLedger, CheckMemo } from "../review/check-ledger.js";
import type { RecordStore } from "./record-store.js";

const CHECKS = "check";
const WEEK = 7 * 24 * 60 * 60 * 1000;

/** A check-run ledger in the service's store, so every replica moves the same check run. */
export function storedCheckMemos(records: RecordStore): CheckLedger {
  return {
    get: (key: string) => records.get<CheckMemo>(CHECKS, key),
    set: (key: string, memo: CheckMemo) => records.put(CHECKS, key, memo, { ttlMs: WEEK }),
    delete: (key: string) => records.delete(CHECKS, key),
  };
}
