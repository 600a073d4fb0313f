/** Columns padded to the widest cell (by code points), two spaces apart, indented two. */
export function alignedColumns(header: readonly string[], rows: readonly string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => [...(r[c] ?? "")].length)));
  return all.map(
    (r) =>
      `  ${r
        .map((cell, c) => cell + " ".repeat((widths[c] ?? 0) - [...cell].length))
        .join("  ")
        .trimEnd()}`,
  );
}
