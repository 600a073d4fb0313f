import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { FileSource } from "../../evidence/file-source.js";
import {
  openZipSource,
  openZipSourceFromStream,
  type ZipOptions,
} from "../../evidence/zip-source.js";
import { DownloadError } from "../download-error.js";
import { fetchArtifactZip } from "./fetch-artifact-zip.js";
import {
  HttpRangeReader,
  parseContentRange,
  type RangeSource,
  requestRange,
} from "./http-range-reader.js";

/** Options for opening a zip behind a signed URL. */
export interface SignedZipOptions {
  /** Per request (a full download: the whole transfer). */
  readonly timeoutMs: number;
  /** Caps for the zip (inflated bytes, entries, ratio; archive bytes when spooled). */
  readonly zip: ZipOptions & { readonly label: string };
  readonly fetch?: typeof fetch | undefined;
  /** A fresh signed URL, for reads after the first one lapsed. */
  readonly refreshUrl?: (() => Promise<string>) | undefined;
  /** Bytes of the file's end fetched first: the end record and, usually, the central directory. */
  readonly tailBytes?: number | undefined;
  /** Told how the zip is read, for logs and the bench. */
  readonly onMode?: ((mode: "range" | "download", reader?: HttpRangeReader) => void) | undefined;
}

/**
 * What yauzl reads first from the end: the end record (22 bytes) with the longest comment a zip
 * may carry, and the 20-byte Zip64 locator before it.
 */
const DEFAULT_TAIL_BYTES = 20 + 22 + 65_535;

/**
 * Opens an artifact zip from its signed storage URL reading only what is needed: a one-byte
 * Range request learns the size, the tail brings the central directory, and each entry asked for
 * is fetched on its own. A storage that ignores Range (a `200` to the probe) gets its answer
 * streamed to a capped temporary file instead, as a full download. No credentials are sent, and
 * the URL never appears in an error.
 *
 * @throws DownloadError when the storage answers with an error (`retryable` when a fresh signed
 *   URL may help); ArtifactError when the zip is over a cap or hostile
 */
export async function openSignedZip(url: string, options: SignedZipOptions): Promise<FileSource> {
  const source: RangeSource = {
    url,
    refresh: options.refreshUrl,
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs,
    label: options.zip.label,
  };
  const probe = await requestRange(source, "bytes=0-0");
  if (probe.status === 200 && probe.body) {
    // Range ignored: this answer is the whole file; spool it rather than asking twice.
    options.onMode?.("download");
    return openZipSourceFromStream(
      Readable.fromWeb(probe.body as WebReadableStream<Uint8Array>),
      options.zip,
    );
  }
  const range = parseContentRange(probe.headers.get("content-range"));
  await probe.body?.cancel();
  if (!probe.ok) {
    // A signed URL lives for about a minute (403 once it lapses); storage can hiccup (5xx) or
    // throttle (429).
    throw new DownloadError(
      `${source.label} could not be downloaded (HTTP ${probe.status} from the artifact storage)`,
      probe.status === 403 || probe.status === 429 || probe.status >= 500,
    );
  }
  if (probe.status !== 206 || !range) {
    options.onMode?.("download");
    return fetchArtifactZip(source.url, options);
  }
  const size = range.total;
  const tailLength = Math.min(size, options.tailBytes ?? DEFAULT_TAIL_BYTES);
  const reader = new HttpRangeReader(source, size, Buffer.alloc(0));
  const chunks: Buffer[] = [];
  for await (const chunk of await reader.fetchRange(size - tailLength, size)) {
    chunks.push(chunk as Buffer);
  }
  const tail = Buffer.concat(chunks);
  if (tail.length !== tailLength) {
    throw new DownloadError(`${source.label}: the storage sent a short range`, true);
  }
  reader.prime(size - tailLength, tail);
  options.onMode?.("range", reader);
  return openZipSource({ reader, size }, options.zip);
}
