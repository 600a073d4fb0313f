import { MlgateError, StoreError } from "../core/errors.js";
import type { RecordStore } from "./record-store.js";

/**
 * The record store as the app and the workers use it: whatever the store throws (SQLite locked
 * or full, Redis away or read-only) arrives as a {@link StoreError}, which the queue retries and
 * a check states in words, instead of an unknown error taken for a bug.
 */
export function guardStoreErrors(records: RecordStore): RecordStore {
  return {
    get: (namespace, key) => guarded(() => records.get(namespace, key)),
    put: (namespace, key, value, options) =>
      guarded(() => records.put(namespace, key, value, options)),
    putIfAbsent: (namespace, key, value, options) =>
      guarded(() => records.putIfAbsent(namespace, key, value, options)),
    delete: (namespace, key) => guarded(() => records.delete(namespace, key)),
    list: (namespace, options) => guarded(() => records.list(namespace, options)),
  };
}

/** Runs one store call, its failure as a {@link StoreError}. */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asStoreError(error);
  }
}

/** A store's failure in mlgate's words; mlgate's own errors pass unchanged. */
export function asStoreError(error: unknown): MlgateError {
  if (error instanceof MlgateError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  const detail =
    typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message;
  return new StoreError(`mlgate's job store failed: ${detail}`, { cause: error });
}
