import { open } from "node:fs/promises";
import { InputError } from "../../core/errors.js";
import { isPathInput, type PredictionInput } from "./prediction-input.js";

/** Bytes read from a file per call; large enough that per-chunk costs vanish, small in memory. */
const CHUNK_BYTES = 1 << 20;
/** Longest single record (CSV row or JSON line) kept while waiting for its end. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * Reads buf[start, end) and returns how far it got: the bytes after that (an incomplete record)
 * are given again, followed by more data, on the next call. `final` means no more data comes.
 */
export type ChunkConsumer = (buf: Buffer, start: number, end: number, final: boolean) => number;

/**
 * Feeds the bytes of a file or stream to `consume`, chunk by chunk, and yields after each chunk
 * so a caller can hand over what the chunk produced. Memory is one chunk plus one incomplete
 * record, whatever the size of the input. A file on disk is read into one reused buffer (no
 * allocation per chunk); a stream's chunks are used as they come.
 */
export async function* feedChunks(
  input: PredictionInput,
  file: string,
  consume: ChunkConsumer,
): AsyncGenerator<void> {
  if (isPathInput(input)) {
    const handle = await open(input.path, "r");
    try {
      let buf = Buffer.allocUnsafe(CHUNK_BYTES);
      let carry = 0;
      for (;;) {
        if (carry === buf.length) {
          if (buf.length >= MAX_RECORD_BYTES) throw tooLong(file);
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, carry);
          buf = bigger;
        }
        const { bytesRead } = await handle.read(buf, carry, buf.length - carry, null);
        if (bytesRead === 0) {
          if (carry > 0) consume(buf, 0, carry, true);
          return;
        }
        const end = carry + bytesRead;
        const used = consume(buf, 0, end, false);
        carry = end - used;
        if (carry > 0) buf.copy(buf, 0, used, end);
        yield;
      }
    } finally {
      await handle.close();
    }
  }
  let carry: Buffer | null = null;
  for await (const chunk of input) {
    const data: Buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    const buf: Buffer = carry ? Buffer.concat([carry, data]) : data;
    const used = consume(buf, 0, buf.length, false);
    const left = buf.length - used;
    if (left > MAX_RECORD_BYTES) throw tooLong(file);
    // Copy the leftover so the chunk it came from can be freed.
    carry = left > 0 ? Buffer.from(buf.subarray(used)) : null;
    yield;
  }
  if (carry) consume(carry, 0, carry.length, true);
}

function tooLong(file: string): InputError {
  return new InputError(
    `a single record is longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB (is a quote left open?)`,
    { where: file },
  );
}
