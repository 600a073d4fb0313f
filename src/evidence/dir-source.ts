import type { Dirent } from "node:fs";
import { open, readdir, realpath, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Readable } from "node:stream";
import { InputError } from "../core/errors.js";
import { type FileSource, MAX_METRIC_FILE_BYTES } from "./file-source.js";
import { openReadableFile } from "./open-readable-file.js";
import { unsafePathReason } from "./unsafe-path-reason.js";

/**
 * A folder on disk as a {@link FileSource}. A symbolic link to a file is listed and read only
 * when its target is inside the folder (a link to `/etc/passwd` or `../secrets` is neither
 * listed nor opened); links to folders are not walked, so there are no loops and no file is
 * listed twice (as `find` does without `-L`); `.git` folders are not listed.
 */
export function dirSource(root: string): FileSource {
  let realRoot: Promise<string> | undefined;
  const base = (): Promise<string> => {
    realRoot ??= realpath(root).catch(() => {
      throw new InputError("no such folder", { where: root });
    });
    return realRoot;
  };

  /** The real path of a listed file, after checking it stays inside the folder. */
  const resolve = async (path: string): Promise<string> => {
    const reason = unsafePathReason(path);
    if (reason !== undefined) {
      throw new InputError(`refusing to read ${JSON.stringify(path)}: ${reason}`, { where: root });
    }
    const top = await base();
    const real = await realpath(join(top, path)).catch(() => undefined);
    if (real === undefined) throw new InputError(`no file ${path} in the folder`, { where: root });
    if (!isInside(top, real)) {
      throw new InputError(`${path} is a link to outside the folder; refusing to read it`, {
        where: root,
      });
    }
    const info = await stat(real);
    if (!info.isFile()) throw new InputError(`${path} is not a regular file`, { where: root });
    return real;
  };

  return {
    label: `folder ${root}`,
    list: async () => walk(await base()),
    // Opened here, so a file that cannot be opened fails this call rather than a stream nobody
    // may be reading yet.
    open: async (path: string): Promise<Readable> =>
      openReadableFile(await resolve(path), path, root),
    read: async (path: string, maxBytes = MAX_METRIC_FILE_BYTES): Promise<Buffer> => {
      const real = await resolve(path);
      const handle = await open(real, "r");
      try {
        // Read one byte past the cap rather than trusting a size taken before the read.
        const buffer = Buffer.alloc(Math.min((await handle.stat()).size, maxBytes) + 1);
        let filled = 0;
        for (;;) {
          const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
          if (filled > maxBytes) {
            throw new InputError(
              `${path} is larger than the ${maxBytes}-byte limit for this file`,
              {
                where: root,
              },
            );
          }
          if (filled === buffer.length) {
            throw new InputError(`${path} changed while it was being read`, { where: root });
          }
        }
        return buffer.subarray(0, filled);
      } finally {
        await handle.close();
      }
    },
    close: async () => {},
  };
}

function isInside(top: string, path: string): boolean {
  const rel = relative(top, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep);
}

async function walk(top: string): Promise<string[]> {
  const files: string[] = [];
  const pending: { dir: string; prefix: string }[] = [{ dir: top, prefix: "" }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { dir, prefix } = next;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const name = `${prefix}${entry.name}`;
      const full = join(dir, entry.name);
      if (unsafePathReason(name) !== undefined) continue;
      if (entry.isDirectory()) {
        if (entry.name !== ".git") pending.push({ dir: full, prefix: `${name}/` });
      } else if (entry.isFile()) {
        files.push(name);
      } else if (entry.isSymbolicLink()) {
        const real = await realpath(full).catch(() => undefined);
        if (real === undefined || !isInside(top, real)) continue;
        if ((await stat(real).catch(() => undefined))?.isFile()) files.push(name);
      }
    }
  }
  return files.sort();
}
