import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { ArtifactError, InputError } from "../../src/core/errors.js";
import { spoolToTempFile } from "../../src/evidence/predictions/spool-to-temp-file.js";
import { singleFileSource } from "../../src/evidence/single-file-source.js";
import { openZipSourceFromStream } from "../../src/evidence/zip-source.js";

// A stream nobody reads may still fail (a download's timeout, a file's open): its error must
// reach whoever reads it, or nobody, and never end the process. Vitest fails the run on an
// uncaught error, so each case waits past the stream's failure.

const tmp = process.env.TMPDIR;
afterEach(() => {
  if (tmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmp;
});

/** A download that fails after `ms` unless it is read or destroyed first. */
function failingDownload(ms: number): Readable {
  const stream = new Readable({ read() {} });
  setTimeout(() => stream.destroy(new Error("The operation was aborted due to timeout")), ms);
  return stream;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("streams handed out before they are read", () => {
  it("a download that cannot be spooled is ended at once, and not blamed on the artifact", async () => {
    process.env.TMPDIR = join(tmpdir(), "mlgate-no-such-folder", "x");
    const download = failingDownload(100);
    const error = await openZipSourceFromStream(download, { label: "artifact eval" }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "ENOENT" });
    expect(error).not.toBeInstanceOf(ArtifactError);
    expect(download.destroyed).toBe(true);
    await sleep(200);
  });

  it("a predictions file that cannot be spooled ends its stream too", async () => {
    process.env.TMPDIR = join(tmpdir(), "mlgate-no-such-folder", "x");
    const input = failingDownload(100);
    await expect(spoolToTempFile(input)).rejects.toThrow(/ENOENT/);
    expect(input.destroyed).toBe(true);
    await sleep(200);
  });

  it("a file that cannot be opened fails open(), not a stream read later", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mlgate-unread-"));
    try {
      const path = join(dir, "predictions.csv");
      await writeFile(path, "id,label\n1,1\n");
      const source = singleFileSource(path);
      await rm(path);
      const error = await source.open("predictions.csv").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).toUserMessage()).toBe(
        `${path}: predictions.csv cannot be read (ENOENT)`,
      );
      await sleep(50);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
