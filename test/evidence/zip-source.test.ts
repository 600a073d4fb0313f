import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArtifactError } from "../../src/core/errors.js";
import { openZipSource, openZipSourceFromStream } from "../../src/evidence/zip-source.js";
import { makeZip, type ZipEntrySpec } from "../helpers/make-zip.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlgate-zip-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function zipFile(
  entries: ZipEntrySpec[],
  name = `a${Math.random().toString(36).slice(2)}.zip`,
): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, makeZip(entries));
  return path;
}

/** Asserts an ArtifactError whose message matches, and returns it. */
async function artifactError(promise: Promise<unknown>, pattern: RegExp): Promise<ArtifactError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ArtifactError);
  expect((error as ArtifactError).message).toMatch(pattern);
  return error as ArtifactError;
}

const GOOD: ZipEntrySpec[] = [
  { name: "eval/", data: "" },
  { name: "eval/metrics.json", data: '{"acc": 0.91}' },
  { name: "metrics.csv", data: "epoch,loss\n0,0.5\n", method: 0 },
  { name: "eval/notes é.txt", data: "unicode name" },
];

describe("openZipSource: honest artifacts", () => {
  it("lists files (not folders), sorted, and reads deflated and stored entries", async () => {
    const source = await openZipSource(await zipFile(GOOD, "eval-results.zip"));
    expect(source.label).toBe("artifact eval-results.zip");
    expect(await source.list()).toEqual(["eval/metrics.json", "eval/notes é.txt", "metrics.csv"]);
    expect((await source.read("eval/metrics.json")).toString()).toBe('{"acc": 0.91}');
    expect(await text(await source.open("metrics.csv"))).toBe("epoch,loss\n0,0.5\n");
    await source.close();
    await source.close();
  });

  it("opens a zip from a buffer, with a label", async () => {
    const source = await openZipSource(makeZip(GOOD), { label: "artifact eval-results" });
    expect(source.label).toBe("artifact eval-results");
    expect((await source.read("eval/notes é.txt")).toString()).toBe("unicode name");
    await source.close();
  });

  it("accepts DOS-made entries without unix modes", async () => {
    const source = await openZipSource(makeZip([{ name: "m.json", data: "{}", host: 0, mode: 0 }]));
    expect(await source.list()).toEqual(["m.json"]);
    await source.close();
  });

  it("says which file is missing", async () => {
    const source = await openZipSource(makeZip(GOOD));
    await artifactError(source.read("nope.json"), /has no file nope\.json/);
    await source.close();
  });
});

