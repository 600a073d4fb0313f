import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32 } from "node:zlib";
import yauzl, { type Entry, type RandomAccessReader, type ZipFile } from "yauzl";
import { ArtifactError } from "../core/errors.js";
import { DownloadError } from "../scm/download-error.js";
import { type FileSource, MAX_METRIC_FILE_BYTES } from "./file-source.js";
import { holdStreamErrors } from "./hold-stream-errors.js";
import { unsafePathReason } from "./unsafe-path-reason.js";

/** Caps that keep a hostile artifact from exhausting memory, disk or time. */
export interface ZipLimits {
  /** Bytes inflated over the source's lifetime, all entries together. */
  readonly maxTotalBytes: number;
  /** Entries in the central directory (folders included). */
  readonly maxEntries: number;
  /** Inflated / compressed size of one entry, checked for entries over 1 MiB. */
  readonly maxRatio: number;
  /** Inflated size of one entry. */
  readonly maxFileBytes: number;
  /** Bytes spooled to disk by {@link openZipSourceFromStream}. */
  readonly maxArchiveBytes: number;
}

/** A zip read in place through a random-access reader (HTTP Range requests), and its size. */
export interface RemoteZip {
  readonly reader: RandomAccessReader;
  readonly size: number;
}

/** Options of {@link openZipSource}: any limits to change, and the label users see. */
export type ZipOptions = Partial<ZipLimits> & { readonly label?: string };

/** Defaults: 512 MiB inflated in all, 10,000 entries, ratio 200, 512 MiB per file, 4 GiB spooled. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 512 * 1024 * 1024,
  maxEntries: 10_000,
  maxRatio: 200,
  maxFileBytes: 512 * 1024 * 1024,
  maxArchiveBytes: 4 * 1024 * 1024 * 1024,
};

/**
 * Small entries are exempt from the ratio check: a few KiB of repetitive JSON compresses past
 * any sane ratio, and is harmless. Bombs are about size.
 */
const RATIO_EXEMPT_BYTES = 1024 * 1024;

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/**
 * Opens an artifact zip (a path on disk, or bytes already in memory) as a {@link FileSource}.
 * Only the central directory is read up front; an entry is inflated when asked for, streamed, so
 * a 1 GB artifact whose metrics file is 1 KB costs 1 KB of memory.
 *
 * Treats every byte as hostile. Refused at open, for the whole artifact (an honest
 * upload-artifact never writes them): more than `maxEntries` entries, `..` / absolute / drive /
 * backslash / empty-segment paths, symbolic links and other non-regular entries (unix mode in
 * the external attributes), duplicate names, and a truncated or corrupt central directory.
 * Refused when an entry is opened: declared or actual size over `maxFileBytes`, inflated bytes
 * over `maxTotalBytes` in all, a ratio over `maxRatio`, encryption, unknown compression, data
 * that does not inflate or does not match its CRC-32. All are `ArtifactError`s.
 */
export async function openZipSource(
  input: string | Buffer | RemoteZip,
  options: ZipOptions = {},
): Promise<FileSource> {
  const label =
    options.label ?? (typeof input === "string" ? `artifact ${basename(input)}` : "artifact");
  const limits = { ...DEFAULT_ZIP_LIMITS, ...withoutUndefined(options) };
  const yauzlOptions = {
    lazyEntries: true,
    autoClose: false,
    decodeStrings: false,
    validateEntrySizes: true,
  };
  let zip: ZipFile;
  try {
    zip =
      typeof input === "string"
        ? await yauzl.openPromise(input, yauzlOptions)
        : Buffer.isBuffer(input)
          ? await yauzl.fromBufferPromise(input, yauzlOptions)
          : await yauzl.fromRandomAccessReaderPromise(input.reader, input.size, yauzlOptions);
  } catch (error) {
    throw new ArtifactError(`is not a readable zip (truncated or corrupt): ${reasonOf(error)}`, {
      where: label,
      cause: error,
    });
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ArtifactError(
        `has ${zip.entryCount} entries, more than the ${limits.maxEntries} allowed`,
        { where: label },
      );
    }
    const entries = await readCentralDirectory(zip, label);
    return zipFileSource(zip, entries, limits, label);
  } catch (error) {
    zip.close();
    throw error;
  }
}

/**
 * Opens an artifact zip arriving as a stream (a GitHub artifact download) by spooling it to a
 * private temporary file, capped at `maxArchiveBytes`; a zip's index is at its end, so it cannot
 * be read as it streams. The file is deleted on `close()` or when opening fails.
 */
