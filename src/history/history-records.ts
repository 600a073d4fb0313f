import type { HistoryScope, RecordedRun } from "./recorded-run.js";

/** The part of the service's record store the history uses (JSON values, key order lists). */
export interface HistoryRecordStore {
  get<T>(namespace: string, key: string): Promise<T | undefined>;
  /** `listed`: the record will be read back by `list` (see the service's `PutOptions`). */
  put<T>(
    namespace: string,
    key: string,
    value: T,
    options?: { readonly listed?: boolean | undefined },
  ): Promise<void>;
  list<T>(
    namespace: string,
    options?: { readonly prefix?: string | undefined; readonly limit?: number | undefined },
  ): Promise<{ readonly key: string; readonly value: T }[]>;
}

const RUNS = "history-runs";
const BACKFILLS = "history-backfills";
// Branch names may hold "/", workflow names "." and "-": the unit separator is in none of them.
const SEP = "\u001f";

/** When a scope's backfill ran, and how far back it reached. */
export interface BackfillMark {
  readonly at: string;
  /** How many runs the backfill asked for. */
  readonly runs: number;
}

/**
 * The recorded runs of the base branch in the service's store, kept forever (a run never
 * changes). Keys sort by the run's creation time, so a listing is the history in order.
 */
export class HistoryRecords {
  readonly #store: HistoryRecordStore;

  constructor(store: HistoryRecordStore) {
    this.#store = store;
  }

  async record(scope: HistoryScope, run: RecordedRun): Promise<void> {
    await this.#store.put(RUNS, `${prefixOf(scope)}${run.time}${SEP}${run.runId}`, run, {
      listed: true,
    });
  }

  /** Every recorded run of the scope, oldest first. */
  async runs(scope: HistoryScope): Promise<RecordedRun[]> {
    const records = await this.#store.list<RecordedRun>(RUNS, { prefix: prefixOf(scope) });
    return records.map((r) => r.value);
  }

  async backfilled(scope: HistoryScope): Promise<BackfillMark | undefined> {
    return this.#store.get<BackfillMark>(BACKFILLS, scopeKey(scope));
  }

  async markBackfilled(scope: HistoryScope, mark: BackfillMark): Promise<void> {
    await this.#store.put(BACKFILLS, scopeKey(scope), mark);
  }
}

function scopeKey(scope: HistoryScope): string {
  // Repository names are case-insensitive on GitHub.
  return [scope.repository.toLowerCase(), scope.workflow, scope.branch].join(SEP);
}

function prefixOf(scope: HistoryScope): string {
  return `${scopeKey(scope)}${SEP}`;
}
