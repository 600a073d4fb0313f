import type { CheckMemo, SharedCheckMemos } from "../app/app-state.js";
import type { RecordStore } from "./record-store.js";

const CHECKS = "check";
const WEEK = 7 * 24 * 60 * 60 * 1000;

/** Check-run memos in the service's store, so every replica moves the same check run. */
export function storedCheckMemos(records: RecordStore): SharedCheckMemos {
  return {
    get: (key) => records.get<CheckMemo>(CHECKS, key),
    set: (key, memo) => records.put(CHECKS, key, memo, { ttlMs: WEEK }),
    delete: (key) => records.delete(CHECKS, key),
  };
}
