import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { ArtifactError } from "../../src/core/errors.js";
import { openSignedZip } from "../../src/scm/github/open-signed-zip.js";
import { makeZip } from "../helpers/make-zip.js";

const METRICS = JSON.stringify({ accuracy: 0.91, loss: 0.27 });
/** 2 MB of stored (uncompressed) filler before the metrics file, as a checkpoint would be. */
const ZIP = makeZip([
  { name: "checkpoints/model.bin", data: Buffer.alloc(2 * 1024 * 1024, 7), method: 0 },
  { name: "metrics.json", data: METRICS },
]);

interface Storage {
  url: string;
  bytes: number;
  ranges: (string | undefined)[];
  /** URLs that answer 403 (a lapsed signature). */
  lapsed: Set<string>;
}

let servers: Server[] = [];
afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
  servers = [];
});

/** A storage host serving `zip`, with single Range requests unless `honourRange` is false. */
async function storage(zip: Buffer, honourRange = true): Promise<Storage> {
  const state: Storage = { url: "", bytes: 0, ranges: [], lapsed: new Set() };
  const server = createServer((req, res) => {
    state.ranges.push(req.headers.range);
    if (req.headers.authorization) {
      res.writeHead(400).end("no credentials here");
      return;
    }
    if (state.lapsed.has(req.url ?? "")) {
      res.writeHead(403).end("expired");
      return;
    }
    const match = honourRange ? req.headers.range?.match(/^bytes=(\d+)-(\d+)$/) : null;
    const start = match ? Number(match[1]) : 0;
    const end = match ? Math.min(zip.length - 1, Number(match[2])) : zip.length - 1;
    const body = zip.subarray(start, end + 1);
    state.bytes += body.length;
    res.writeHead(
      match ? 206 : 200,
      match ? { "content-range": `bytes ${start}-${end}/${zip.length}` } : {},
    );
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/a.zip?sig=1`;
  return state;
}

const options = { timeoutMs: 10_000, zip: { label: "artifact" } };

describe("artifact zips read with HTTP Range", () => {
  test("only the central directory and the entry asked for cross the network", async () => {
    const host = await storage(ZIP);
    let mode = "";
    const source = await openSignedZip(host.url, { ...options, onMode: (m) => (mode = m) });
    expect(await source.list()).toEqual(["checkpoints/model.bin", "metrics.json"]);
    expect((await source.read("metrics.json")).toString()).toBe(METRICS);
    await source.close();
    expect(mode).toBe("range");
    expect(host.ranges.every((r) => r !== undefined)).toBe(true);
    expect(host.bytes).toBeLessThan(200 * 1024);
    expect(ZIP.length).toBeGreaterThan(2 * 1024 * 1024);
  });

  test("a central directory beyond the tail is fetched in blocks, not a header at a time", async () => {
    const many = makeZip([
      { name: "checkpoints/model.bin", data: Buffer.alloc(1024 * 1024, 1), method: 0 },
      ...Array.from({ length: 400 }, (_, i) => ({ name: `eval/part-${i}.json`, data: "{}" })),
      { name: "metrics.json", data: METRICS },
    ]);
    const host = await storage(many);
    const source = await openSignedZip(host.url, { ...options, tailBytes: 1024 });
    expect(await source.list()).toHaveLength(402);
    expect((await source.read("metrics.json")).toString()).toBe(METRICS);
    await source.close();
    expect(host.ranges.length).toBeLessThan(10);
    expect(host.bytes).toBeLessThan(many.length / 2);
  });

  test("a storage that ignores Range is read as one streamed download", async () => {
    const host = await storage(ZIP, false);
    let mode = "";
    const source = await openSignedZip(host.url, { ...options, onMode: (m) => (mode = m) });
    expect((await source.read("metrics.json")).toString()).toBe(METRICS);
    await source.close();
    expect(mode).toBe("download");
    expect(host.ranges).toHaveLength(1);
    expect(host.bytes).toBe(ZIP.length);
  });

  test("a signed URL that lapses between reads is asked for again", async () => {
    const host = await storage(ZIP);
    const fresh = `${host.url.replace("sig=1", "sig=2")}`;
    const source = await openSignedZip(host.url, {
      ...options,
      refreshUrl: async () => fresh,
    });
    host.lapsed.add("/a.zip?sig=1");
    // metrics.json is in the tail already fetched; the filler is not.
    const stream = await source.open("checkpoints/model.bin");
    let read = 0;
    for await (const chunk of stream) read += (chunk as Buffer).length;
    await source.close();
    expect(read).toBe(2 * 1024 * 1024);
  });

  test("hostile-zip caps hold on the range path", async () => {
    const host = await storage(ZIP);
    await expect(
      openSignedZip(host.url, { ...options, zip: { label: "artifact", maxEntries: 1 } }),
    ).rejects.toBeInstanceOf(ArtifactError);
    const source = await openSignedZip(host.url, {
      ...options,
      zip: { label: "artifact", maxFileBytes: 1024 },
    });
    await expect(source.read("checkpoints/model.bin")).rejects.toBeInstanceOf(ArtifactError);
    await source.close();
  });

  test("an answer that is not the range asked for is an error, not silently wrong bytes", async () => {
    const host = await storage(ZIP);
    const source = await openSignedZip(host.url, options);
    // The storage now ignores Range: a read outside the tail gets the whole file with a 200.
    servers[0]?.removeAllListeners("request");
    servers[0]?.on("request", (_req, res) => {
      res.writeHead(200).end(ZIP);
    });
    await expect(
      (async () => {
        for await (const _ of await source.open("checkpoints/model.bin")) {
          // drain
        }
      })(),
    ).rejects.toThrow(/could not be read|HTTP 200/);
    await source.close();
  });

  test("an entry whose read fails before anyone reads it is an error for its reader, not the process's", async () => {
    // Two files open at once (a paired comparison opens the baseline's and the head's), the
    // second failing while the first is read.
    const pair = makeZip([
      { name: "base.csv", data: Buffer.alloc(1024 * 1024, 1), method: 0 },
      { name: "head.csv", data: Buffer.alloc(1024 * 1024, 2), method: 0 },
    ]);
    const host = await storage(pair);
    const source = await openSignedZip(host.url, options);
    const failing: string[] = [];
    const serve = servers[0]?.listeners("request")[0] as (...args: unknown[]) => void;
    servers[0]?.removeAllListeners("request");
    servers[0]?.on("request", (req, res) => {
      const match = req.headers.range?.match(/^bytes=(\d+)-(\d+)$/);
      // The head file's bytes: the storage fails.
      if (
        match &&
        Number(match[1]) > 1024 * 1024 &&
        Number(match[2]) - Number(match[1]) > 64 * 1024
      ) {
        failing.push(req.headers.range ?? "");
        res.writeHead(503).end("unavailable");
        return;
      }
      serve(req, res);
    });
    const base = await source.open("base.csv");
    const head = await source.open("head.csv");
    // The head's read has failed, before anyone reads it.
    while (head.errored === null) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(failing.length).toBeGreaterThan(0);
    let read = 0;
    for await (const chunk of base) read += (chunk as Buffer).length;
    expect(read).toBe(1024 * 1024);
    await expect(
      (async () => {
        for await (const _ of head) {
          // drain
        }
      })(),
    ).rejects.toThrow(/head\.csv could not be read: .*503/);
    await source.close();
  });
});
