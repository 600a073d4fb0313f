import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArtifactError } from "../../src/core/errors.js";
import { openZipSource, openZipSourceFromStream } from "../../src/evidence/zip-source.js";
import { writeZipWithLargeEntry } from "../helpers/make-zip.js";

const GIB = 1024 * 1024 * 1024;
const METRICS = JSON.stringify({ eval: { accuracy: 0.91, loss: 0.27 }, notes: "x".repeat(960) });

let dir: string;
let zipPath: string;
let smallerZipPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlgate-bigzip-"));
  zipPath = join(dir, "artifact.zip");
  // 1 GiB of zeros stored uncompressed (a hole in a sparse file), then a ~1 KB metrics file.
  await writeZipWithLargeEntry(zipPath, "checkpoints/model.bin", GIB, [
    { name: "metrics.json", data: METRICS },
  ]);
  // Spooling writes every byte for real; a quarter of the size proves the same and is quicker.
  smallerZipPath = join(dir, "smaller.zip");
  await writeZipWithLargeEntry(smallerZipPath, "checkpoints/model.bin", GIB / 4, [
    { name: "metrics.json", data: METRICS },
  ]);
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Growth of resident memory while `fn` runs and holds what it read. */
async function rssGrowth(fn: () => Promise<void>): Promise<number> {
  const before = process.memoryUsage().rss;
  await fn();
  return process.memoryUsage().rss - before;
}

describe("a 1 GB artifact whose metrics file is 1 KB", () => {
  it("is read from disk without holding the artifact in memory", async () => {
    expect((await stat(zipPath)).size).toBeGreaterThan(GIB);
    let content = "";
    const growth = await rssGrowth(async () => {
      const source = await openZipSource(zipPath);
      expect(await source.list()).toEqual(["checkpoints/model.bin", "metrics.json"]);
      content = (await source.read("metrics.json")).toString();
      // The big entry is over the per-file cap: refused from its header, nothing inflated.
      await expect(source.read("checkpoints/model.bin", GIB * 2)).rejects.toThrow(ArtifactError);
      await source.close();
    });
    expect(content).toBe(METRICS);
    expect(growth).toBeLessThan(64 * 1024 * 1024);
  });

  it("is read from a download stream by spooling to disk, not to memory (256 MiB)", async () => {
    let content = "";
    const growth = await rssGrowth(async () => {
      const source = await openZipSourceFromStream(createReadStream(smallerZipPath));
      content = (await source.read("metrics.json")).toString();
      await source.close();
    });
    expect(content).toBe(METRICS);
    expect(growth).toBeLessThan(96 * 1024 * 1024);
  }, 120_000);
});
