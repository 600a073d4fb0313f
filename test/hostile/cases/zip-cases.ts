import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { expect } from "vitest";
import type { Config } from "../../../src/core/config/config.js";
import { defaultConfig } from "../../../src/core/config/parse-config.js";
import type { FileSource } from "../../../src/evidence/file-source.js";
import { readMetrics } from "../../../src/evidence/read-metrics.js";
import {
  openZipSource,
  openZipSourceFromStream,
  type ZipOptions,
} from "../../../src/evidence/zip-source.js";
import { makeZip, writeZipWithLargeEntry, type ZipEntrySpec } from "../../helpers/make-zip.js";
import { ArtifactError, type HostileCase, hostileCase, InputError } from "../harness.js";

const LABEL = "artifact.zip";
const METRICS = { name: "metrics.json", data: '{"accuracy": 0.91, "eval": {"loss": 0.27}}' };
const EXPECTED = { accuracy: 0.91, "eval.loss": 0.27 };
const MIB = 1024 * 1024;

async function withZip<T>(
  zip: Buffer,
  fn: (source: FileSource) => Promise<T>,
  options: ZipOptions = {},
): Promise<T> {
  const source = await openZipSource(zip, { label: LABEL, ...options });
  try {
    return await fn(source);
  } finally {
    await source.close();
  }
}

/** Opens the zip and reads every listed file: what a hostile artifact must survive. */
const readAll =
  (entries: readonly ZipEntrySpec[] | Buffer, options: ZipOptions = {}) =>
  () =>
    withZip(
      Buffer.isBuffer(entries) ? entries : makeZip(entries),
      async (source) => {
        const files = await source.list();
        const contents: Record<string, string> = {};
        for (const file of files) contents[file] = (await source.read(file)).toString("utf8");
        return { files, contents };
      },
      options,
    );

/** Opens the zip and reads its metrics as the review would. */
const metricsOf =
  (
    entries: readonly ZipEntrySpec[] | Buffer,
    files?: readonly string[],
    options: ZipOptions = {},
  ) =>
  () =>
    withZip(
      Buffer.isBuffer(entries) ? entries : makeZip(entries),
      async (source) => {
        const base = defaultConfig().metrics;
        const config: Config["metrics"] = files ? { ...base, files } : base;
        const { metrics } = await readMetrics(source, config);
        return Object.fromEntries([...metrics].map(([name, m]) => [name, m.value]));
      },
      options,
    );

const refused = (message: RegExp) => ({ error: ArtifactError, where: LABEL, message }) as const;
const gives = (expected: Record<string, unknown>) => ({
  result: (value: unknown) => expect(value).toEqual(expected),
});
const lists = (files: readonly string[]) => ({
  result: (value: unknown) => expect((value as { files: string[] }).files).toEqual(files),
});

const zeros = (bytes: number) => Buffer.alloc(bytes);

const TRAVERSAL: readonly (readonly [string, string | Buffer, RegExp])[] = [
  ["parent", "../metrics.json", /climbs out/],
  ["grandparent", "../../etc/passwd", /climbs out/],
  ["inside then out", "eval/../../metrics.json", /climbs out/],
  ["deep climb", `${"a/".repeat(50)}${"../".repeat(60)}x`, /climbs out/],
  ["bare ..", "..", /climbs out/],
  ["trailing ..", "eval/..", /climbs out/],
  ["parent folder entry", "../", /climbs out/],
  ["dot segment", "./metrics.json", /'\.' segment/],
  ["inner dot segment", "eval/./metrics.json", /'\.' segment/],
  ["empty segment", "eval//metrics.json", /empty or '\.' segment/],
  ["dot folder entry", "./", /'\.' segment/],
  ["empty name", "", /empty/],
  ["slash only", "/", /empty/],
  ["absolute", "/etc/passwd", /absolute/],
  ["absolute tmp", "/tmp/mlgate-pwned.json", /absolute/],
  ["UNC path", "//server/share/metrics.json", /absolute/],
  ["drive letter slash", "C:/Windows/win.ini", /drive letter/],
  ["drive relative", "c:metrics.json", /drive letter/],
  ["backslash traversal", "..\\..\\metrics.json", /backslash/],
  ["mixed separators", "eval\\../metrics.json", /backslash/],
  ["drive backslash", "C:\\Windows\\win.ini", /backslash|drive letter/],
  ["NUL truncation", "metrics.json\u0000.txt", /control character/],
  ["newline in name", "metrics\n.json", /control character/],
  ["carriage return in name", "metrics\r.json", /control character/],
  ["escape sequence in name", "\u001b[2Jmetrics.json", /control character/],
];

