import type { Readable } from "node:stream";
import type { FileSource } from "../evidence/file-source.js";
import { Lru } from "./lru.js";

interface Entry {
  readonly source: FileSource;
  readonly dispose: () => Promise<void>;
  leases: number;
  evicted: boolean;
}

/**
 * Downloaded artifacts kept open on disk, by artifact id, so a baseline shared by many pull
 * requests (and a head re-reviewed after a label change) is downloaded once. Callers get leases:
 * closing a lease never closes a source another review is reading; an evicted source is closed
 * and its temporary file removed when its last lease is closed.
 */
export class ArtifactCache {
  readonly #entries: Lru<string, Entry>;
  readonly #onError: (error: unknown) => void;

  /**
   * @param maxEntries - artifacts kept (0 keeps none: each lease is the only one)
   * @param onError - told about a source that failed to close or a file that could not be removed
   */
  constructor(maxEntries: number, onError: (error: unknown) => void) {
    this.#onError = onError;
    this.#entries = new Lru<string, Entry>(Math.max(1, maxEntries), {
      onEvict: (_key, entry) => {
        entry.evicted = true;
        this.#disposeIfIdle(entry);
      },
    });
    this.maxEntries = maxEntries;
  }

  readonly maxEntries: number;

  /** A lease on a cached artifact, or `undefined`. */
  lease(key: string): FileSource | undefined {
    const entry = this.#entries.get(key);
    return entry ? this.#lease(entry) : undefined;
  }

  /**
   * Keeps a freshly opened source (unless the cache holds nothing) and returns a lease on it.
   *
   * @param dispose - closes the source and removes its files
   */
  add(key: string, source: FileSource, dispose: () => Promise<void>): FileSource {
    const entry: Entry = { source, dispose, leases: 0, evicted: false };
    if (this.maxEntries > 0) this.#entries.set(key, entry);
    else entry.evicted = true;
    return this.#lease(entry);
  }

  /** Closes every idle artifact now (tests, shutdown). */
  clear(): void {
    this.#entries.clear();
  }

  #lease(entry: Entry): FileSource {
    entry.leases++;
    let closed = false;
    const { source } = entry;
    return {
      label: source.label,
      list: () => source.list(),
      open: (path: string): Promise<Readable> => source.open(path),
      read: (path: string, maxBytes?: number) => source.read(path, maxBytes),
      close: async () => {
        if (closed) return;
        closed = true;
        entry.leases--;
        this.#disposeIfIdle(entry);
      },
    };
  }

  #disposeIfIdle(entry: Entry): void {
    if (!entry.evicted || entry.leases > 0) return;
    entry.dispose().catch(this.#onError);
  }
}
