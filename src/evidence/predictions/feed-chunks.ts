import { open } from "node:fs/promises";
import { InputError } from "../../core/errors.js";
import { isPathInput, type PathInput, type PredictionInput } from "./prediction-input.js";

/** Bytes read from a file per call; large enough that per-chunk costs vanish, small in memory. */
const CHUNK_BYTES = 1 << 20;
/** Room before each file chunk for the incomplete record left by the previous one. */
const RESERVE_BYTES = 1 << 16;
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
 * record, whatever the size of the input. A file on disk is read into two reused buffers (no
 * allocation per chunk, the next read overlapping the parsing); a stream's chunks are used as
 * they come.
 *
 * With `open: true` the data is not final at its end (a byte range of a larger file): the last
 * call is not `final`, and the generator returns how many bytes were left unconsumed (0 when
 * the range ended on a record boundary). Otherwise it returns 0.
 */
export async function* feedChunks(
  input: PredictionInput,
  file: string,
  consume: ChunkConsumer,
  options: { readonly open?: boolean } = {},
): AsyncGenerator<void, number> {
  if (isPathInput(input)) return yield* feedFile(input, file, consume, options.open === true);
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
  if (options.open) return carry?.length ?? 0;
  if (carry) consume(carry, 0, carry.length, true);
  return 0;
}

/**
 * A file (or a byte range of one) read with two buffers: while `consume` works on one chunk, the
 * next is already being read into the other, so the copy from disk or page cache overlaps the
 * parsing. Each buffer keeps RESERVE_BYTES in front of its chunk, where the incomplete record of
 * the previous chunk is copied; a longer record is joined with the following chunks in buffers
 * of its own until it ends.
 */
async function* feedFile(
  input: PathInput,
  file: string,
  consume: ChunkConsumer,
  open_: boolean,
): AsyncGenerator<void, number> {
  const handle = await open(input.path, "r");
  try {
    let position = input.start ?? 0;
    const limit = input.end ?? Number.POSITIVE_INFINITY;
    const read = (buf: Buffer, offset: number): Promise<number> => {
      const length = Math.max(0, Math.min(CHUNK_BYTES, limit - position));
      const at = position;
      position += length;
      if (length === 0) return Promise.resolve(0);
      return handle.read(buf, offset, length, at).then((r) => r.bytesRead);
    };
    let current = Buffer.allocUnsafe(RESERVE_BYTES + CHUNK_BYTES);
    let spare = Buffer.allocUnsafe(RESERVE_BYTES + CHUNK_BYTES);
    let start = RESERVE_BYTES;
    let end = RESERVE_BYTES + (await read(current, RESERVE_BYTES));
    if (end === start) return 0;
    for (;;) {
      const pending = read(spare, RESERVE_BYTES);
      const used = consume(current, start, end, false);
      const carry = end - used;
      const n = await pending;
      if (n === 0) {
        if (open_) return carry;
        if (carry > 0) consume(current, used, end, true);
        return 0;
      }
      if (carry <= RESERVE_BYTES) {
        current.copy(spare, RESERVE_BYTES - carry, used, end);
        [current, spare] = [spare, current];
        start = RESERVE_BYTES - carry;
        end = RESERVE_BYTES + n;
        yield;
        continue;
      }
      // A record longer than the reserve (rare): grow it chunk by chunk until it ends.
      let long = Buffer.concat([
        current.subarray(used, end),
        spare.subarray(RESERVE_BYTES, RESERVE_BYTES + n),
      ]);
      for (;;) {
        yield;
        const taken = consume(long, 0, long.length, false);
        const left = long.length - taken;
        if (left <= RESERVE_BYTES) {
          long.copy(current, RESERVE_BYTES - left, taken);
          start = RESERVE_BYTES - left;
          end = RESERVE_BYTES + (await read(current, RESERVE_BYTES));
          if (end === RESERVE_BYTES) {
            if (open_) return left;
            if (left > 0) consume(current, start, end, true);
            return 0;
          }
          break;
        }
        if (left > MAX_RECORD_BYTES) throw tooLong(file);
        const more = Buffer.allocUnsafe(CHUNK_BYTES);
        const m = await read(more, 0);
        if (m === 0) {
          if (open_) return left;
          consume(long, taken, long.length, true);
          return 0;
        }
        long = Buffer.concat([long.subarray(taken), more.subarray(0, m)]);
      }
      yield;
    }
  } finally {
    await handle.close();
  }
}

function tooLong(file: string): InputError {
  return new InputError(
    `a single record is longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB (is a quote left open?)`,
    { where: file },
  );
}
