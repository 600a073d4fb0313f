import { MlgateError, StoreError } from "../core/errors.js";
import type { RecordStore } from "./record-store.js";

/**
 * The record store as the app and the workers use it: a failure the store reports about itself
 * (SQLite locked or full, a Redis reply such as READONLY, a closed connection) arrives as a
 * {@link StoreError}, which the queue retries, instead of an unknown error taken for a bug.
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

/**
 * A store's failure in mlgate's words. Only what the store itself reports (better-sqlite3's
 * errors, a closed database, ioredis's replies and connection errors) is one: a value that does
 * not parse or serialise fails the same way every time, and is passed on unchanged.
 */
export function asStoreError(error: unknown): unknown {
  if (!isStoreFailure(error)) return error;
  const { message } = error;
  const code = (error as { code?: unknown }).code;
  const detail =
    typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message;
  return new StoreError(`mlgate's job store failed: ${detail}`, { cause: error });
}

const REDIS_ERRORS = new Set(["ReplyError", "AbortError", "MaxRetriesPerRequestError"]);

function isStoreFailure(error: unknown): error is Error {
  if (!(error instanceof Error) || error instanceof MlgateError) return false;
  const code = (error as { code?: unknown }).code;
  return (
    error.name === "SqliteError" ||
    (typeof code === "string" && code.startsWith("SQLITE_")) ||
    error.message === "The database connection is not open" ||
    REDIS_ERRORS.has(error.name) ||
    error.message === "Connection is closed."
  );
}
