import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { InputError } from "../core/errors.js";
import { holdStreamErrors } from "./hold-stream-errors.js";

/**
 * A file on disk as a stream, opened before it is handed out: a file that cannot be opened (no
 * permission, gone since it was listed) fails this call with an `InputError` naming it, rather
 * than a stream that may not be read yet (see {@link holdStreamErrors}).
 *
 * @param name the file as the user wrote it, for the message
 * @param where the folder or file the user named
 */
export async function openReadableFile(
  path: string,
  name: string,
  where: string,
): Promise<Readable> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${name} cannot be read (${code ?? (error as Error).message})`, {
      where,
      cause: error,
    });
  }
  return holdStreamErrors(handle.createReadStream());
}
