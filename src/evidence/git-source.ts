import { spawn } from "node:child_process";
import { PassThrough, type Readable } from "node:stream";
import { simpleGit } from "simple-git";
import { InputError } from "../core/errors.js";
import { type FileSource, MAX_METRIC_FILE_BYTES } from "./file-source.js";
import { holdStreamErrors } from "./hold-stream-errors.js";
import { unsafePathReason } from "./unsafe-path-reason.js";

/** Git file modes that are not regular files: symbolic links and submodules. */
const NOT_FILES = new Set(["120000", "160000"]);

/**
 * The files committed at one revision of a local repository, as a {@link FileSource}, read
 * with git itself (nothing is checked out). `rev` is resolved to a commit once, so the source
 * does not move if a branch does. Symbolic links and submodules are not listed. Throws an
 * `InputError` when the revision does not exist.
 */
export async function gitSource(repoDir: string, rev: string): Promise<FileSource> {
  const sha = await resolveCommit(repoDir, rev);
  const git = simpleGit(repoDir);
  const where = `git ${sha.slice(0, 7)}`;
  let files: Set<string> | undefined;

  const list = async (): Promise<readonly string[]> => {
    if (files === undefined) {
      // -z: names come raw, not C-quoted; --full-tree: paths from the top, whatever the cwd.
      const out = await git.raw(["ls-tree", "-r", "-z", "--full-tree", sha]);
      const found: string[] = [];
      for (const record of out.split("\0")) {
        const tab = record.indexOf("\t");
        if (tab < 0) continue;
        const [mode, type] = record.slice(0, tab).split(" ");
        const path = record.slice(tab + 1);
        if (type !== "blob" || NOT_FILES.has(mode ?? "") || unsafePathReason(path) !== undefined)
          continue;
        found.push(path);
      }
      files = new Set(found.sort());
    }
    return [...files];
  };

  /** The size of a listed file, after checking it is one. */
  const sizeOf = async (path: string): Promise<number> => {
    await list();
    if (!files?.has(path)) {
      throw new InputError(`no file ${path} at ${rev} (${sha.slice(0, 7)})`, { where });
    }
    return Number((await git.raw(["cat-file", "-s", `${sha}:${path}`])).trim());
  };

  return {
    label: where,
    list,
    open: async (path: string): Promise<Readable> => {
      await sizeOf(path);
      // Streams straight from git: prediction files can be far larger than memory should hold.
      const child = spawn("git", ["cat-file", "blob", `${sha}:${path}`], {
        cwd: repoDir,
        stdio: ["ignore", "pipe", "ignore"],
      });
      const out = new PassThrough();
      child.stdout.pipe(out, { end: false });
      child.on("error", (error) =>
        out.destroy(new InputError(`cannot run git: ${error.message}`, { where })),
      );
      child.on("close", (code) => {
        if (code === 0) out.end();
        else
          out.destroy(new InputError(`git could not read ${path} (exit code ${code})`, { where }));
      });
      out.on("close", () => {
        if (child.exitCode === null) child.kill();
      });
      return holdStreamErrors(out);
    },
    read: async (path: string, maxBytes = MAX_METRIC_FILE_BYTES): Promise<Buffer> => {
      const size = await sizeOf(path);
      if (size > maxBytes) {
        throw new InputError(`${path} is ${size} bytes, more than the ${maxBytes} allowed for it`, {
          where,
        });
      }
      return (await git.binaryCatFile(["blob", `${sha}:${path}`])) as Buffer;
    },
    close: async () => {},
  };
}

/**
 * The merge base of two revisions (what a pull request is compared against): the commit SHA.
 * Throws an `InputError` when a revision is unknown or the two share no history.
 */
export async function mergeBase(repoDir: string, a: string, b: string): Promise<string> {
  const first = await resolveCommit(repoDir, a);
  const second = await resolveCommit(repoDir, b);
  // git exits 1 with no output when there is no merge base; simple-git resolves that as "".
  const base = await simpleGit(repoDir)
    .raw(["merge-base", first, second])
    .then((out) => out.trim())
    .catch(() => "");
  if (base === "") {
    throw new InputError(`${a} and ${b} have no common ancestor`, { where: repoDir });
  }
  return base;
}

async function resolveCommit(repoDir: string, rev: string): Promise<string> {
  // A revision starting with "-" would be read as an option by git.
  if (rev === "" || rev.startsWith("-")) {
    throw new InputError(`${JSON.stringify(rev)} is not a git revision`, { where: repoDir });
  }
  try {
    const sha = (
      await simpleGit(repoDir).raw(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`])
    ).trim();
    if (!/^[0-9a-f]{40,64}$/.test(sha)) throw new Error("no such commit");
    return sha;
  } catch {
    throw new InputError(`no commit ${JSON.stringify(rev)} in the repository`, { where: repoDir });
  }
}
