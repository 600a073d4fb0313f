/**
 * The DuckDB reference of bench/fairness.ts as a standalone program, bundled with esbuild like
 * fairness-entry.ts so that it starts without a TypeScript loader.
 *
 *   node fairness-duckdb-entry.js DUCKDB_MODULE FILE THREADS
 *
 * DUCKDB_MODULE is the path of `@duckdb/node-api`'s entry module in the bench's scratch prefix
 * (it is not one of the project's dependencies). One query over `read_csv(FILE)` with
 * `GROUPING SETS ((sex, race), ())` counts each intersection of the sensitive columns and all
 * rows, and derives from the counts every figure mlgate's JSON report has per group and overall.
 * Prints `{"ms", "cpuMs", "maxRssKiB", "groups", "overall"}` to stdout: `ms` runs from before
 * the native module loads (like pandas' `import pandas` in the pandas reference) to the rows
 * read back; `groups` is keyed `sex|race`. Exit 3 if the module cannot be loaded.
 */
import { createRequire } from "node:module";

interface Connection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }>;
  closeSync(): void;
}

interface DuckDBApi {
  DuckDBInstance: {
    create(path: string): Promise<{ connect(): Promise<Connection>; closeSync(): void }>;
  };
}

const [modulePath, file, threads] = process.argv.slice(2);
if (modulePath === undefined || file === undefined || !/^\d+$/.test(threads ?? "")) {
  process.stderr.write("usage: fairness-duckdb-entry.js DUCKDB_MODULE FILE THREADS\n");
  process.exit(2);
}

const started = performance.now();
let api: DuckDBApi;
try {
  api = createRequire(import.meta.url)(modulePath) as DuckDBApi;
} catch (error) {
  process.stderr.write(`cannot load ${modulePath}: ${(error as Error).message.split("\n")[0]}\n`);
  process.exit(3);
}
const instance = await api.DuckDBInstance.create(":memory:");
const connection = await instance.connect();
await connection.run(`SET threads = ${threads}`);
const literal = `'${file.replaceAll("'", "''")}'`;
// Counts as DOUBLE so that they come back as numbers, not BigInts; `/` is float division.
const reader = await connection.runAndReadAll(`
  WITH c AS (
    SELECT sex, race, GROUPING(sex) AS overall,
      count(*) AS n,
      count_if(label = 1) AS pos,
      count_if(prediction = 1) AS sel,
      count_if(label = 1 AND prediction = 1) AS tp
    FROM read_csv(${literal})
    GROUP BY GROUPING SETS ((sex, race), ())
  )
  SELECT sex, race, overall::INTEGER AS overall,
    n::DOUBLE AS count,
    pos::DOUBLE AS positives,
    (n - pos)::DOUBLE AS negatives,
    sel / n AS selection_rate,
    tp / NULLIF(pos, 0) AS true_positive_rate,
    (sel - tp) / NULLIF(n - pos, 0) AS false_positive_rate,
    (pos - tp) / NULLIF(pos, 0) AS false_negative_rate,
    (n - pos - (sel - tp)) / NULLIF(n - pos, 0) AS true_negative_rate,
    tp / NULLIF(sel, 0) AS precision,
    (tp + n - pos - (sel - tp)) / n AS accuracy
  FROM c`);
const rows = reader.getRowObjectsJS();
const ms = performance.now() - started;
connection.closeSync();
instance.closeSync();

const groups: Record<string, Record<string, unknown>> = {};
let overall: Record<string, unknown> | undefined;
for (const { sex, race, overall: isOverall, ...figures } of rows) {
  if (isOverall === 1) overall = figures;
  else groups[`${sex}|${race}`] = figures;
}
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
process.stdout.write(
  `${JSON.stringify({ ms, cpuMs, maxRssKiB: usage.maxRSS, groups, overall })}\n`,
);
