import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import type { Readable } from "node:stream";
import { InputError } from "../core/errors.js";
import { type FileSource, MAX_METRIC_FILE_BYTES } from "./file-source.js";
import { openReadableFile } from "./open-readable-file.js";

/** One file on disk as a source holding just that file, under its base name. */
export function singleFileSource(path: string): FileSource {
  const name = basename(path);
  const check = (p: string) => {
    if (p !== name) throw new InputError(`no file ${p} (only ${name})`, { where: path });
  };
  return {
    label: `file ${path}`,
    singleFile: true,
    list: async () => [name],
    open: async (p: string): Promise<Readable> => {
      check(p);
      return openReadableFile(path, name, path);
    },
    read: async (p: string, maxBytes = MAX_METRIC_FILE_BYTES) => {
      check(p);
      const { size } = await stat(path);
      if (size > maxBytes) {
        throw new InputError(`the file is ${size} bytes, more than the ${maxBytes} allowed`, {
          where: path,
        });
      }
      return readFile(path);
    },
    close: async () => {},
  };
}
