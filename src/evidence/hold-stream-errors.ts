import type { Stream } from "node:stream";

/**
 * Keeps a stream's error for whoever reads it later. A stream handed out before anyone reads it
 * (a second file opened while the first is read, a download waiting on a temporary folder) may
 * fail meanwhile; with no listener its error would be thrown and end the process. Destroyed with
 * the error, the stream still rejects the reader's `for await` or `pipeline` with it.
 */
export function holdStreamErrors<T extends Stream>(stream: T): T {
  stream.on("error", () => {});
  return stream;
}