const SPECIAL: readonly (readonly [string, number, RegExp])[] = [
  ["symlink to /etc/passwd", 0o120777, /symbolic link entry "metrics\.json"/],
  ["symlink with no permissions", 0o120000, /symbolic link/],
  ["fifo", 0o010644, /special file/],
  ["character device", 0o020644, /special file/],
  ["block device", 0o060644, /special file/],
  ["socket", 0o140755, /special file/],
  ["unknown file type bits", 0o170644, /special file|symbolic link/],
];

/** A valid zip, then a broken copy made by `mutate`. */
function broken(mutate: (zip: Buffer) => Buffer): Buffer {
  return mutate(Buffer.from(makeZip([METRICS, { name: "eval/b.json", data: "{}" }])));
}

/** 42.zip's shape, small: `levels` of zips, each holding `width` copies of the level below. */
function nestedZips(levels: number, width: number): Buffer {
  let inner = makeZip([{ name: "bomb.bin", data: zeros(4 * MIB) }]);
  for (let level = 0; level < levels; level++) {
    inner = makeZip(
      Array.from({ length: width }, (_, i) => ({ name: `l${level}-${i}.zip`, data: inner })),
    );
  }
  return inner;
}

let bigDir: string | undefined;

export const zipCases: readonly HostileCase<unknown>[] = [
  // --- Path traversal, absolute paths, names that alias or hide: refused at open, whole.
  ...TRAVERSAL.map(([label, name]) =>
    hostileCase({
      input: `entry name: ${label}`,
      run: readAll([METRICS, { name, data: '{"pwned": 1}' }]),
      expect: refused(/unsafe/),
    }),
  ),
  ...TRAVERSAL.slice(0, 6).map(([label, name, reason]) =>
    hostileCase({
      input: `entry name: ${label}, as the only entry, read through readMetrics`,
      run: metricsOf([{ name, data: '{"pwned": 1}' }]),
      expect: refused(reason),
    }),
  ),
  // --- Links and special files.
  ...SPECIAL.map(([label, mode, message]) =>
    hostileCase({
      input: `entry type: ${label}`,
      run: readAll([{ ...METRICS, data: "/etc/passwd", mode }]),
      expect: refused(message),
    }),
  ),
  hostileCase({
    input: "entry name: .. in a CP437 (non-UTF-8) name",
    run: readAll([METRICS, { name: Buffer.from("../x.json", "latin1"), data: "{}", flags: 0 }]),
    expect: refused(/unsafe/),
  }),
  hostileCase({
    input: "symlink entry hidden behind a DOS 'made by' host",
    run: readAll([
      METRICS,
      { name: "eval/link.json", data: "../../../etc/passwd", host: 0, mode: 0o120777 },
    ]),
    expect: refused(/symbolic link/),
  }),
  hostileCase({
    input: "symlink folder entry",
    run: readAll([METRICS, { name: "eval/", mode: 0o120777 }]),
    expect: refused(/symbolic link/),
  }),
  // --- Duplicates.
  hostileCase({
    input: "duplicate name, honest then evil",
    run: readAll([METRICS, { name: "metrics.json", data: '{"accuracy": 0.99}' }]),
    expect: refused(/two entries named "metrics\.json"/),
  }),
  hostileCase({
    input: "duplicate name, deep in a folder",
    run: readAll([
      { name: "eval/deep/m.json", data: "{}" },
      METRICS,
      { name: "eval/deep/m.json", data: "{}" },
    ]),
    expect: refused(/two entries named "eval\/deep\/m\.json"/),
  }),
  hostileCase({
    input: "duplicate name, one stored and one deflated",
    run: readAll([
      { ...METRICS, method: 0 },
      { ...METRICS, method: 8 },
    ]),
    expect: refused(/two entries/),
  }),
  hostileCase({
    input: "names differing only in case are two files",
    run: readAll([
      { name: "Metrics.json", data: '{"a": 1}' },
      { name: "metrics.json", data: '{"a": 2}' },
    ]),
    expect: lists(["Metrics.json", "metrics.json"]),
  }),
  hostileCase({
    input: "names differing only in Unicode normalisation are two files",
    run: readAll([
      { name: "\u00e9.json", data: "{}" },
      { name: "e\u0301.json", data: "{}" },
    ]),
    expect: lists(["e\u0301.json", "\u00e9.json"].sort()),
  }),
  hostileCase({
    input: "the same folder twice is harmless",
    run: readAll([{ name: "eval/" }, { name: "eval/" }, METRICS]),
    expect: lists(["metrics.json"]),
  }),
  hostileCase({
    input: "a folder entry carrying data is not a file",
    run: readAll([{ name: "eval/", data: "hidden" }, METRICS]),
    expect: lists(["metrics.json"]),
  }),
  hostileCase({
    input: "full-width dots are a name, not a climb",
    run: readAll([{ name: "\uff0e\uff0e/x.json", data: "{}" }]),
    expect: lists(["\uff0e\uff0e/x.json"]),
  }),
  hostileCase({
    input: "invalid UTF-8 in an entry name flagged UTF-8",
    run: readAll([{ name: Buffer.from([0x6d, 0xff, 0xfe, 0x2e, 0x6a]), data: "{}" }]),
    expect: {
      result: (value: unknown) => {
        const files = (value as { files: string[] }).files;
        expect(files).toHaveLength(1);
        expect(files[0]).toContain("\ufffd");
      },
    },
  }),
  // --- Entry counts.
  hostileCase({
    input: "10,001 entries (default limit 10,000)",
    run: readAll(Array.from({ length: 10_001 }, (_, i) => ({ name: `f/${i}`, method: 0 }))),
    expect: refused(/10001 entries, more than the 10000 allowed/),
  }),
  hostileCase({
    input: "more folders than the entry limit",
    run: readAll(
      Array.from({ length: 21 }, (_, i) => ({ name: `d${i}/` })),
      { maxEntries: 20 },
    ),
    expect: refused(/21 entries, more than the 20 allowed/),
  }),
  hostileCase({
    input: "end record claiming 65,535 entries",
    run: readAll(
      broken((zip) => {
        zip.writeUInt16LE(0xffff, zip.length - 12);
        zip.writeUInt16LE(0xffff, zip.length - 14);
        return zip;
      }),
    ),
    expect: refused(/65535 entries|not a readable zip/),
  }),
  hostileCase({
    input: "end record claiming fewer entries than there are",
    run: readAll(
      broken((zip) => {
        zip.writeUInt16LE(1, zip.length - 12);
        zip.writeUInt16LE(1, zip.length - 14);
        return zip;
      }),
    ),
    expect: lists(["metrics.json"]),
  }),
  // --- Bombs by ratio, by lying sizes, by total.
  hostileCase({
    input: "ratio bomb: 32 MiB of zeros as metrics.json",
    run: metricsOf([{ name: "metrics.json", data: zeros(32 * MIB) }]),
    expect: refused(/metrics\.json has a compression ratio of \d+, more than the 200 allowed/),
  }),
  hostileCase({
    input: "ratio bomb: 8 MiB of spaces (valid JSON whitespace) around a metric",
    run: metricsOf([
      {
        name: "metrics.json",
        data: Buffer.concat([Buffer.alloc(8 * MIB, " "), Buffer.from("{}")]),
      },
    ]),
    expect: refused(/compression ratio/),
  }),
  hostileCase({
    input: "ratio bomb never read: model.bin beside the metrics",
    run: metricsOf([{ name: "model.bin", data: zeros(32 * MIB) }, METRICS]),
    expect: gives(EXPECTED),
  }),
  hostileCase({
    input: "bomb that declares 100 bytes and inflates to 8 MiB",
    run: readAll([{ name: "metrics.json", data: zeros(8 * MIB), declaredSize: 100 }]),
    expect: refused(/inflates to more than the 100 bytes its header declares/),
  }),
  hostileCase({
    input: "bomb under the ratio check: declares 1 MiB, inflates to 8 MiB",
    run: readAll([{ name: "metrics.json", data: zeros(8 * MIB), declaredSize: MIB }]),
    expect: refused(/more than the 1048576 bytes its header declares|compression ratio/),
  }),
  hostileCase({
    input: "bomb with a raised ratio limit still stopped by the per-file cap",
    run: readAll([{ name: "a.bin", data: zeros(4 * MIB) }], {
      maxRatio: 1e9,
      maxFileBytes: 2 * MIB,
    }),
    expect: refused(/more than the 2097152 allowed per file/),
  }),
  hostileCase({
    input: "many small entries past the total inflated cap",
    run: readAll(
      Array.from({ length: 8 }, (_, i) => ({ name: `part${i}.txt`, data: "x".repeat(300) })),
      { maxTotalBytes: 2000 },
    ),
    expect: refused(/more than the 2000 bytes allowed for the whole artifact/),
  }),
  hostileCase({
    input: "metrics file over the 64 MiB metric cap by its header",
    run: metricsOf([{ ...METRICS, method: 0, declaredSize: 100 * MIB }]),
    expect: refused(/not a readable zip|more than the 67108864 allowed/),
  }),
  hostileCase({
    input: "deflated metrics file declaring 4 GiB − 1 (a zip64 marker without zip64)",
    run: metricsOf([{ ...METRICS, declaredSize: 0xffffffff }]),
    expect: refused(/4294967295|not a readable zip/),
  }),
  // --- Nested zips: never opened.
  hostileCase({
    input: "zip in a zip: the inner metrics are never read",
    run: metricsOf([{ name: "inner.zip", data: makeZip([METRICS]) }]),
    expect: { error: InputError, where: LABEL, message: /no metric files found/ },
  }),
  hostileCase({
    input: "zip in a zip matched by a ** glob is not a metric file",
    run: metricsOf([{ name: "inner.zip", data: makeZip([METRICS]) }], ["**"]),
    expect: {
      error: InputError,
      where: "inner.zip",
      message: /cannot tell this metric file's format/,
    },
  }),
  hostileCase({
    input: "zip bytes named metrics.json are not JSON",
    run: metricsOf([{ name: "metrics.json", data: makeZip([METRICS]) }]),
    expect: { error: InputError, where: "metrics.json", message: /UTF-8|JSON/ },
  }),
  hostileCase({
    input: "zip bytes forced to the json format",
    run: () =>
      withZip(makeZip([{ name: "eval.bin", data: makeZip([METRICS]) }]), (source) =>
        readMetrics(source, {
          ...defaultConfig().metrics,
          files: ["*.bin"],
          formats: [{ glob: "*.bin", format: "json" }],
        }),
      ),
    expect: { error: InputError, where: "eval.bin" },
  }),
  hostileCase({
    input: "42.zip-style nesting (3 levels × 10 zips over a 4 MiB bomb): listed, never opened",
    run: metricsOf([{ name: "nested.zip", data: nestedZips(3, 10) }, METRICS]),
    expect: gives(EXPECTED),
  }),
  hostileCase({
    input: "zip in a zip with traversal names inside: opaque",
    run: readAll([{ name: "inner.zip", data: makeZip([{ name: "../../evil", data: "x" }]) }]),
    expect: lists(["inner.zip"]),
  }),
  // --- Truncated and corrupt archives.
  hostileCase({
    input: "empty file",
    run: readAll(Buffer.alloc(0)),
    expect: refused(/not a readable zip/),
  }),
  hostileCase({
    input: "one byte",
    run: readAll(Buffer.from("P")),
    expect: refused(/not a readable zip/),
  }),
  hostileCase({
    input: "local header magic only",
    run: readAll(Buffer.from("PK\u0003\u0004")),
    expect: refused(/not a readable zip/),
  }),
  ...[0.25, 0.5, 0.75, 0.95].map((fraction) =>
    hostileCase({
      input: `truncated to ${fraction * 100}%`,
      run: readAll(broken((zip) => zip.subarray(0, Math.floor(zip.length * fraction)))),
      expect: refused(/not a readable zip/),
    }),
  ),
  hostileCase({
    input: "truncated by one byte",
    run: readAll(broken((zip) => zip.subarray(0, zip.length - 1))),
    expect: refused(/not a readable zip/),
  }),
  hostileCase({
    input: "end record cut off",
    run: readAll(broken((zip) => zip.subarray(0, zip.length - 22))),
    expect: refused(/not a readable zip/),
  }),
  hostileCase({
    input: "1 KiB of random bytes",
    run: readAll(Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7919 + 13) % 256))),
    expect: refused(/not a readable zip/),
  }),
  hostileCase({
    input: "an empty zip (end record only)",
    run: metricsOf(makeZip([])),
    expect: { error: InputError, where: LABEL, message: /no metric files found/ },
  }),
  hostileCase({
    input: "garbage before the archive",
    run: readAll(broken((zip) => Buffer.concat([Buffer.from("#!/bin/sh\nrm -rf /\n"), zip]))),
    expect: refused(/not a readable zip/),
  }),
  hostileCase({
    input: "garbage after the archive",
    run: readAll(broken((zip) => Buffer.concat([zip, Buffer.from("trailing")]))),
    expect: refused(/not a readable zip/),
  }),
  hostileCase({
    input: "comment length pointing past the end",
    run: readAll(
      broken((zip) => {
        zip.writeUInt16LE(0xffff, zip.length - 2);
        return zip;
      }),
    ),
    expect: refused(/not a readable zip/),
  }),
  hostileCase({
    input: "central directory offset past the end",
    run: readAll(
      broken((zip) => {
        zip.writeUInt32LE(zip.length + 4096, zip.length - 6);
        return zip;
      }),
    ),
    expect: refused(/not a readable zip/),
  }),
  hostileCase({
    input: "central directory size lies (the entries are read by count)",
    run: readAll(
      broken((zip) => {
        zip.writeUInt32LE(3, zip.length - 10);
        return zip;
      }),
    ),
    expect: lists(["eval/b.json", "metrics.json"]),
  }),
  hostileCase({
    input: "central directory header signature overwritten",
    run: readAll(
      broken((zip) => {
        zip.writeUInt32LE(0xdeadbeef, zip.readUInt32LE(zip.length - 6));
        return zip;
      }),
    ),
    expect: refused(/not a readable zip/),
  }),
  hostileCase({
    input: "local header signature overwritten",
    run: readAll(
      broken((zip) => {
        zip.writeUInt32LE(0xdeadbeef, 0);
        return zip;
      }),
    ),
    expect: refused(/metrics\.json cannot be read|corrupt/),
  }),
  hostileCase({
    input: "local header offset pointing past the end",
    run: readAll(
      broken((zip) => {
        const cd = zip.readUInt32LE(zip.length - 6);
        zip.writeUInt32LE(zip.length + 100, cd + 42);
        return zip;
      }),
    ),
    expect: refused(/cannot be read|corrupt|not a readable zip/),
  }),
  hostileCase({
    input: "deflate stream with an invalid block type",
    run: readAll(
      broken((zip) => {
        zip.fill(0xff, 30 + METRICS.name.length, 30 + METRICS.name.length + 4);
        return zip;
      }),
    ),
    expect: refused(/metrics\.json is corrupt/),
  }),
  hostileCase({
    input: "one bit flipped in stored data (CRC-32 catches it)",
    run: () => {
      const zip = Buffer.from(makeZip([{ ...METRICS, method: 0 }]));
      zip.writeUInt8((zip[30 + METRICS.name.length + 3] ?? 0) ^ 0x01, 30 + METRICS.name.length + 3);
      return readAll(zip)();
    },
    expect: refused(/metrics\.json is corrupt: its CRC-32 does not match/),
  }),
  hostileCase({
    input: "CRC-32 that lies",
    run: metricsOf([{ ...METRICS, declaredCrc: 0x12345678 }]),
    expect: refused(/CRC-32 does not match/),
  }),
  hostileCase({
    input: "stored entry declaring more bytes than it has",
    run: readAll([{ ...METRICS, method: 0, declaredSize: METRICS.data.length + 50 }]),
    expect: refused(/size mismatch|not a readable zip/),
  }),
  hostileCase({
    input: "deflated entry declaring fewer bytes than it inflates to",
    run: readAll([{ name: "metrics.json", data: "x".repeat(5000), declaredSize: 10 }]),
    expect: refused(/inflates to more than the 10 bytes/),
  }),
  hostileCase({
    input: "deflated entry declaring more bytes than it inflates to",
    run: readAll([{ ...METRICS, declaredSize: 5000 }]),
    expect: refused(/inflated to \d+ bytes, not the 5000|corrupt/),
  }),
  hostileCase({
    input: "encrypted entry",
    run: metricsOf([{ ...METRICS, flags: 0x801 }]),
    expect: refused(/metrics\.json is encrypted/),
  }),
  ...[
    [12, "bzip2"],
    [14, "LZMA"],
    [93, "zstd"],
    [99, "AES"],
  ].map(([method, name]) =>
    hostileCase({
      input: `compression method ${method} (${name})`,
      run: metricsOf([{ ...METRICS, method: method as number }]),
      expect: refused(new RegExp(`unsupported compression method \\(${method}\\)`)),
    }),
  ),
  // --- Downloads that fail or lie.
  hostileCase({
    input: "download stream that fails half way",
    run: async () => {
      const zip = makeZip([METRICS]);
      let sent = false;
      const stream = new Readable({
        read() {
          if (sent) this.destroy(new Error("ECONNRESET\n    at fake (x.js:1:1)"));
          else this.push(zip.subarray(0, 20));
          sent = true;
        },
      });
      return openZipSourceFromStream(stream, { label: LABEL });
    },
    expect: refused(/could not be downloaded: ECONNRESET/),
  }),
  hostileCase({
    input: "download larger than maxArchiveBytes",
    run: () =>
      openZipSourceFromStream(Readable.from([zeros(4096), zeros(4096)]), {
        label: LABEL,
        maxArchiveBytes: 5000,
      }),
    expect: refused(/larger than the 5000-byte limit/),
  }),
  hostileCase({
    input: "empty download",
    run: () => openZipSourceFromStream(Readable.from([]), { label: LABEL }),
    expect: refused(/not a readable zip/),
  }),
  hostileCase({
    input: "an HTML error page instead of a zip",
    run: () =>
      openZipSourceFromStream(Readable.from([Buffer.from("<html><body>Expired</body></html>")]), {
        label: LABEL,
      }),
    expect: refused(/not a readable zip/),
  }),
  hostileCase({
    input: "1 GiB artifact (sparse) whose metrics file is 1 KB: bounded memory",
    timeout: 120_000,
    run: async () => {
      bigDir = await mkdtemp(join(tmpdir(), "mlgate-hostile-big-"));
      try {
        const path = join(bigDir, "artifact.zip");
        const data = JSON.stringify({ accuracy: 0.91, eval: { loss: 0.27 }, pad: "x".repeat(960) });
        await writeZipWithLargeEntry(path, "checkpoints/model.bin", 1024 * MIB, [
          { name: "metrics.json", data },
        ]);
        const size = (await stat(path)).size;
        const before = process.memoryUsage().rss;
        const source = await openZipSource(path, { label: LABEL });
        try {
          const { metrics } = await readMetrics(source, defaultConfig().metrics);
          const growth = process.memoryUsage().rss - before;
          return { size, growth, names: [...metrics.keys()] };
        } finally {
          await source.close();
        }
      } finally {
        await rm(bigDir, { recursive: true, force: true });
      }
    },
    expect: {
      result: (value: unknown) => {
        const { size, growth, names } = value as { size: number; growth: number; names: string[] };
        expect(size).toBeGreaterThan(1024 * MIB);
        expect(names).toEqual(["accuracy", "eval.loss"]);
        expect(growth).toBeLessThan(64 * MIB);
      },
    },
  }),
];
