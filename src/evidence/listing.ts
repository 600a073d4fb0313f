/** Most paths named when saying what a source holds. */
const SHOWN = 12;

/**
 * "it holds a.json, b/c.csv and 3 more files" (or "it is empty"): what a folder or artifact
 * holds, for a message saying nothing in it matched. Paths are JSON-quoted, so hidden characters
 * in hostile names stay visible and one line stays one line.
 */
export function describeListing(paths: readonly string[]): string {
  if (paths.length === 0) return "it is empty";
  const shown = [...paths]
    .sort()
    .slice(0, SHOWN)
    .map((p) => quote(p));
  const more = paths.length - shown.length;
  return `it holds ${shown.join(", ")}${more > 0 ? ` and ${more} more file${more === 1 ? "" : "s"}` : ""}`;
}

function quote(path: string): string {
  const cut = path.length > 100 ? `${path.slice(0, 99)}…` : path;
  return JSON.stringify(cut).replace(
    /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

const LFS_SPEC = "version https://git-lfs.github.com/spec/v1";

/**
 * When `content` is a Git LFS pointer instead of the file it stands for, one sentence saying so
 * and how to get the file; otherwise undefined. A checkout without LFS leaves these ~130-byte
 * text stubs in place of every tracked file.
 */
export function lfsPointer(content: Buffer): string | undefined {
  if (content.length > 1024) return undefined;
  const text = content.toString("utf8");
  if (!text.startsWith(LFS_SPEC)) return undefined;
  const size = /^size (\d+)$/m.exec(text)?.[1];
  return `is a Git LFS pointer${size ? ` to a ${size}-byte file` : ""}, not the file itself: fetch the LFS objects (actions/checkout with lfs: true, or git lfs pull) before mlgate reads it`;
}
