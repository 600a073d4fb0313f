import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { InputError } from "../../core/errors.js";
import { lfsPointer } from "../listing.js";
import { isPathInput, type PredictionInput } from "./prediction-input.js";

/** Git LFS pointers are about 130 bytes; anything longer is read as the data it claims to be. */
const POINTER_MAX_BYTES = 1024;

/**
 * Refuses a predictions or data file that is a Git LFS pointer rather than the file: read as a
 * CSV it is a one-column table whose two rows never drift, which would pass a data check that
 * looked at nothing. Returns the input to read on with (a stream is re-assembled after its first
 * chunk was looked at); a part of a file (`start` > 0) is not checked.
 */
export async function refuseLfsPointer(
  input: PredictionInput,
  file: string,
): Promise<PredictionInput> {
  if (isPathInput(input)) {
    if ((input.start ?? 0) > 0) return input;
    const handle = await open(input.path, "r");
    try {
      const { size } = await handle.stat();
      if (size > POINTER_MAX_BYTES) return input;
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(size), 0, size, 0);
      refuse(buffer.subarray(0, bytesRead), file);
    } finally {
      await handle.close();
    }
    return input;
  }
  const chunks = input[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done) return Readable.from([]);
  const head = Buffer.isBuffer(first.value) ? first.value : Buffer.from(first.value);
  if (head.length <= POINTER_MAX_BYTES) {
    // A short first chunk: gather the rest of a small stream before judging it.
    const gathered = [head];
    let length = head.length;
    let next = await chunks.next();
    while (!next.done && length <= POINTER_MAX_BYTES) {
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      gathered.push(chunk);
      length += chunk.length;
      next = await chunks.next();
    }
    const whole = Buffer.concat(gathered);
    if (next.done) refuse(whole, file);
    return Readable.from(rest(whole, next.done ? undefined : next.value, chunks));
  }
  return Readable.from(rest(head, undefined, chunks));
}

function refuse(content: Buffer, file: string): void {
  const pointer = lfsPointer(content);
  if (pointer !== undefined) throw new InputError(pointer, { where: file });
}

async function* rest(
  first: Buffer,
  second: unknown,
  chunks: AsyncIterator<unknown>,
): AsyncGenerator<Buffer> {
  yield first;
  if (second !== undefined) yield Buffer.isBuffer(second) ? second : Buffer.from(second as string);
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
    yield Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as string);
  }
}
