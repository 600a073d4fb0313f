import { open, stat } from "node:fs/promises";
import { InputError } from "../core/errors.js";
import { dirSource } from "./dir-source.js";
import type { FileSource } from "./file-source.js";
import { singleFileSource } from "./single-file-source.js";
import { openZipSource } from "./zip-source.js";

/**
 * Opens what a user points at: a folder, an artifact zip (by magic bytes, whatever its name), or
 * one metric file.
 */
export async function openInput(path: string): Promise<FileSource> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(
      error.code === "ENOENT"
        ? "no such file or folder"
        : `cannot read it (${error.code ?? error.message})`,
      { where: path },
    );
  });
  if (info.isDirectory()) return dirSource(path);
  if (!info.isFile()) throw new InputError("not a regular file or folder", { where: path });
  return (await isZip(path)) ? openZipSource(path) : singleFileSource(path);
}

async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const magic = Buffer.alloc(4);
    const { bytesRead } = await handle.read(magic, 0, 4, 0);
    return bytesRead === 4 && magic.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}
