import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { defaultConfig } from "../../../src/core/config/parse-config.js";
import { dirSource } from "../../../src/evidence/dir-source.js";
import { readMetrics } from "../../../src/evidence/read-metrics.js";
import { type HostileCase, hostileCase, InputError } from "../harness.js";

/**
 * A folder per case, made when the case runs (so nothing is created at import time). The
 * caller's `build` writes hostile content into `root`; `outside` is a sibling holding a secret.
 */
function inFolder<T>(
  build: (root: string, outside: string) => void,
  use: (root: string) => Promise<T>,
): () => Promise<T> {
  return async () => {
    const base = mkdtempSync(join(tmpdir(), "mlgate-hostile-dir-"));
    folders.push(base);
    const root = join(base, "artifact");
    const outside = join(base, "outside");
    mkdirSync(root);
    mkdirSync(outside);
    writeFileSync(join(outside, "secret.json"), '{"secret": 42}');
    build(root, outside);
    return use(root);
  };
}

/** Folders to remove after the suite. */
export const folders: string[] = [];

const metricsOf = (root: string) =>
  readMetrics(dirSource(root), defaultConfig().metrics).then((r) =>
    Object.fromEntries([...r.metrics].map(([name, m]) => [name, m.value])),
  );
const listOf = (root: string) => dirSource(root).list();
const readOf = (path: string) => (root: string) => dirSource(root).read(path);

const noMetrics = {
  error: InputError,
  where: /artifact$/,
  message: /no metric files found/,
} as const;
const refusedRead = (message: RegExp) =>
  ({ error: InputError, where: /artifact$/, message }) as const;

const HONEST = '{"accuracy": 0.9}';

export const dirCases: readonly HostileCase<unknown>[] = [
  hostileCase({
    input: "folder: metrics.json is a link to /etc/passwd",
    run: inFolder((root) => symlinkSync("/etc/passwd", join(root, "metrics.json")), metricsOf),
    expect: noMetrics,
  }),
  hostileCase({
    input: "folder: reading a link to /etc/passwd by name",
    run: inFolder(
      (root) => symlinkSync("/etc/passwd", join(root, "metrics.json")),
      readOf("metrics.json"),
    ),
    expect: refusedRead(/link to outside the folder/),
  }),
  hostileCase({
    input: "folder: metrics.json links to a sibling folder's secret",
    run: inFolder(
      (root, outside) => symlinkSync(join(outside, "secret.json"), join(root, "metrics.json")),
      metricsOf,
    ),
    expect: noMetrics,
  }),
  hostileCase({
    input: "folder: a relative ../ link",
    run: inFolder(
      (root) => symlinkSync("../outside/secret.json", join(root, "metrics.json")),
      readOf("metrics.json"),
    ),
    expect: refusedRead(/link to outside/),
  }),
  hostileCase({
    input: "folder: a link to the filesystem root is not walked",
    run: inFolder((root) => {
      writeFileSync(join(root, "metrics.json"), HONEST);
      symlinkSync("/", join(root, "eval"));
    }, listOf),
    expect: { result: (files: unknown) => expect(files).toEqual(["metrics.json"]) },
  }),
  hostileCase({
    input: "folder: a link loop between folders",
    run: inFolder((root) => {
      mkdirSync(join(root, "a"));
      symlinkSync("..", join(root, "a", "up"));
      symlinkSync("a", join(root, "b"));
      writeFileSync(join(root, "a", "metrics.json"), HONEST);
    }, metricsOf),
    expect: { result: (m: unknown) => expect(m).toEqual({ accuracy: 0.9 }) },
  }),
  hostileCase({
    input: "folder: a link to itself",
    run: inFolder(
      (root) => symlinkSync("metrics.json", join(root, "metrics.json")),
      readOf("metrics.json"),
    ),
    expect: refusedRead(/no file metrics\.json/),
  }),
  hostileCase({
    input: "folder: a dangling link",
    run: inFolder(
      (root) => symlinkSync("/nonexistent/metrics.json", join(root, "metrics.json")),
      metricsOf,
    ),
    expect: noMetrics,
  }),
  hostileCase({
    input: "folder: a FIFO named metrics.json (must not block)",
    run: inFolder(
      (root) => execFileSync("mkfifo", [join(root, "metrics.json")]),
      readOf("metrics.json"),
    ),
    expect: refusedRead(/not a regular file/),
  }),
  hostileCase({
    input: "folder: a FIFO is not listed",
    run: inFolder((root) => {
      execFileSync("mkfifo", [join(root, "metrics.json")]);
      writeFileSync(join(root, "all_results.json"), '{"eval_loss": 0.5}');
    }, metricsOf),
    expect: { result: (m: unknown) => expect(m).toEqual({ eval_loss: 0.5 }) },
  }),
  hostileCase({
    input: "folder: a file name with a newline is not listed",
    run: inFolder((root) => {
      writeFileSync(join(root, "metrics.json"), HONEST);
      writeFileSync(join(root, "evil\nmetrics.json"), '{"pwned": 1}');
    }, listOf),
    expect: { result: (files: unknown) => expect(files).toEqual(["metrics.json"]) },
  }),
  hostileCase({
    input: "folder: a file name with a backslash is not listed",
    run: inFolder((root) => {
      writeFileSync(join(root, "metrics.json"), HONEST);
      writeFileSync(join(root, "..\\metrics.json"), '{"pwned": 1}');
    }, listOf),
    expect: { result: (files: unknown) => expect(files).toEqual(["metrics.json"]) },
  }),
  ...(
    [
      ["../outside/secret.json", /climbs out/],
      ["/etc/passwd", /absolute/],
      ["a/../../outside/secret.json", /climbs out/],
      ["", /empty/],
      ["..\\outside\\secret.json", /backslash/],
      ["metrics.json\u0000.txt", /control character/],
      ["./metrics.json", /'\.' segment/],
    ] as const
  ).map(([path, message]) =>
    hostileCase({
      input: `folder: read(${JSON.stringify(path)})`,
      run: inFolder((root) => writeFileSync(join(root, "metrics.json"), HONEST), readOf(path)),
      expect: refusedRead(message),
    }),
  ),
  hostileCase({
    input: "folder: a metrics file over the caller's cap",
    run: inFolder(
      (root) => writeFileSync(join(root, "metrics.json"), "x".repeat(5000)),
      (root) => dirSource(root).read("metrics.json", 1024),
    ),
    expect: refusedRead(/larger than the 1024-byte limit/),
  }),
  hostileCase({
    input: "folder: a folder named metrics.json",
    run: inFolder((root) => mkdirSync(join(root, "metrics.json")), metricsOf),
    expect: noMetrics,
  }),
  hostileCase({
    input: "folder: the .git folder is never read",
    run: inFolder((root) => {
      mkdirSync(join(root, ".git"));
      writeFileSync(join(root, ".git", "metrics.json"), '{"pwned": 1}');
      writeFileSync(join(root, "metrics.json"), HONEST);
    }, metricsOf),
    expect: { result: (m: unknown) => expect(m).toEqual({ accuracy: 0.9 }) },
  }),
];
