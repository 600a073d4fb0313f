import { Readable } from "node:stream";
import type { SimpleGit } from "simple-git";
import { InputError } from "../core/errors.js";
import { type FileSource, MAX_METRIC_FILE_BYTES } from "./file-source.js";
import { unsafePathReason } from "./unsafe-path-reason.js";

/** A committed file under a path at one commit: its blob, so equal content is seen as equal. */
export interface TreeFile {
  /** Path relative to the listed folder (the file's own name when a file was listed). */
  readonly path: string;
  readonly blob: string;
  readonly size: number;
}

/** Git file modes that are not regular files: symbolic links and submodules. */
const NOT_FILES = new Set(["120000", "160000"]);

/**
 * The regular files committed under `inRepo` (a folder, or one file) at `sha`, read with one
 * `git ls-tree`; `isFile` when `inRepo` is itself a file. The path is taken literally (no glob).
 */
export async function listTreeFiles(
  git: SimpleGit,
  sha: string,
  inRepo: string,
): Promise<{ files: TreeFile[]; isFile: boolean }> {
  const spec = inRepo === "" ? ":(top)" : `:(top,literal)${inRepo}`;
  const out = await git.raw(["ls-tree", "-r", "-z", "-l", "--full-tree", sha, "--", spec]);
  const files: TreeFile[] = [];
  let isFile = false;
  for (const record of out.split("\0")) {
    const tab = record.indexOf("\t");
    if (tab < 0) continue;
    const [mode, type, blob, size] = record.slice(0, tab).split(/ +/);
    const full = record.slice(tab + 1);
    if (type !== "blob" || !blob || NOT_FILES.has(mode ?? "") || unsafePathReason(full)) continue;
    let path: string;
    if (full === inRepo) {
      isFile = true;
      path = full.slice(full.lastIndexOf("/") + 1);
    } else {
      path = inRepo === "" ? full : full.slice(inRepo.length + 1);
    }
    files.push({ path, blob, size: Number(size) });
  }
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), isFile };
}

/** The listed files as a {@link FileSource}, read by blob with git (nothing is checked out). */
export function treeFilesSource(
  git: SimpleGit,
  label: string,
  files: readonly TreeFile[],
  singleFile: boolean,
): FileSource {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const read = async (path: string, maxBytes = MAX_METRIC_FILE_BYTES): Promise<Buffer> => {
    const file = byPath.get(path);
    if (!file) throw new InputError(`no file ${path}`, { where: label });
    if (file.size > maxBytes) {
      throw new InputError(`${path} is ${file.size} bytes, more than the ${maxBytes} allowed`, {
        where: label,
      });
    }
    return (await git.binaryCatFile(["blob", file.blob])) as Buffer;
  };
  return {
    label,
    singleFile,
    list: async () => files.map((f) => f.path),
    open: async (path) => Readable.from([await read(path)]),
    read,
    close: async () => {},
  };
}
