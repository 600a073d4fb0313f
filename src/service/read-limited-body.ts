import type { IncomingMessage } from "node:http";

/** The body, or why it was not read. */
export type LimitedBody =
  | { readonly kind: "body"; readonly bytes: Buffer }
  | { readonly kind: "too-large" }
  | { readonly kind: "aborted" };

/**
 * Reads a request body of at most `maxBytes`. A declared `Content-Length` over the cap is refused
 * before a byte is read; a body that grows past it while streaming is dropped at that point, so a
 * huge body never sits in memory.
 */
export function readLimitedBody(req: IncomingMessage, maxBytes: number): Promise<LimitedBody> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.resolve({ kind: "too-large" });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: LimitedBody) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        // Stop buffering; the rest is read and thrown away until the connection closes.
        req.resume();
        finish({ kind: "too-large" });
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => finish({ kind: "body", bytes: Buffer.concat(chunks, size) }));
    req.on("error", () => finish({ kind: "aborted" }));
    req.on("aborted", () => finish({ kind: "aborted" }));
  });
}
