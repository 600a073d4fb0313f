import { PassThrough, Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import yauzl from "yauzl";
import { DownloadError } from "../download-error.js";

/** Blocks of this size are fetched for small reads (yauzl reads a header at a time). */
const BLOCK_BYTES = 64 * 1024;
/** Blocks kept for reuse: the central directory is read in order, an entry's header then data. */
const MAX_BLOCKS = 16;

/** How a range reader reaches the file. */
export interface RangeSource {
  /** The signed URL; `refresh` gets a fresh one when it lapses (403). */
  url: string;
  readonly refresh?: (() => Promise<string>) | undefined;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly label: string;
}

/**
 * yauzl's random-access reader over HTTP Range requests: the zip's central directory and the
 * entries asked for are fetched, nothing else. The file's tail (where the central directory
 * usually is) is given up front; small reads fetch a block and keep it, large reads stream.
 * Every byte that crosses the network is counted in {@link transferred}.
 */
export class HttpRangeReader extends yauzl.RandomAccessReader {
  transferred = 0;
  readonly #source: RangeSource;
  readonly #size: number;
  readonly #blocks = new Map<number, Buffer>();

  /** @param tail - the last `tail.length` bytes of the file, already fetched */
  constructor(source: RangeSource, size: number, tail: Buffer) {
    super();
    this.#source = source;
    this.#size = size;
    if (tail.length > 0) this.#blocks.set(size - tail.length, tail);
  }

  /** Bytes of the file at `at` fetched elsewhere (the tail), kept for every later read. */
  prime(at: number, block: Buffer): void {
    this.#blocks.set(at, block);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const cached = this.#cached(start, end);
    if (cached) return Readable.from([cached]);
    const out = new PassThrough();
    const small = end - start <= BLOCK_BYTES;
    let to = small ? Math.min(this.#size, start + BLOCK_BYTES) : end;
    // A block stops where bytes already held begin (a read just before the tail).
    for (const at of this.#blocks.keys()) if (small && at >= end && at < to) to = at;
    this.fetchRange(start, to)
      .then(async (body) => {
        if (!small) {
          body.on("error", (error) => out.destroy(error));
          body.pipe(out);
          return;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(chunk as Buffer);
        const block = Buffer.concat(chunks);
        if (block.length !== to - start) {
          throw new DownloadError(`${this.#source.label}: the storage sent a short range`, false);
        }
        this.#keep(start, block);
        out.end(block.subarray(0, end - start));
      })
      .catch((error: unknown) => out.destroy(error as Error));
    return out;
  }

  /**
   * Fetches bytes `[start, end)` as a stream, asking for a fresh URL once when the signed one
   * has lapsed. Anything but a `206` for exactly that range is an error: a server that ignores
   * Range would send the whole file.
   */
  async fetchRange(start: number, end: number): Promise<Readable> {
    for (let attempt = 0; ; attempt++) {
      const response = await requestRange(this.#source, `bytes=${start}-${end - 1}`);
      if (response.status === 403 && attempt === 0 && this.#source.refresh) {
        await response.body?.cancel();
        this.#source.url = await this.#source.refresh();
        continue;
      }
      const range = parseContentRange(response.headers.get("content-range"));
      if (response.status !== 206 || !response.body || range?.start !== start) {
        await response.body?.cancel();
        throw new DownloadError(
          `${this.#source.label} could not be read (HTTP ${response.status} for a range of the artifact)`,
          response.status === 403 || response.status === 429 || response.status >= 500,
        );
      }
      const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
      body.on("data", (chunk: Buffer) => {
        this.transferred += chunk.length;
      });
      return body;
    }
  }

  #cached(start: number, end: number): Buffer | undefined {
    for (const [at, block] of this.#blocks) {
      if (start >= at && end <= at + block.length) {
        return block.subarray(start - at, end - at);
      }
    }
    return undefined;
  }

  #keep(at: number, block: Buffer): void {
    if (this.#blocks.size >= MAX_BLOCKS) {
      // Keep the tail (the first entry): it holds the central directory.
      const oldest = [...this.#blocks.keys()][1];
      if (oldest !== undefined) this.#blocks.delete(oldest);
    }
    this.#blocks.set(at, block);
  }
}

/** One ranged GET of the signed URL, without credentials (the URL is its own authorisation). */
export async function requestRange(source: RangeSource, range: string): Promise<Response> {
  try {
    return await source.fetch(source.url, {
      redirect: "follow",
      headers: { range },
      signal: AbortSignal.timeout(source.timeoutMs),
    });
  } catch (error) {
    throw new DownloadError(
      `${source.label} could not be downloaded (${failureName(error)})`,
      true,
    );
  }
}

/** `bytes 0-0/1234` → start, end (inclusive) and total; undefined when malformed. */
export function parseContentRange(
  header: string | null,
): { start: number; end: number; total: number } | undefined {
  const match = header?.match(/^bytes (\d+)-(\d+)\/(\d+)$/);
  if (!match) return undefined;
  const [start, end, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!(start <= end && end < total) || !Number.isSafeInteger(total)) return undefined;
  return { start, end, total };
}

/** Only the kind of failure: fetch's messages can quote the URL, a secret while valid. */
export function failureName(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  if (error.name === "TimeoutError" || error.name === "AbortError") return "timed out";
  const code =
    (error.cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
  return typeof code === "string" ? code : error.name;
}
