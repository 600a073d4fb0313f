import picomatch from "picomatch";

/** Whether any changed file matches the config's `paths:` globs (dotfiles included). */
export function touchesPaths(files: readonly string[], globs: readonly string[]): boolean {
  const matches = picomatch([...globs], { dot: true });
  return files.some((file) => matches(file));
}
