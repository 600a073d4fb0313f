/**
 * Why a path from an archive, a folder listing or a git tree cannot be used as a relative,
 * `/`-separated path inside its source, or undefined when it can. Refuses what could escape a
 * folder or alias another entry: absolute paths, drive letters, backslashes (a Windows
 * separator that would hide `..\`), `..`, `.` and empty segments, and NUL or other C0
 * control characters.
 */
export function unsafePathReason(path: string): string | undefined {
  if (path === "") return "the path is empty";
  if (/[\u0000-\u001f]/.test(path)) return "the path contains a control character";
  if (path.includes("\\")) return "the path contains a backslash";
  if (path.startsWith("/")) return "the path is absolute";
  if (/^[A-Za-z]:/.test(path)) return "the path starts with a drive letter";
  for (const segment of path.split("/")) {
    if (segment === "..") return "the path climbs out with '..'";
    if (segment === "." || segment === "") return "the path has an empty or '.' segment";
  }
  return undefined;
}
