/**
 * A checkout without Git LFS leaves ~130-byte pointers in place of predictions and data files.
 * Read as a CSV a pointer is a one-column table that never drifts and has no label column; it is
 * refused by name instead, on disk and inside an artifact zip.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { refuseLfsPointer } from "../../src/evidence/predictions/refuse-lfs-pointer.js";
import { runCli } from "../cli/run-cli.js";
import { makeZip } from "../helpers/make-zip.js";

const POINTER = [
  "version https://git-lfs.github.com/spec/v1",
  "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393",
  "size 52428800",
  "",
].join("\n");
const SAID =
  "is a Git LFS pointer to a 52428800-byte file, not the file itself: fetch the LFS objects (actions/checkout with lfs: true, or git lfs pull) before mlgate reads it";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mlgate-lfs-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer) => {
  writeFileSync(join(dir, name), content);
  return name;
};

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

describe("Git LFS pointers in place of predictions or data", () => {
  it("mlgate drift and mlgate fairness name the pointer, whatever the extension", async () => {
    for (const ext of ["csv", "jsonl", "parquet"]) {
      write(`ptr.${ext}`, POINTER);
      write("real.csv", "a,b\n1,2\n3,4\n");
      const drift = await runCli(["drift", "real.csv", `ptr.${ext}`], dir);
      expect(drift.stderr).toBe(`mlgate: ptr.${ext}: ${SAID}\n`);
      expect(drift.code).toBe(2);
      const fairness = await runCli(
        ["fairness", `ptr.${ext}`, "--label", "y", "--prediction", "p", "--sensitive", "g"],
        dir,
      );
      expect(fairness.stderr).toBe(`mlgate: ptr.${ext}: ${SAID}\n`);
      expect(fairness.code).toBe(2);
    }
  });

  it("a review whose artifact holds a pointer for its data file is not passed", async () => {
    write(
      "data.yml",
      "metrics:\n  gates:\n    accuracy: { min: 0.5 }\ndata:\n  file: eval.csv\n  gates:\n    drift_share: { max: 0.5 }\n",
    );
    const zip = (data: string) =>
      makeZip([
        { name: "metrics.json", data: JSON.stringify({ accuracy: 0.9 }) },
        { name: "eval.csv", data },
      ]);
    write("base.zip", zip("x,y\n1,2\n3,4\n"));
    write("head.zip", zip(POINTER));
    const r = await runCli(
      [
        "check",
        "--config",
        "data.yml",
        "--head",
        "head.zip",
        "--base",
        "base.zip",
        "--format",
        "json",
      ],
      dir,
    );
    expect(r.stderr).toContain(SAID);
    expect(r.stdout).not.toContain('"verdict": "passed"');
    expect(r.code).not.toBe(0);
  });

  it("streams: a pointer is refused even in small chunks; real data reads through unchanged", async () => {
    const third = Math.ceil(POINTER.length / 3);
    const pieces = [0, 1, 2].map((i) => Buffer.from(POINTER.slice(i * third, (i + 1) * third)));
    await expect(refuseLfsPointer(Readable.from(pieces), "eval.csv")).rejects.toThrow(SAID);
    await expect(
      refuseLfsPointer(Readable.from([Buffer.from(POINTER)]), "eval.csv"),
    ).rejects.toThrow(SAID);

    const small = ["label,prediction\n", "1,1\n", "0,1\n"].map((s) => Buffer.from(s));
    const passed = await refuseLfsPointer(Readable.from(small), "eval.csv");
    expect(await text(passed as Readable)).toBe("label,prediction\n1,1\n0,1\n");
    const big = `label,prediction\n${"1,0\n".repeat(5000)}`;
    const chunks = [Buffer.from(big.slice(0, 4000)), Buffer.from(big.slice(4000))];
    expect(
      await text((await refuseLfsPointer(Readable.from(chunks), "eval.csv")) as Readable),
    ).toBe(big);
    // A file that starts like a pointer but is large is data, not a pointer.
    const long = `${POINTER}${"x".repeat(2000)}`;
    expect(
      await text((await refuseLfsPointer(Readable.from([Buffer.from(long)]), "x")) as Readable),
    ).toBe(long);
  });
});
