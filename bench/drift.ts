/**
 * Data check over large evaluation data (DESIGN.md "How fast, how big": 1M rows × 12 columns a
 * side; pandas + scipy take 6–9 s and 550 MB; mlgate must be at least 3× faster with a peak
 * RSS under 300 MB).
 *
 *   npx tsx bench/drift.ts [--runs N] [--rows N]      (or: bench/drift)
 *
 * Generates two seeded CSV files (base and head, 1M rows × 12 columns: five continuous floats,
 * two wide integer columns, a 1–5 rating, three text columns and a boolean; the head shifted in
 * a few of them) into bench/.data/drift/ at bench time (nothing is committed), bundles
 * `mlgate drift` with esbuild and runs it in a child process, then runs the pandas + scipy
 * reference (bench/drift-reference.py, Debian's python3) on the same files, checks both agree on
 * every column (method, drift, statistic and p-value to 1e-9) and prints wall time, peak RSS
 * and the ratio. Figures are medians of N runs (default 3) on a warm page cache.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, ".data", "drift");

const { values } = parseArgs({
  options: { runs: { type: "string", default: "3" }, rows: { type: "string", default: "1000000" } },
});
const runs = Math.max(1, Number(values.runs));
const rows = Number(values.rows);

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

const CITIES = ["Paris", "Lyon", "Nice", "Lille", "Nantes", "Rennes"];
const DEVICES = ["web", "ios", "android"];

async function writeData(path: string, n: number, seed: number, shift: number): Promise<void> {
  if (existsSync(path)) return;
  const random = rng(seed);
  const normal = () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  out.write(
    "income,score,temperature,ratio,latency,age,visits,rating,city,device,segment,member\n",
  );
  let chunk = "";
  for (let i = 0; i < n; i++) {
    const row = [
      Math.exp(10.5 + 0.4 * normal() + 0.05 * shift).toFixed(2),
      random().toFixed(4),
      (15 + 8 * normal() + shift).toFixed(3),
      (random() ** (1 + 0.2 * shift)).toFixed(5),
      (-Math.log(Math.max(random(), 1e-12)) * 120).toFixed(3),
      String(18 + Math.floor(random() * (72 + shift * 3))),
      String(Math.floor(random() * 5000)),
      String(1 + Math.floor(random() * 5)),
      CITIES[Math.floor(random() ** (1 + 0.3 * shift) * CITIES.length)],
      DEVICES[Math.floor(random() * DEVICES.length)],
      `seg${String(Math.floor(random() * 20)).padStart(2, "0")}`,
      random() < 0.3 + 0.02 * shift ? "true" : "false",
    ];
    chunk += `${row.join(",")}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      chunk = "";
    }
  }
  out.write(chunk);
  await new Promise<void>((resolve, reject) => {
    out.on("error", reject);
    out.end(() => resolve());
  });
  renameSync(tmp, path);
}

async function bundle(): Promise<string> {
  const outdir = join(dataDir, "bundle");
  await build({
    entryPoints: [
      join(here, "drift-entry.ts"),
      join(here, "../src/evidence/data/data-summary-worker.ts"),
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
  return join(outdir, "drift-entry.js");
}

interface Run {
  wallMs: number;
  maxRssKiB: number;
  stdout: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function runMlgate(program: string, base: string, head: string): Run {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [program, base, head, "--format", "json"], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`mlgate drift failed: ${child.stderr}`);
  const stats = JSON.parse(child.stderr.trim().split("\n").pop() as string) as {
    maxRssKiB: number;
  };
  return { wallMs, maxRssKiB: stats.maxRssKiB, stdout: child.stdout };
}

function runReference(base: string, head: string): Run {
  const started = process.hrtime.bigint();
  const child = spawnSync("/usr/bin/python3", [join(here, "drift-reference.py"), base, head], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`the pandas reference failed: ${child.stderr}`);
  const out = JSON.parse(child.stdout) as { maxRssKiB: number; report: unknown };
  return { wallMs, maxRssKiB: out.maxRssKiB, stdout: JSON.stringify(out.report) };
}

interface Column {
  name: string;
  method: string;
  drifted: boolean;
  statistic: number | null;
  p_value: number | null;
}

/** Both reports name the same test, verdict and numbers (to 1e-9) for every column. */
function compare(mlgate: string, reference: string): string[] {
  const a = (JSON.parse(mlgate) as { columns: Column[] }).columns;
  const b = (JSON.parse(reference) as { columns: Column[] }).columns;
  const problems: string[] = [];
  if (a.length !== b.length) problems.push(`${a.length} columns vs ${b.length}`);
  for (const want of b) {
    const got = a.find((c) => c.name === want.name);
    if (!got) {
      problems.push(`${want.name}: missing`);
      continue;
    }
    if (got.method !== want.method || got.drifted !== want.drifted) {
      problems.push(`${want.name}: ${got.method}/${got.drifted} vs ${want.method}/${want.drifted}`);
    }
    for (const key of ["statistic", "p_value"] as const) {
      const x = got[key];
      const y = want[key];
      if (
        (x === null) !== (y === null) ||
        (x !== null && y !== null && Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(y)))
      ) {
        problems.push(`${want.name} ${key}: ${x} vs ${y}`);
      }
    }
  }
  return problems;
}

mkdirSync(dataDir, { recursive: true });
const base = join(dataDir, `base-${rows}.csv`);
const head = join(dataDir, `head-${rows}.csv`);
await writeData(base, rows, 1, 0);
await writeData(head, rows, 2, 1);
const mb = (p: string) => (statSync(p).size / 1e6).toFixed(0);
console.log(
  `data: ${rows.toLocaleString("en")} rows × 12 columns a side (${mb(base)} MB + ${mb(head)} MB of CSV)`,
);

const program = await bundle();
runMlgate(program, base, head); // warm-up: page cache, compiled bundle
const ours: Run[] = [];
const theirs: Run[] = [];
for (let r = 0; r < runs; r++) {
  ours.push(runMlgate(program, base, head));
  theirs.push(runReference(base, head));
}
const problems = compare(ours[0]?.stdout ?? "{}", theirs[0]?.stdout ?? "{}");
const oursMs = median(ours.map((r) => r.wallMs));
const theirsMs = median(theirs.map((r) => r.wallMs));
const row = (name: string, ms: number, rss: number) =>
  `${name.padEnd(22)} ${(ms / 1000).toFixed(2).padStart(7)} s   peak RSS ${(rss / 1024).toFixed(0).padStart(5)} MB`;
console.log(row("mlgate drift", oursMs, median(ours.map((r) => r.maxRssKiB))));
console.log(row("pandas + scipy", theirsMs, median(theirs.map((r) => r.maxRssKiB))));
console.log(
  `ratio: mlgate is ${(theirsMs / oursMs).toFixed(2)}× faster (goal ≥ 3×); medians of ${runs} runs`,
);
console.log(
  problems.length === 0
    ? "results agree on every column (1e-9)"
    : `results differ:\n  ${problems.join("\n  ")}`,
);
if (problems.length > 0) process.exitCode = 1;
