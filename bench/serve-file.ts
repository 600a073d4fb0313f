import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What a {@link serveFile} storage host sent. */
export interface ServedFile {
  /** A signed-looking URL of the file (any path on the host serves the same file). */
  readonly url: string;
  readonly origin: string;
  readonly counted: { bytes: number; requests: number };
  close(): Promise<void>;
}

/**
 * A storage host that serves one file at every path, counting requests and the bytes it sends;
 * it honours single `Range` requests, as GitHub's artifact storage does, unless told not to.
 */
export function serveFile(path: string, honourRange: boolean): Promise<ServedFile> {
  const total = statSync(path).size;
  const counted = { bytes: 0, requests: 0 };
  const server: Server = createServer((req, res) => {
    counted.requests++;
    const match = honourRange ? req.headers.range?.match(/^bytes=(\d*)-(\d*)$/) : null;
    let start = 0;
    let end = total - 1;
    if (match) {
      if (match[1] === "") start = Math.max(0, total - Number(match[2]));
      else {
        start = Number(match[1]);
        if (match[2] !== "") end = Math.min(total - 1, Number(match[2]));
      }
      res.writeHead(206, {
        "content-range": `bytes ${start}-${end}/${total}`,
        "content-length": end - start + 1,
        "accept-ranges": "bytes",
      });
    } else {
      res.writeHead(200, { "content-length": total });
    }
    const stream = createReadStream(path, { start, end });
    stream.on("data", (chunk) => {
      counted.bytes += chunk.length;
    });
    stream.pipe(res);
    req.on("close", () => stream.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        url: `${origin}/artifact.zip?sig=signed`,
        origin,
        counted,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    }),
  );
}
