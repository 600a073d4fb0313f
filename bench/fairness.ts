/**
 * Bias check over a large predictions file (DESIGN.md "How fast, how big"; issue 3 target: 5M
 * rows / ≈146 MB of CSV in under 1 s on a 2-core machine, at least 4× faster than vectorised
 * pandas, peak RSS under 150 MB and not growing with the number of rows; DESIGN.md adds: ahead
 * of DuckDB with 2 threads and one GROUP BY).
 *
 *   npx tsx bench/fairness.ts [--runs N] [--rows N] [--no-duckdb]      (or: bench/fairness)
 *
 * Generates seeded predictions CSVs (id,label,prediction,score,sex,race) once into bench/.data/,
 * bundles `mlgate fairness` with esbuild into plain Node modules (so the timed process starts
 * like the built CLI, without a TypeScript loader), and runs it in a child process:
 *
 * - 1M rows (28 MB, under the 32 MiB threshold: one thread), plain — the CSV fast path;
 * - the same 1M rows with every race written `"Bl""ack"` — each record goes through the general
 *   (quoted-field state machine) path; one thread; the figures of both paths side by side;
 * - 5M rows (146 MB): one thread per CPU.
 *
 * For each: wall time of the whole process, time inside the command, CPU time (all threads),
 * rows per second, peak RSS. On the 5M file, two references compute the same groups (the
 * intersections of sex and race) in a child process of their own, taking turns with mlgate run
 * by run so that load from other work on the machine falls on all of them alike:
 *
 * - DuckDB (`@duckdb/node-api`, bench/fairness-duckdb-entry.ts, bundled like mlgate): `SET
 *   threads = 2` and one `read_csv` query with GROUPING SETS giving every figure mlgate reports
 *   per group and overall. It is not a dependency of the project (`npm ci` must not download its
 *   native binaries): by default the bench installs the pinned version into
 *   bench/.data/duckdb/node_modules on first use (~70 MB, a few seconds; bench/install-duckdb.ts).
 *   `--no-duckdb` leaves it out; if npm cannot install it, one line says DuckDB was skipped and
 *   why, and the rest runs.
 * - Where Debian's python3 has pandas, a vectorised pandas groupby computing the selection rates,
 *   TPR and FPR.
 *
 * The bench checks that each reference agrees with mlgate (counts exactly, rates to 1e-9) and
 * stops with an error if not, then prints the ratios. Peak RSS is each process's own maximum
 * resident set (getrusage's ru_maxrss, Linux's VmHWM). Each figure is the median of N runs
 * (default 3) on a warm page cache, after one warm-up run of each program.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  writeSync,
} from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { compareFairness } from "./compare-fairness.js";
import { fairnessReferences, type ReferenceRun, type Run } from "./fairness-references.js";
import { DUCKDB_VERSION } from "./install-duckdb.js";

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, ".data");

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    rows: { type: "string", default: "5000000" },
    duckdb: { type: "boolean", default: true },
  },
  allowNegative: true,
});
const runs = Math.max(1, Number(values.runs));
const bigRows = Number(values.rows);

/** mulberry32: small, seeded, the same stream on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RACES = [
  ["White", 0.6],
  ["Black", 0.13],
  ["Hispanic", 0.18],
  ["Asian", 0.06],
  ["Other", 0.03],
] as const;

/** Writes `rows` seeded rows once; later runs reuse the file. */
function ensureData(rows: number): string {
  const path = join(dataDir, `predictions-${rows}.csv`);
  if (existsSync(path)) return path;
  mkdirSync(dataDir, { recursive: true });
  const random = rng(20240611);
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w");
  let chunk = "id,label,prediction,score,sex,race\n";
  for (let id = 1; id <= rows; id++) {
    const sex = random() < 0.5 ? "F" : "M";
    let u = random();
    let race: string = RACES[0][0];
    for (const [name, p] of RACES) {
      if (u < p) {
        race = name;
        break;
      }
      u -= p;
    }
    // A model that is a little harsher on some groups, so the disparities are not all zero.
    const base =
      0.3 + (sex === "F" ? 0.05 : 0) + (race === "Black" ? -0.04 : race === "Asian" ? 0.03 : 0);
    const label = random() < base ? 1 : 0;
    const skill = 0.8 - (race === "Hispanic" ? 0.06 : 0) - (sex === "M" ? 0.02 : 0);
    const score = label === 1 ? skill * random() + (1 - skill) * 0.5 + 0.25 : random() * 0.7;
    const s = Math.min(0.999999, Math.max(0, score));
    const prediction = s >= 0.5 ? 1 : 0;
    chunk += `${id},${label},${prediction},${s.toFixed(6)},${sex},${race}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = "";
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  renameSync(tmp, path);
  return path;
}

/** The same rows with the race quoted around a doubled quote: every record takes the general path. */
async function ensureQuoted(source: string): Promise<string> {
  const path = source.replace(/\.csv$/, "-quoted.csv");
  if (existsSync(path)) return path;
  const out = createWriteStream(`${path}.tmp`);
  let header = true;
  for await (const line of createInterface({ input: createReadStream(source) })) {
    if (header) {
      out.write(`${line}\n`);
      header = false;
      continue;
    }
    const cut = line.lastIndexOf(",");
    const race = line.slice(cut + 1);
    const quoted = `"${race.slice(0, 2)}""${race.slice(2)}"`;
    if (!out.write(`${line.slice(0, cut + 1)}${quoted}\n`)) {
      await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  renameSync(`${path}.tmp`, path);
  return path;
}

/**
 * Bundles the command and the CSV worker into bench/.data/bundle/ with code splitting, so that,
 * as in the tsc build, modules imported on demand (hyparquet) stay out of startup and the worker
 * sits beside the code that starts it; the DuckDB reference's program beside them.
 */
async function bundle(): Promise<{ mlgate: string; duckdb: string }> {
  const outdir = join(dataDir, "bundle");
  await build({
    entryPoints: [
      join(here, "fairness-entry.ts"),
      join(here, "../src/evidence/predictions/csv-part-worker.ts"),
      join(here, "fairness-duckdb-entry.ts"),
    ],
    outdir,
    entryNames: "[name]",
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
  return {
    mlgate: join(outdir, "fairness-entry.js"),
    duckdb: join(outdir, "fairness-duckdb-entry.js"),
  };
}

/** The median; of an even number of values, the mean of the middle two. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function runMlgate(program: string, file: string): Run {
  const started = process.hrtime.bigint();
  const child = spawnSync(
    process.execPath,
    [
      program,
      file,
      "--label",
      "label",
      "--prediction",
      "prediction",
      "--sensitive",
      "sex,race",
      "--format",
      "json",
    ],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`mlgate failed: ${child.stderr}`);
  const stats = JSON.parse(child.stderr.trim().split("\n").pop() as string) as {
    ms: number;
    cpuMs: number;
    maxRssKiB: number;
  };
  return {
    wallMs,
    innerMs: stats.ms,
    cpuMs: stats.cpuMs,
    maxRssKiB: stats.maxRssKiB,
    stdout: child.stdout,
  };
}

const fmtMs = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const fmtRss = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

interface Summary {
  wall: number;
  inner: number;
  cpu: number;
  rss: number;
  stdout: string;
}

function summarise(rs: Run[]): Summary {
  return {
    wall: median(rs.map((r) => r.wallMs)),
    inner: median(rs.map((r) => r.innerMs)),
    cpu: median(rs.map((r) => r.cpuMs)),
    rss: median(rs.map((r) => r.maxRssKiB)),
    stdout: (rs[0] as Run).stdout,
  };
}

function line(name: string, rows: number, file: string, s: Summary): void {
  console.log(
    [
      name.padEnd(24),
      `${(statSync(file).size / 1e6).toFixed(0)} MB`.padEnd(8),
      fmtMs(s.wall).padEnd(10),
      fmtMs(s.inner).padEnd(10),
      fmtMs(s.cpu).padEnd(10),
      `${(rows / (s.inner / 1000) / 1e6).toFixed(2)}M`.padEnd(9),
      fmtRss(s.rss),
    ].join(" "),
  );
}

/** "1.25× faster" or "1.10× slower": how mlgate (`ours`) compares with a reference (`theirs`). */
function times(theirs: number, ours: number, better: string, worse: string): string {
  return theirs >= ours
    ? `${(theirs / ours).toFixed(2)}× ${better}`
    : `${(ours / theirs).toFixed(2)}× ${worse}`;
}

const programs = await bundle();
const small = ensureData(1_000_000);
const quoted = await ensureQuoted(small);
const big = ensureData(bigRows);
const millions = `${bigRows / 1e6}M`;
const { references, skipped } = fairnessReferences({
  file: big,
  rowsLabel: millions,
  duckdb: values.duckdb,
  duckdbPrefix: join(dataDir, "duckdb"),
  duckdbProgram: programs.duckdb,
});

console.log(
  `mlgate fairness — node ${process.version}, ${availableParallelism()} CPUs, median of ${runs} run(s)\n`,
);
console.log(
  "input                    size     wall       command    CPU        rows/s    peak RSS",
);
const measure = (file: string) => {
  runMlgate(programs.mlgate, file); // warm the page cache and the disk
  return summarise(Array.from({ length: runs }, () => runMlgate(programs.mlgate, file)));
};
const fast = measure(small);
line("1M, fast path, 1 thread", 1_000_000, small, fast);
const general = measure(quoted);
line("1M, general path, 1 th.", 1_000_000, quoted, general);

// The large file: one warm-up each, then mlgate and the references take turns run by run, so
// that load from other work on this machine falls on all of them alike.
runMlgate(programs.mlgate, big);
for (const reference of [...references]) {
  try {
    reference.run();
  } catch (error) {
    // Exit 3: DuckDB's native module would not load here; anything else is a real failure.
    if (reference.name !== "DuckDB" || (error as { status?: number }).status !== 3) throw error;
    references.splice(references.indexOf(reference), 1);
    skipped.push(`DuckDB skipped: ${(error as Error).message}.`);
  }
}
const bigRuns: Run[] = [];
for (let i = 0; i < runs; i++) {
  bigRuns.push(runMlgate(programs.mlgate, big));
  for (const reference of references) reference.runs.push(reference.run());
}
const large = summarise(bigRuns);
line(`${millions}, all CPUs`, bigRows, big, large);
console.log(
  `\npeak RSS: ${fmtRss(fast.rss)} at 1M rows, ${fmtRss(large.rss)} at ${millions} rows (the extra is the worker thread, not rows)`,
);
// The same rows apart from the race spelling: both paths must count them all alike.
const counts = (s: Summary) =>
  (JSON.parse(s.stdout) as { groups: { count: number }[] }).groups.map((g) => g.count).join();
if (counts(fast) !== counts(general)) throw new Error("the fast and general paths disagree");

console.log("");
for (const message of skipped) console.log(message);
for (const reference of references) line(reference.label, bigRows, big, summarise(reference.runs));
// Same numbers? Every figure each reference gives, per group (and overall), in every run,
// against mlgate's; a disagreement stops the bench with an error.
for (const reference of references) {
  const check = (r: ReferenceRun) =>
    compareFairness(reference.name, large.stdout, ["sex", "race"], r.figures);
  const worst = Math.max(...reference.runs.map(check));
  const what = reference.runs[0]?.figures.overall
    ? "counts and rates, per group and overall"
    : "rates per group";
  console.log(
    `${reference.name} agrees with mlgate on ${what}; largest difference in a rate: ${worst.toExponential(1)}`,
  );
}
for (const reference of references) {
  const t = summarise(reference.runs);
  console.log(
    `mlgate vs ${reference.name} at ${millions} rows: ${times(t.wall, large.wall, "faster", "slower")} (process wall), ${times(t.inner, large.inner, "faster", "slower")} (inside), ${times(t.cpu, large.cpu, "less CPU", "more CPU")}, ${times(t.rss, large.rss, "less memory", "more memory")}`,
  );
}
if (references.some((r) => r.name === "DuckDB")) {
  console.log(
    `(DuckDB: @duckdb/node-api ${DUCKDB_VERSION}, SET threads = 2, one GROUPING SETS query over read_csv)`,
  );
}
