import type { FileSource } from "./file-source.js";

/** The files of `source` under `prefix/`, with the prefix taken off their paths. */
export function subdirSource(source: FileSource, prefix: string): FileSource {
  const clean = prefix.replace(/^\.\/?/, "").replace(/\/+$/, "");
  if (clean === "") return source;
  const full = (p: string) => `${clean}/${p}`;
  return {
    label: `${source.label}:${clean}`,
    list: async () =>
      (await source.list())
        .filter((p) => p.startsWith(`${clean}/`))
        .map((p) => p.slice(clean.length + 1)),
    open: (p) => source.open(full(p)),
    read: (p, maxBytes) => source.read(full(p), maxBytes),
    close: () => source.close(),
  };
}
