import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/** The `@duckdb/node-api` the fairness bench measures; pinned so that figures stay comparable. */
export const DUCKDB_VERSION = "1.5.6-r.1";

/**
 * The path of `@duckdb/node-api`'s entry module under `prefix` (a scratch folder such as
 * bench/.data/duckdb), installed there first with npm if it is missing or another version —
 * about 70 MB with its native bindings, a few seconds once. It is kept out of package.json so
 * that `npm ci` (CI) never downloads DuckDB's binaries for a bench. When npm cannot install it
 * (no registry, say), `skipped` says why in one line instead.
 */
export function installDuckDB(prefix: string): { module: string } | { skipped: string } {
  const manifest = join(prefix, "node_modules", "@duckdb", "node-api", "package.json");
  const installed = () =>
    existsSync(manifest) &&
    (JSON.parse(readFileSync(manifest, "utf8")) as { version?: string }).version === DUCKDB_VERSION;
  if (!installed()) {
    mkdirSync(prefix, { recursive: true });
    const npm = spawnSync(
      "npm",
      [
        "install",
        "--prefix",
        prefix,
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        "--fetch-retries=1",
        "--fetch-timeout=30000",
        `@duckdb/node-api@${DUCKDB_VERSION}`,
      ],
      // From inside the prefix, so that npm never takes the project's package.json for its own.
      { cwd: prefix, encoding: "utf8", timeout: 300_000 },
    );
    if (npm.error || npm.status !== 0) {
      const why = npm.error?.message ?? npmError(npm.stderr);
      return {
        skipped: `npm install @duckdb/node-api@${DUCKDB_VERSION} failed (${why || `exit ${npm.status}`})`,
      };
    }
    if (!installed()) return { skipped: `npm did not install @duckdb/node-api into ${prefix}` };
  }
  return { module: createRequire(join(prefix, "noop.js")).resolve("@duckdb/node-api") };
}

/** npm's error in one line: its code and its first line of explanation. */
function npmError(stderr: string): string {
  const lines = stderr
    .split("\n")
    .filter((l) => l.startsWith("npm error "))
    .map((l) => l.slice("npm error ".length).trim());
  const code = lines.find((l) => l.startsWith("code "))?.slice("code ".length);
  const message = lines.find((l) => l !== "" && !/^(code|syscall|errno) /.test(l));
  return [code, message].filter(Boolean).join(": ");
}