export async function openZipSourceFromStream(
  stream: Readable,
  options: ZipOptions = {},
): Promise<FileSource> {
  const label = options.label ?? "artifact";
  const maxArchiveBytes = options.maxArchiveBytes ?? DEFAULT_ZIP_LIMITS.maxArchiveBytes;
  holdStreamErrors(stream);
  const dir = await mkdtemp(join(tmpdir(), "mlgate-artifact-")).catch((error: unknown) => {
    // Nobody will read the download: end it now, not when its timeout fires. The failure is
    // this machine's, not the artifact's: it is not reported as one.
    stream.destroy();
    throw error;
  });
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const path = join(dir, "artifact.zip");
    let spooled = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        spooled += chunk.length;
        if (spooled > maxArchiveBytes) {
          done(
            new ArtifactError(`is larger than the ${maxArchiveBytes}-byte limit for artifacts`, {
              where: label,
            }),
          );
        } else {
          done(null, chunk);
        }
      },
    });
    try {
      await pipeline(stream, cap, createWriteStream(path, { mode: 0o600 }));
    } catch (error) {
      if (error instanceof ArtifactError) throw error;
      throw new ArtifactError(`could not be downloaded: ${reasonOf(error)}`, {
        where: label,
        cause: error,
      });
    }
    const source = await openZipSource(path, { ...options, label });
    const close = source.close;
    return {
      ...source,
      close: async () => {
        await close();
        await remove();
      },
    };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function readCentralDirectory(zip: ZipFile, label: string): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on("error", (error: unknown) =>
      reject(
        error instanceof ArtifactError
          ? error
          : new ArtifactError(`is not a readable zip (truncated or corrupt): ${reasonOf(error)}`, {
              where: label,
              cause: error,
            }),
      ),
    );
    zip.on("end", () => resolve());
    zip.on("entry", (entry: Entry) => {
      try {
        addEntry(entries, entry, label);
        zip.readEntry();
      } catch (error) {
        reject(error);
      }
    });
    zip.readEntry();
  });
  return entries;
}

function addEntry(entries: Map<string, Entry>, entry: Entry, label: string): void {
  // decodeStrings is off so yauzl neither rewrites `\` to `/` nor throws an unexplained error
  // on a bad name; strict decoding keeps backslashes for unsafePathReason to see.
  const decoded = yauzl.getFileNameLowLevel(
    entry.generalPurposeBitFlag,
    entry.fileNameRaw,
    entry.extraFields,
    true,
  );
  const isFolder = decoded.endsWith("/");
  const name = isFolder ? decoded.slice(0, -1) : decoded;
  const shown = JSON.stringify(decoded.length > 200 ? `${decoded.slice(0, 200)}…` : decoded);
  const reason = unsafePathReason(name);
  if (reason !== undefined) {
    throw new ArtifactError(
      `has an entry ${shown} that is unsafe (${reason}); refusing the artifact`,
      {
        where: label,
      },
    );
  }
  // Unix-made zips store st_mode in the high 16 bits of the external attributes; DOS/Windows
  // ones leave them 0, which reads as "no type" here.
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) {
    throw new ArtifactError(`has a symbolic link entry ${shown}; refusing the artifact`, {
      where: label,
    });
  }
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
    throw new ArtifactError(
      `has a special file entry ${shown} (not a file or folder); refusing the artifact`,
      {
        where: label,
      },
    );
  }
  if (isFolder || type === S_IFDIR) return;
  if (entries.has(name)) {
    throw new ArtifactError(`has two entries named ${shown}; refusing the artifact`, {
      where: label,
    });
  }
  entries.set(name, entry);
}

