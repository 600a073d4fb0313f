import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

/** The process's own spool folder, and its removal. */
export interface ArtifactSpool {
  readonly dir: string;
  /** Folders of dead processes removed at start. */
  readonly swept: number;
  remove(): void;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Gives this process a spool folder under the data folder (`spool/<host>-<pid>`) and points the
 * temporary folder there, so every downloaded artifact lands in it. Folders left by processes of
 * this host that are gone, and any folder untouched for a day, are removed first: a kill -9 leaves
 * no gigabytes behind for long.
 */
export function prepareArtifactSpool(dataDir: string, now = Date.now()): ArtifactSpool {
  const root = join(dataDir, "spool");
  mkdirSync(root, { recursive: true });
  const host = hostname();
  let swept = 0;
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    const match = /^(.*)-(\d+)$/.exec(name);
    const ours = match?.[1] === host;
    const pid = Number(match?.[2]);
    const stale = ours ? !alive(pid) : now - statSync(path).mtimeMs > DAY;
    if (ours && pid === process.pid) continue;
    if (stale) {
      rmSync(path, { recursive: true, force: true });
      swept++;
    }
  }
  const dir = join(root, `${host}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  process.env.TMPDIR = dir;
  return {
    dir,
    swept,
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
