import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { FileSource } from "../../evidence/file-source.js";
import { openZipSourceFromStream, type ZipOptions } from "../../evidence/zip-source.js";
import { DownloadError } from "../download-error.js";
import { failureName } from "./http-range-reader.js";

/** Options for fetching a signed artifact URL. */
export interface FetchArtifactOptions {
  /** Covers the whole transfer, body included. */
  readonly timeoutMs: number;
  /** Caps for the zip (archive size spooled to disk, inflated bytes, entries, ratio). */
  readonly zip: ZipOptions & { readonly label: string };
  readonly fetch?: typeof fetch | undefined;
}

/**
 * Streams an artifact zip from its signed storage URL to a private temporary file (capped, never
 * held in memory) and opens it with the hostile-zip caps. No credentials are sent: the URL is its
 * own authorisation, and a token sent to the storage host would leak. The URL never appears in an
 * error: its query string is a secret while it is valid.
 *
 * @throws DownloadError when the storage answers with an error (`retryable` when a fresh signed
 *   URL may help) or the connection fails; ArtifactError when the zip is over a cap or hostile
 */
export async function fetchArtifactZip(
  url: string,
  options: FetchArtifactOptions,
): Promise<FileSource> {
  const what = options.zip.label;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      redirect: "follow",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new DownloadError(`${what} could not be downloaded (${failureName(error)})`, true);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    // A signed URL lives for about a minute (403 once it lapses); storage can hiccup (5xx) or
    // throttle (429).
    throw new DownloadError(
      `${what} could not be downloaded (HTTP ${response.status} from the artifact storage)`,
      response.status === 403 || response.status === 429 || response.status >= 500,
    );
  }
  const stream = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  return openZipSourceFromStream(stream, options.zip);
}
