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
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSignedZip } from "../src/scm/github/open-signed-zip.js";
import { writeZipWithLargeEntry } from "../test/helpers/make-zip.js";
import { serveFile } from "./serve-file.js";

const gibArg = process.argv.indexOf("--gib");
const GIB = 1024 ** 3;
const size = Math.round((gibArg > 0 ? Number(process.argv[gibArg + 1]) : 1) * GIB);
const METRICS = JSON.stringify({ eval: { accuracy: 0.91, loss: 0.27 }, notes: "x".repeat(960) });

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
    const server = await serveFile(path, honour);
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