function zipFileSource(
  zip: ZipFile,
  entries: Map<string, Entry>,
  limits: ZipLimits,
  label: string,
): FileSource {
  let inflated = 0;
  let closed = false;

  const open = async (path: string): Promise<Readable> => {
    if (closed) throw new ArtifactError("is already closed", { where: label });
    const entry = entries.get(path);
    if (entry === undefined) throw new ArtifactError(`has no file ${path}`, { where: label });
    const size = entry.uncompressedSize;
    if (entry.isEncrypted()) throw new ArtifactError(`${path} is encrypted`, { where: label });
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw new ArtifactError(
        `${path} uses an unsupported compression method (${entry.compressionMethod})`,
        {
          where: label,
        },
      );
    }
    if (size > limits.maxFileBytes) {
      throw new ArtifactError(
        `${path} inflates to ${size} bytes, more than the ${limits.maxFileBytes} allowed per file`,
        {
          where: label,
        },
      );
    }
    if (inflated + size > limits.maxTotalBytes) {
      throw new ArtifactError(
        `reading ${path} would inflate more than the ${limits.maxTotalBytes} bytes allowed for the whole artifact`,
        { where: label },
      );
    }
    if (size > RATIO_EXEMPT_BYTES && size / Math.max(entry.compressedSize, 1) > limits.maxRatio) {
      throw new ArtifactError(
        `${path} has a compression ratio of ${Math.round(size / Math.max(entry.compressedSize, 1))}, more than the ${limits.maxRatio} allowed (a zip bomb?)`,
        { where: label },
      );
    }
    let raw: Readable;
    try {
      raw = await zip.openReadStreamPromise(entry);
    } catch (error) {
      throw new ArtifactError(`${path} cannot be read: ${reasonOf(error)}`, {
        where: label,
        cause: error,
      });
    }
    // yauzl stops at the declared size (validateEntrySizes); this also keeps the running total,
    // the ratio against what was really read, and the CRC-32 that yauzl does not check.
    let seen = 0;
    let crc = 0;
    const fail = (message: string) => new ArtifactError(`${path} ${message}`, { where: label });
    const guard = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        seen += chunk.length;
        inflated += chunk.length;
        crc = crc32(chunk, crc);
        if (seen > limits.maxFileBytes)
          done(fail(`inflates past the ${limits.maxFileBytes} bytes allowed per file`));
        else if (inflated > limits.maxTotalBytes)
          done(fail(`takes the artifact past the ${limits.maxTotalBytes} inflated bytes allowed`));
        else if (
          seen > RATIO_EXEMPT_BYTES &&
          seen / Math.max(entry.compressedSize, 1) > limits.maxRatio
        ) {
          done(fail(`inflates past a compression ratio of ${limits.maxRatio} (a zip bomb?)`));
        } else done(null, chunk);
      },
      flush(done) {
        if (seen !== size) done(fail(`inflated to ${seen} bytes, not the ${size} its header says`));
        else if (crc >>> 0 !== entry.crc32 >>> 0)
          done(fail("is corrupt: its CRC-32 does not match"));
        else done();
      },
    });
    raw.on("error", (error: unknown) => {
      const reason = reasonOf(error);
      guard.destroy(
        /too many bytes/.test(reason)
          ? fail(`inflates to more than the ${size} bytes its header declares (a zip bomb?)`)
          : // The reader's own failure (the storage, over HTTP) is not the zip's, and may pass.
            error instanceof DownloadError
            ? new DownloadError(`${path} could not be read: ${error.message}`, error.retryable, {
                where: label,
                cause: error,
              })
            : fail(`is corrupt: ${reason}`),
      );
    });
    // Whoever stops reading early (or an error) must also release yauzl's stream and file handle.
    guard.on("close", () => raw.destroy());
    raw.pipe(guard);
    // Read as soon as it is opened, maybe long before its reader starts (a paired comparison
    // reads the baseline's file whole before the head's).
    return holdStreamErrors(guard);
  };

  return {
    label,
    list: async () => [...entries.keys()].sort(),
    open,
    read: async (path: string, maxBytes = MAX_METRIC_FILE_BYTES): Promise<Buffer> => {
      const entry = entries.get(path);
      if (entry !== undefined && entry.uncompressedSize > maxBytes) {
        throw new ArtifactError(
          `${path} is ${entry.uncompressedSize} bytes, more than the ${maxBytes} allowed for it`,
          {
            where: label,
          },
        );
      }
      const stream = await open(path);
      const chunks: Buffer[] = [];
      let length = 0;
      for await (const chunk of stream) {
        const buffer = chunk as Buffer;
        length += buffer.length;
        if (length > maxBytes) {
          stream.destroy();
          throw new ArtifactError(`${path} is more than the ${maxBytes} bytes allowed for it`, {
            where: label,
          });
        }
        chunks.push(buffer);
      }
      return Buffer.concat(chunks, length);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      zip.close();
    },
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof ArtifactError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? "").slice(0, 200);
}

function withoutUndefined(options: ZipOptions): Partial<ZipLimits> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(DEFAULT_ZIP_LIMITS) as (keyof ZipLimits)[]) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out as Partial<ZipLimits>;
}
