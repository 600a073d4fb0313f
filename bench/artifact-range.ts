/**
 * Reading a 1 GB artifact whose metrics file is 1 KB: HTTP Range reads of the zip's central
 * directory and the one entry, against a full download of the same zip, both from a local HTTP
 * server that counts the bytes it sends.
 *
 *   npx tsx bench/artifact-range.ts [--gib 1]
 *
 * The zip is made in a temporary folder at run time (stored, uncompressed filler; a sparse file)
 * and removed at the end.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSignedZip } from "../src/scm/github/open-signed-zip.js";
import { writeZipWithLargeEntry } from "../test/helpers/make-zip.js";

const gibArg = process.argv.indexOf("--gib");
const GIB = 1024 ** 3;
const size = Math.round((gibArg > 0 ? Number(process.argv[gibArg + 1]) : 1) * GIB);
const METRICS = JSON.stringify({ eval: { accuracy: 0.91, loss: 0.27 }, notes: "x".repeat(960) });

/** A storage host that serves one file, honouring single Range requests unless told not to. */
function serve(path: string, total: number, honourRange: boolean) {
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
  return new Promise<{ url: string; counted: typeof counted; close: () => Promise<void> }>(
    (resolve) =>
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        resolve({
          url: `http://127.0.0.1:${port}/artifact.zip?sig=signed`,
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

async function readMetrics(url: string): Promise<{ ms: number; mode: string; peakRss: number }> {
  let mode = "";
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const source = await openSignedZip(url, {
    timeoutMs: 10 * 60_000,
    zip: { label: "bench artifact", maxArchiveBytes: 4 * GIB },
    onMode: (m) => {
      mode = m;
    },
  });
  try {
    const text = (await source.read("metrics.json")).toString("utf8");
    if (text !== METRICS) throw new Error("metrics.json did not round-trip");
  } finally {
    await source.close();
  }
  const ms = performance.now() - started;
  clearInterval(timer);
  return { ms, mode, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
}

const dir = await mkdtemp(join(tmpdir(), "mlgate-range-bench-"));
try {
  const path = join(dir, "artifact.zip");
  await writeZipWithLargeEntry(path, "checkpoints/model.bin", size, [
    { name: "metrics.json", data: METRICS },
  ]);
  const total = (await stat(path)).size;
  const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e6 ? 3 : 1)} MB`;
  console.log(`artifact: ${mb(total)} zip, metrics.json ${METRICS.length} bytes (machine shared)`);

  const rows: string[][] = [];
  const results: Record<string, { bytes: number; ms: number }> = {};
  for (const [name, honour] of [
    ["range reads (mlgate)", true],
    ["full download (server ignores Range)", false],
  ] as const) {
    const server = await serve(path, total, honour);
    const run = await readMetrics(server.url);
    await server.close();
    results[name] = { bytes: server.counted.bytes, ms: run.ms };
    rows.push([
      name,
      run.mode,
      String(server.counted.requests),
      mb(server.counted.bytes),
      `${(run.ms / 1000).toFixed(3)} s`,
      `${Math.round(run.peakRss / 1e6)} MB`,
    ]);
  }
  console.log(["how", "mode", "requests", "bytes sent", "time", "peak RSS"].join(" | "));
  for (const row of rows) console.log(row.join(" | "));
  const full = results["full download (server ignores Range)"];
  const range = results["range reads (mlgate)"];
  if (full && range) {
    console.log(
      `ratio: ${(full.bytes / range.bytes).toFixed(0)}× fewer bytes, ${(full.ms / range.ms).toFixed(1)}× faster`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