describe("openZipSource: hostile artifacts are refused whole at open", () => {
  it.each([
    ["../evil.json", /climbs out with '\.\.'/],
    ["eval/../../evil.json", /climbs out/],
    ["/etc/passwd", /is absolute/],
    ["C:/Windows/evil.json", /drive letter/],
    ["C:\\Windows\\evil.json", /backslash|drive letter/],
    ["eval\\..\\..\\evil.json", /backslash/],
    ["./metrics.json", /'\.' segment/],
    ["a//b.json", /empty or '\.' segment/],
    ["evil\u0000.json", /control character/],
  ])("%j", async (name, pattern) => {
    await artifactError(
      openZipSource(
        makeZip([
          { name: "ok.json", data: "{}" },
          { name, data: "{}" },
        ]),
      ),
      pattern,
    );
  });

  it("refuses a symbolic link entry", async () => {
    const link = { name: "metrics.json", data: "/etc/passwd", mode: 0o120777 };
    await artifactError(openZipSource(makeZip([link])), /symbolic link entry "metrics\.json"/);
  });

  it("refuses device and fifo entries", async () => {
    await artifactError(
      openZipSource(makeZip([{ name: "fifo", data: "", mode: 0o010644 }])),
      /special file/,
    );
  });

  it("refuses duplicate names", async () => {
    const twice = [
      { name: "metrics.json", data: '{"acc": 0.5}' },
      { name: "metrics.json", data: '{"acc": 0.99}' },
    ];
    await artifactError(openZipSource(makeZip(twice)), /two entries named "metrics\.json"/);
  });

  it("refuses more entries than the limit (default 10,000)", async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({
      name: `f${i}.txt`,
      data: "",
      method: 0,
    }));
    await artifactError(
      openZipSource(makeZip(many)),
      /has 10001 entries, more than the 10000 allowed/,
    );
    const few = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt`, data: "" }));
    await artifactError(openZipSource(makeZip(few), { maxEntries: 5 }), /6 entries/);
  });

  it("refuses truncated and non-zip data", async () => {
    const whole = makeZip(GOOD);
    await artifactError(openZipSource(whole.subarray(0, whole.length - 10)), /not a readable zip/);
    await artifactError(openZipSource(whole.subarray(0, 40)), /not a readable zip/);
    await artifactError(
      openZipSource(Buffer.from("PK\u0003\u0004 not really")),
      /not a readable zip/,
    );
    await artifactError(openZipSource(join(dir, "does-not-exist.zip")), /not a readable zip/);
  });

  it("refuses a central directory that points past the end", async () => {
    const zip = Buffer.from(makeZip(GOOD));
    // The end record's "offset of the central directory" field.
    zip.writeUInt32LE(zip.length + 1000, zip.length - 6);
    await artifactError(openZipSource(zip), /not a readable zip/);
  });
});

describe("openZipSource: bombs and corruption are refused when the entry is read", () => {
  const zeros = Buffer.alloc(10 * 1024 * 1024);

  it("refuses an entry past the ratio limit, while other entries stay readable", async () => {
    const source = await openZipSource(
      makeZip([
        { name: "bomb.bin", data: zeros },
        { name: "metrics.json", data: "{}" },
      ]),
    );
    await artifactError(
      source.read("bomb.bin", zeros.length),
      /compression ratio of \d+, more than the 200 allowed/,
    );
    await artifactError(source.open("bomb.bin"), /compression ratio/);
    expect((await source.read("metrics.json")).toString()).toBe("{}");
    await source.close();
  });

  it("stops an entry that inflates past the size its header declares", async () => {
    const liar = makeZip([{ name: "small.json", data: zeros, declaredSize: 100 }]);
    const source = await openZipSource(liar, { maxRatio: 1e9 });
    await artifactError(
      source.read("small.json"),
      /inflates to more than the 100 bytes its header declares/,
    );
    await source.close();
  });

  it("refuses entries over the per-file and total limits", async () => {
    const data = "x".repeat(600);
    const zip = makeZip([
      { name: "a.txt", data },
      { name: "b.txt", data },
    ]);
    const perFile = await openZipSource(zip, { maxFileBytes: 500 });
    await artifactError(
      perFile.open("a.txt"),
      /inflates to 600 bytes, more than the 500 allowed per file/,
    );
    await perFile.close();
    const total = await openZipSource(zip, { maxTotalBytes: 1000 });
    expect((await total.read("a.txt")).length).toBe(600);
    await artifactError(
      total.read("b.txt"),
      /more than the 1000 bytes allowed for the whole artifact/,
    );
    await total.close();
  });

  it("refuses a read larger than the caller's cap", async () => {
    const source = await openZipSource(makeZip([{ name: "a.txt", data: "x".repeat(100) }]));
    await artifactError(source.read("a.txt", 99), /100 bytes, more than the 99 allowed/);
    await source.close();
  });

  it("detects corrupt data by its CRC-32", async () => {
    const source = await openZipSource(
      makeZip([{ name: "m.json", data: '{"acc": 0.9}', method: 0, declaredCrc: 1234 }]),
    );
    await artifactError(source.read("m.json"), /m\.json is corrupt: its CRC-32 does not match/);
    await source.close();
  });

  it("detects deflate data that does not inflate", async () => {
    const zip = Buffer.from(makeZip([{ name: "m.json", data: "x".repeat(1000) }]));
    // Data starts after the 30-byte local header and the 6-byte name; 0xff is an invalid block type.
    zip.fill(0xff, 36, 40);
    const source = await openZipSource(zip);
    await artifactError(source.read("m.json"), /m\.json is corrupt/);
    await source.close();
  });

  it("refuses encrypted entries and unknown compression methods", async () => {
    const source = await openZipSource(
      makeZip([
        { name: "secret.json", data: "{}", flags: 0x801 },
        { name: "lzma.json", data: "{}", method: 14 },
      ]),
    );
    await artifactError(source.read("secret.json"), /encrypted/);
    await artifactError(source.read("lzma.json"), /unsupported compression method \(14\)/);
    await source.close();
  });

  it("keeps a nested zip as an opaque file (never extracted)", async () => {
    const inner = makeZip([{ name: "../../evil.json", data: "{}" }]);
    const source = await openZipSource(makeZip([{ name: "inner.zip", data: inner }]));
    expect(await source.list()).toEqual(["inner.zip"]);
    expect((await source.read("inner.zip")).equals(inner)).toBe(true);
    await source.close();
  });
});

describe("openZipSourceFromStream", () => {
  // A temp folder of this file's own: other test files spool artifacts at the same time.
  const savedTmp = process.env.TMPDIR;
  let privateTmp = "";
  beforeAll(async () => {
    privateTmp = await mkdtemp(join(tmpdir(), "mlgate-zip-test-"));
    process.env.TMPDIR = privateTmp;
  });
  afterAll(async () => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    await rm(privateTmp, { recursive: true, force: true });
  });
  const tempEntries = async () =>
    (await readdir(tmpdir())).filter((name) => name.startsWith("mlgate-artifact-"));

  it("spools the stream to a private temp file and deletes it on close", async () => {
    const before = await tempEntries();
    const source = await openZipSourceFromStream(createReadStream(await zipFile(GOOD)), {
      label: "artifact eval-results",
    });
    expect(source.label).toBe("artifact eval-results");
    expect((await source.read("eval/metrics.json")).toString()).toBe('{"acc": 0.91}');
    expect((await tempEntries()).length).toBe(before.length + 1);
    await source.close();
    expect(await tempEntries()).toEqual(before);
  });

  it("refuses a download over maxArchiveBytes and leaves nothing behind", async () => {
    const before = await tempEntries();
    await artifactError(
      openZipSourceFromStream(Readable.from([makeZip(GOOD)]), { maxArchiveBytes: 100 }),
      /larger than the 100-byte limit/,
    );
    expect(await tempEntries()).toEqual(before);
  });

  it("turns a failed download into an ArtifactError and leaves nothing behind", async () => {
    const before = await tempEntries();
    const failing = new Readable({
      read() {
        this.destroy(new Error("socket hang up"));
      },
    });
    await artifactError(
      openZipSourceFromStream(failing),
      /could not be downloaded: socket hang up/,
    );
    await artifactError(
      openZipSourceFromStream(Readable.from([Buffer.from("not a zip")])),
      /not a readable zip/,
    );
    expect(await tempEntries()).toEqual(before);
  });
});
