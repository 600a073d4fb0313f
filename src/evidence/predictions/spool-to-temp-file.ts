import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { holdStreamErrors } from "../hold-stream-errors.js";

/**
 * Copies a stream into a private temporary file. For formats that must seek (Parquet keeps its
 * index at the end) this keeps memory flat where buffering a whole zip entry would not. The
 * caller calls `remove()` when done, in a `finally`.
 */
export async function spoolToTempFile(
  stream: Readable,
): Promise<{ readonly path: string; remove(): Promise<void> }> {
  holdStreamErrors(stream);
  const dir = await mkdtemp(join(tmpdir(), "mlgate-")).catch((error: unknown) => {
    stream.destroy();
    throw error;
  });
  const remove = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, "predictions");
  try {
    await pipeline(stream, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, remove };
}
