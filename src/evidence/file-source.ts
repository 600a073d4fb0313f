import type { Readable } from "node:stream";

/**
 * A read-only set of files: a folder, an artifact zip, or a git revision. Paths are relative,
 * `/`-separated, and never contain `..` (sources reject such entries when they are listed).
 */
export interface FileSource {
  /** Shown to users: "folder ./eval", "artifact eval-results.zip", "git abc1234". */
  readonly label: string;
  /**
   * True for one file given on its own (`mlgate diff a.json b.json`): it is read whatever its
   * name, since the user named it; folders and zips are read through `metrics.files`.
   */
  readonly singleFile?: boolean;
  /** Every file path in the source (not folders). */
  list(): Promise<readonly string[]>;
  /** Streams one file; fails with an ArtifactError/InputError when absent or over the caps. */
  open(path: string): Promise<Readable>;
  /** Reads one file whole, refusing anything larger than `maxBytes`. */
  read(path: string, maxBytes?: number): Promise<Buffer>;
  /** Releases file handles (zip sources keep one open). */
  close(): Promise<void>;
}

/** Largest metric file read whole; larger ones are refused with a clear message. */
export const MAX_METRIC_FILE_BYTES = 64 * 1024 * 1024;
