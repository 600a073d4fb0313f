/**
 * Per-example LLM evaluation at scale: 1,000,000 lm-evaluation-harness sample rows per side
 * (`--log_samples` output of a multiple-choice task, acc and acc_norm per row), read and paired
 * by `doc_hash` under a McNemar gate, in bounded memory.
 *
 *   npx tsx bench/llm-samples.ts [--rows N] [--runs N]      (or: bench/llm-samples)
 *
 * Writes two runs once into bench/.data/llm/ (results_<date>.json and samples_<task>_<date>.jsonl,
 * rows shaped and spaced as lm-eval's json.dumps writes them, ~700 bytes each), bundles
 * `mlgate check` with esbuild, and runs it in a child process with a significance gate on the
 * task's acc. The reference, run side by side: Python reading both files with `json` line by
 * line, joining by doc_hash in a dict and calling scipy's `binomtest` (the exact test McNemar's
 * reduces to). Prints wall time, CPU time and peak RSS of each, the ratio, and checks that both
 * found the same discordant pairs and p-value. Figures are medians of N runs (default 1).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "1000000" }, runs: { type: "string", default: "1" } },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, ".data", "llm", String(rows));
const TASK = "mmlu_like";
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

/** A deterministic stream of uniforms (xorshift32), so both runs are reproducible. */
function uniforms(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/**
 * Base right on ~70%; the head is the same model after a change that flips ~1.2% of answers
 * each way, a little more often from right to wrong (a real but small regression).
 */
async function writeRun(side: "base" | "head", date: string): Promise<void> {
  const dir = join(dataDir, side);
  const samples = join(dir, `samples_${TASK}_${date}.jsonl`);
  if (existsSync(samples)) return;
  mkdirSync(dir, { recursive: true });
  const u = uniforms(20260708);
  const out = createWriteStream(`${samples}.tmp`);
  let right = 0;
  let rightNorm = 0;
  for (let i = 0; i < rows; i++) {
    const a = u();
    const b = u();
    const baseRight = a < 0.7;
    const headRight = side === "base" ? baseRight : baseRight ? b >= 0.02 : b < 0.04;
    const normRight = side === "base" ? a < 0.72 : a < 0.715;
    if (headRight) right++;
    if (normRight) rightNorm++;
    const doc = {
      question: `Question ${i}: which of the following best describes the role of enzyme ${i % 997} in the cell?`,
      choices: [
        "It stores energy",
        "It speeds up reactions",
        "It copies DNA",
        "It builds membranes",
      ],
      answer: 1,
    };
    const context = `The following are multiple choice questions.\n\n${doc.question}\nA. It stores energy\nB. It speeds up reactions\nC. It copies DNA\nD. It builds membranes\nAnswer:`;
    const line = `{"doc_id": ${i}, "doc": {"question": ${JSON.stringify(doc.question)}, "choices": ${JSON.stringify(doc.choices).replace(/","/g, '", "')}, "answer": 1}, "target": "1", "arguments": {"gen_args_0": {"arg_0": ${JSON.stringify(context)}, "arg_1": " A"}, "gen_args_1": {"arg_0": "(same)", "arg_1": " B"}}, "resps": [[["-1.25", "False"]], [["-0.41", "True"]]], "filtered_resps": [["-1.25", "False"], ["-0.41", "True"]], "filter": "none", "metrics": ["acc", "acc_norm"], "doc_hash": "${sha(`${i}`)}", "prompt_hash": "${sha(context).slice(0, 64)}", "target_hash": "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b", "acc": ${headRight ? "1.0" : "0.0"}, "acc_norm": ${normRight ? "1.0" : "0.0"}}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  renameSync(`${samples}.tmp`, samples);
  const acc = right / rows;
  const accNorm = rightNorm / rows;
  const stderr = (p: number) => Math.sqrt((p * (1 - p)) / (rows - 1));
  writeFileSync(
    join(dir, `results_${date}.json`),
    JSON.stringify(
      {
        results: {
          [TASK]: {
            alias: TASK,
            "acc,none": acc,
            "acc_stderr,none": stderr(acc),
            "acc_norm,none": accNorm,
            "acc_norm_stderr,none": stderr(accNorm),
          },
        },
        higher_is_better: { [TASK]: { acc: true, acc_norm: true } },
        "n-samples": { [TASK]: { original: rows, effective: rows } },
        versions: { [TASK]: 1.0 },
      },
      null,
      2,
    ),
  );
}

async function bundle(): Promise<string> {
  const outdir = join(dataDir, "..", "bundle");
  await build({
    entryPoints: [join(here, "llm-samples-entry.ts")],
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
  return join(outdir, "llm-samples-entry.js");
}

interface Measured {
  wallMs: number;
  cpuMs: number;
  maxRssKiB: number;
  p: number;
  b: number;
  c: number;
}

const CONFIG = `metrics:\n  files: ["**/results_*.json"]\n  gates:\n    ${TASK}.acc: { max_regression: 0.0005, significance: 0.05 }\n`;

function runMlgate(program: string): Measured {
  const config = join(dataDir, "mlgate.yml");
  writeFileSync(config, CONFIG);
  const started = process.hrtime.bigint();
  const child = spawnSync(
    process.execPath,
    [
      program,
      "check",
      "--config",
      config,
      "--head",
      join(dataDir, "head"),
      "--base",
      join(dataDir, "base"),
      "--format",
      "json",
    ],
    { encoding: "utf8", maxBuffer: 256 << 20 },
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0 && child.status !== 1) throw new Error(`mlgate failed: ${child.stderr}`);
  const stats = JSON.parse(child.stderr.trim().split("\n").pop() as string) as Measured;
  const review = JSON.parse(child.stdout) as {
    gates: { metric: string; significance?: { p_value: number; note: string } }[];
  };
  const gate = review.gates.find((g) => g.metric === `${TASK}.acc`);
  const note = gate?.significance?.note ?? "";
  const [, b = "0", c = "0"] =
    /([\d,]+) passed only in base, ([\d,]+) only in head/.exec(note) ?? [];
  return {
    wallMs,
    cpuMs: stats.cpuMs,
    maxRssKiB: stats.maxRssKiB,
    p: gate?.significance?.p_value ?? Number.NaN,
    b: Number(b.replace(/,/g, "")),
    c: Number(c.replace(/,/g, "")),
  };
}

const PYTHON = `
import json, resource, sys, time
from scipy.stats import binomtest
started = time.perf_counter()
base_path, head_path = sys.argv[1], sys.argv[2]
base = {}
with open(base_path, encoding="utf-8") as f:
    for line in f:
        row = json.loads(line)
        if row.get("filter", "none") == "none":
            base[row["doc_hash"]] = row["acc"]
b = c = paired = only_head = 0
with open(head_path, encoding="utf-8") as f:
    for line in f:
        row = json.loads(line)
        if row.get("filter", "none") != "none":
            continue
        before = base.get(row["doc_hash"])
        if before is None:
            only_head += 1
            continue
        paired += 1
        if before == 1 and row["acc"] == 0: b += 1
        elif before == 0 and row["acc"] == 1: c += 1
p = 1.0 if b + c == 0 else binomtest(min(b, c), b + c, 0.5).pvalue
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"ms": (time.perf_counter() - started) * 1000, "cpuMs": (usage.ru_utime + usage.ru_stime) * 1000, "maxRssKiB": usage.ru_maxrss, "p": p, "b": b, "c": c}))
`;

function runPython(date: { base: string; head: string }): Measured | undefined {
  const probe = spawnSync("python3", ["-c", "import scipy"], { encoding: "utf8" });
  if (probe.status !== 0) return undefined;
  const started = process.hrtime.bigint();
  const child = spawnSync(
    "python3",
    [
      "-c",
      PYTHON,
      join(dataDir, "base", `samples_${TASK}_${date.base}.jsonl`),
      join(dataDir, "head", `samples_${TASK}_${date.head}.jsonl`),
    ],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`python failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout) as Measured;
  return { ...r, wallMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const dates = { base: "2026-07-08T16-04-34.219874", head: "2026-07-09T09-12-55.004217" };
console.log(`writing ${rows.toLocaleString("en-US")} sample rows per side into ${dataDir} (once)…`);
await writeRun("base", dates.base);
await writeRun("head", dates.head);
const program = await bundle();
runMlgate(program); // warm the page cache
const ours: Measured[] = [];
const theirs: Measured[] = [];
for (let k = 0; k < runs; k++) {
  ours.push(runMlgate(program));
  const py = runPython(dates);
  if (py) theirs.push(py);
}
const show = (name: string, xs: Measured[]) => {
  const wall = median(xs.map((x) => x.wallMs));
  const rss = median(xs.map((x) => x.maxRssKiB)) / 1024;
  console.log(
    `${name.padEnd(28)} ${(wall / 1000).toFixed(2)} s wall, ${(median(xs.map((x) => x.cpuMs)) / 1000).toFixed(2)} s CPU, peak RSS ${rss.toFixed(0)} MB   b = ${xs[0]!.b}, c = ${xs[0]!.c}, p = ${xs[0]!.p.toPrecision(6)}`,
  );
  return { wall, rss };
};
console.log(
  `node ${process.version}, ${rows.toLocaleString("en-US")} rows per side, median of ${runs} run(s)`,
);
const a = show("mlgate check (McNemar gate)", ours);
if (theirs.length > 0) {
  const b = show("python json + scipy", theirs);
  console.log(
    `ratio: mlgate ${(b.wall / a.wall).toFixed(2)}× the speed of the reference, ${(a.rss / b.rss).toFixed(2)}× its peak memory`,
  );
  const same = ours[0]!.b === theirs[0]!.b && ours[0]!.c === theirs[0]!.c;
  const relP = Math.abs(ours[0]!.p - theirs[0]!.p) / theirs[0]!.p;
  console.log(
    `agreement: discordant pairs ${same ? "equal" : "DIFFER"}, p-values differ by ${relP.toExponential(1)} (relative)`,
  );
} else {
  console.log("reference skipped: python3 with scipy not found");
}
