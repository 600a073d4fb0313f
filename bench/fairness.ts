/**
 * Bias check over a large predictions file (DESIGN.md "How fast, how big"; issue 3 target: 5M
 * rows / ≈146 MB of CSV in under 1 s on a 2-core machine, at least 4× faster than vectorised
 * pandas, peak RSS under 150 MB and not growing with the number of rows).
 *
 *   npx tsx bench/fairness.ts [--runs N] [--rows N]      (or: bench/fairness)
 *
 * Generates seeded predictions CSVs (id,label,prediction,score,sex,race) once into bench/.data/,
 * bundles `mlgate fairness` with esbuild into a plain Node program (so the timed process starts
 * like the built CLI, without a TypeScript loader), and runs it in a child process at 1M and 5M
 * rows: wall time of the whole process, time inside the command, rows per second, peak RSS.
 * Where Debian's python3 has pandas, runs a vectorised pandas groupby computing the same
 * selection rates, TPR and FPR on the 5M file, checks both agree, and prints the ratio. Each
 * figure is the median of N runs (default 3) on a warm page cache.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, ".data");

const { values } = parseArgs({
  options: { runs: { type: "string", default: "3" }, rows: { type: "string", default: "5000000" } },
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
    const base = 0.3 + (sex === "F" ? 0.05 : 0) + (race === "Black" ? -0.04 : race === "Asian" ? 0.03 : 0);
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

async function bundle(): Promise<string> {
  const out = join(dataDir, "mlgate-fairness.mjs");
  await build({
    entryPoints: [join(here, "fairness-entry.ts")],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
  return out;
}

interface Run {
  wallMs: number;
  innerMs: number;
  maxRssKiB: number;
  stdout: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function runMlgate(program: string, file: string): Run {
  const started = process.hrtime.bigint();
  const child = spawnSync(
    process.execPath,
    [program, file, "--label", "label", "--prediction", "prediction", "--sensitive", "sex,race", "--format", "json"],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`mlgate failed: ${child.stderr}`);
  const stats = JSON.parse(child.stderr.trim().split("\n").pop() as string) as {
    ms: number;
    maxRssKiB: number;
  };
  return { wallMs, innerMs: stats.ms, maxRssKiB: stats.maxRssKiB, stdout: child.stdout };
}

const PANDAS = String.raw`
import json, resource, sys, time
t0 = time.perf_counter()
import pandas as pd
df = pd.read_csv(sys.argv[1], usecols=["label", "prediction", "sex", "race"])
y = df["label"] == 1
p = df["prediction"] == 1
df["tp"] = y & p
df["fp"] = ~y & p
df["pos"] = y
df["sel"] = p
g = df.groupby(["sex", "race"], observed=True).agg(
    count=("sel", "size"), sel=("sel", "sum"), tp=("tp", "sum"), fp=("fp", "sum"), pos=("pos", "sum"))
out = {f"{s}|{r}": {"selection_rate": row.sel / row["count"], "true_positive_rate": row.tp / row.pos,
                     "false_positive_rate": row.fp / (row["count"] - row.pos)}
       for (s, r), row in g.iterrows()}
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms": ms, "maxRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "groups": out}))
`;

function pythonWithPandas(): string | undefined {
  for (const python of ["/usr/bin/python3", "python3"]) {
    const probe = spawnSync(python, ["-c", "import pandas"], { encoding: "utf8" });
    if (probe.status === 0) return python;
  }
  return undefined;
}

function runPandas(python: string, file: string): Run & { groups: Record<string, Record<string, number>> } {
  const started = process.hrtime.bigint();
  const child = spawnSync(python, ["-c", PANDAS, file], { encoding: "utf8", maxBuffer: 64 << 20 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`pandas failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout) as { ms: number; maxRssKiB: number; groups: Record<string, Record<string, number>> };
  return { wallMs, innerMs: r.ms, maxRssKiB: r.maxRssKiB, stdout: "", groups: r.groups };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const fmtMs = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const fmtRss = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

const program = await bundle();
const sizes = [...new Set([1_000_000, bigRows])].sort((a, b) => a - b);
console.log(`mlgate fairness benchmark — node ${process.version}, ${runs} run(s) each, median\n`);
console.log("rows        file     process wall   in command   rows/s (command)   peak RSS");
const results = new Map<number, { wall: number; inner: number; rss: number; stdout: string }>();
for (const rows of sizes) {
  const file = ensureData(rows);
  runMlgate(program, file); // warm the page cache and the disk
  const rs = Array.from({ length: runs }, () => runMlgate(program, file));
  const wall = median(rs.map((r) => r.wallMs));
  const inner = median(rs.map((r) => r.innerMs));
  const rss = median(rs.map((r) => r.maxRssKiB));
  results.set(rows, { wall, inner, rss, stdout: (rs[0] as Run).stdout });
  console.log(
    `${rows.toLocaleString("en-US").padEnd(11)} ${mb(statSync(file).size).padEnd(8)} ${fmtMs(wall).padEnd(14)} ${fmtMs(inner).padEnd(12)} ${Math.round(rows / (inner / 1000)).toLocaleString("en-US").padEnd(18)} ${fmtRss(rss)}`,
  );
}
const small = results.get(sizes[0] as number);
const big = results.get(bigRows);
if (small && big && sizes.length > 1) {
  console.log(`\npeak RSS ${fmtRss(small.rss)} at ${sizes[0]?.toLocaleString("en-US")} rows vs ${fmtRss(big.rss)} at ${bigRows.toLocaleString("en-US")} rows (flat in rows)`);
}

const python = pythonWithPandas();
if (!python || !big) {
  console.log("\npandas not found (apt-get install python3-pandas): no reference run.");
} else {
  const file = ensureData(bigRows);
  const rs = Array.from({ length: runs }, () => runPandas(python, file));
  const wall = median(rs.map((r) => r.wallMs));
  const inner = median(rs.map((r) => r.innerMs));
  const rss = median(rs.map((r) => r.maxRssKiB));
  console.log(`\npandas (${python}, read_csv usecols + groupby), ${bigRows.toLocaleString("en-US")} rows:`);
  console.log(`  process wall ${fmtMs(wall)}, in script ${fmtMs(inner)}, peak RSS ${fmtRss(rss)}`);
  // Same numbers? Compare every group's rates with mlgate's JSON output.
  const ours = JSON.parse(big.stdout) as { groups: { group: Record<string, string>; [k: string]: unknown }[] };
  let worst = 0;
  for (const g of ours.groups) {
    const theirs = (rs[0] as { groups: Record<string, Record<string, number>> }).groups[`${g.group.sex}|${g.group.race}`];
    for (const rate of ["selection_rate", "true_positive_rate", "false_positive_rate"]) {
      worst = Math.max(worst, Math.abs((g[rate] as number) - (theirs?.[rate] ?? Number.NaN)));
    }
  }
  console.log(`  largest difference from mlgate's rates: ${worst.toExponential(1)}`);
  console.log(
    `\nmlgate vs pandas: ${(wall / big.wall).toFixed(1)}× faster (process wall), ${(inner / big.inner).toFixed(1)}× (in command/script); peak RSS ${(rss / big.rss).toFixed(1)}× smaller`,
  );
}
