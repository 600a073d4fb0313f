/**
 * Bias check over a large predictions file (DESIGN.md "How fast, how big"; issue 3 target: 5M
 * rows / ≈146 MB of CSV in under 1 s on a 2-core machine, at least 4× faster than vectorised
 * pandas, peak RSS under 150 MB and not growing with the number of rows).
 *
 *   npx tsx bench/fairness.ts [--runs N] [--rows N]      (or: bench/fairness)
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
 * rows per second, peak RSS. Where Debian's python3 has pandas, a vectorised pandas groupby
 * computing the same selection rates, TPR and FPR runs on the 5M file; the bench checks both
 * agree and prints the ratio. Each figure is the median of N runs (default 3) on a warm page
 * cache, after one warm-up run.
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
 * sits beside the code that starts it.
 */
async function bundle(): Promise<string> {
  const outdir = join(dataDir, "bundle");
  await build({
    entryPoints: [
      join(here, "fairness-entry.ts"),
      join(here, "../src/evidence/predictions/csv-part-worker.ts"),
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
  return join(outdir, "fairness-entry.js");
}

interface Run {
  wallMs: number;
  innerMs: number;
  cpuMs: number;
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

const PANDAS = `
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
cpu = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"ms": ms, "cpuMs": (cpu.ru_utime + cpu.ru_stime) * 1000, "maxRssKiB": cpu.ru_maxrss, "groups": out}))
`;

function pythonWithPandas(): string | undefined {
  for (const python of ["/usr/bin/python3", "python3"]) {
    const probe = spawnSync(python, ["-c", "import pandas"], { encoding: "utf8" });
    if (probe.status === 0) return python;
  }
  return undefined;
}

type Groups = Record<string, Record<string, number>>;

function runPandas(python: string, file: string): Run & { groups: Groups } {
  const started = process.hrtime.bigint();
  const child = spawnSync(python, ["-c", PANDAS, file], { encoding: "utf8", maxBuffer: 64 << 20 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`pandas failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout) as {
    ms: number;
    cpuMs: number;
    maxRssKiB: number;
    groups: Groups;
  };
  return {
    wallMs,
    innerMs: r.ms,
    cpuMs: r.cpuMs,
    maxRssKiB: r.maxRssKiB,
    stdout: "",
    groups: r.groups,
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

const program = await bundle();
const small = ensureData(1_000_000);
const quoted = await ensureQuoted(small);
const big = ensureData(bigRows);
console.log(
  `mlgate fairness — node ${process.version}, ${availableParallelism()} CPUs, median of ${runs} run(s)\n`,
);
console.log(
  "input                    size     wall       command    CPU        rows/s    peak RSS",
);
const measure = (file: string) => {
  runMlgate(program, file); // warm the page cache and the disk
  return summarise(Array.from({ length: runs }, () => runMlgate(program, file)));
};
const fast = measure(small);
line("1M, fast path, 1 thread", 1_000_000, small, fast);
const general = measure(quoted);
line("1M, general path, 1 th.", 1_000_000, quoted, general);
const large = measure(big);
line(`${bigRows / 1e6}M, all CPUs`, bigRows, big, large);
console.log(
  `\npeak RSS: ${fmtRss(fast.rss)} at 1M rows, ${fmtRss(large.rss)} at ${bigRows / 1e6}M rows (the extra is the worker thread, not rows)`,
);
// The same rows apart from the race spelling: both paths must count them all alike.
const counts = (s: Summary) =>
  (JSON.parse(s.stdout) as { groups: { count: number }[] }).groups.map((g) => g.count).join();
if (counts(fast) !== counts(general)) throw new Error("the fast and general paths disagree");

const python = pythonWithPandas();
if (!python) {
  console.log("\npandas not found (apt-get install python3-pandas): no reference run.");
} else {
  const rs = Array.from({ length: runs }, () => runPandas(python, big));
  const p = summarise(rs);
  console.log("");
  line(`pandas ${bigRows / 1e6}M (${python})`, bigRows, big, p);
  // Same numbers? Compare every group's rates with mlgate's JSON output.
  const ours = JSON.parse(large.stdout) as {
    groups: { group: Record<string, string>; [k: string]: unknown }[];
  };
  const theirs = (rs[0] as { groups: Groups }).groups;
  let worst = 0;
  for (const g of ours.groups) {
    const t = theirs[`${g.group.sex}|${g.group.race}`];
    for (const rate of ["selection_rate", "true_positive_rate", "false_positive_rate"]) {
      worst = Math.max(worst, Math.abs((g[rate] as number) - (t?.[rate] ?? Number.NaN)));
    }
  }
  console.log(`largest difference between mlgate's and pandas' rates: ${worst.toExponential(1)}`);
  console.log(
    `\nmlgate vs pandas at ${bigRows / 1e6}M rows: ${(p.wall / large.wall).toFixed(1)}× faster (process wall), ${(p.inner / large.inner).toFixed(1)}× (inside), ${(p.cpu / large.cpu).toFixed(1)}× less CPU, ${(p.rss / large.rss).toFixed(1)}× less memory`,
  );
}
