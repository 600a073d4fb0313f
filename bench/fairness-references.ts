import { spawnSync } from "node:child_process";
import type { ReferenceFigures } from "./compare-fairness.js";
import { installDuckDB } from "./install-duckdb.js";

/** One timed run of a program in a child process. */
export interface Run {
  wallMs: number;
  innerMs: number;
  cpuMs: number;
  maxRssKiB: number;
  stdout: string;
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

/** One run of a reference: its figures besides the timings. */
export type ReferenceRun = Run & { figures: ReferenceFigures };

/**
 * Runs a reference program that prints `{"ms", "cpuMs", "maxRssKiB", "groups", "overall"?}` on
 * stdout. A failure throws with the exit status, so that the caller can tell "cannot load" apart.
 */
function runReference(name: string, command: string, args: string[]): ReferenceRun {
  const started = process.hrtime.bigint();
  const child = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) {
    const why = child.error?.message ?? `exit ${child.status}: ${child.stderr.trim()}`;
    throw Object.assign(new Error(`${name} failed (${why})`), { status: child.status });
  }
  const r = JSON.parse(child.stdout) as ReferenceFigures & {
    ms: number;
    cpuMs: number;
    maxRssKiB: number;
  };
  return {
    wallMs,
    innerMs: r.ms,
    cpuMs: r.cpuMs,
    maxRssKiB: r.maxRssKiB,
    stdout: "",
    figures: { groups: r.groups, ...(r.overall ? { overall: r.overall } : {}) },
  };
}
/** A program that computes mlgate's fairness figures another way, to time and check against. */
export interface Reference {
  name: string;
  /** Its row in the bench's table. */
  label: string;
  run: () => ReferenceRun;
  runs: ReferenceRun[];
}

/**
 * The references bench/fairness.ts runs on `file`: DuckDB (unless `duckdb` is false; installed
 * into `duckdbPrefix` on first use) through the bundled `duckdbProgram` with 2 threads, and
 * vectorised pandas where Debian's python3 has it. `skipped` says, a line each, which could not
 * run and why.
 */
export function fairnessReferences(options: {
  file: string;
  rowsLabel: string;
  duckdb: boolean;
  duckdbPrefix: string;
  duckdbProgram: string;
}): { references: Reference[]; skipped: string[] } {
  const { file, rowsLabel } = options;
  const references: Reference[] = [];
  const skipped: string[] = [];
  const duckdb = options.duckdb
    ? installDuckDB(options.duckdbPrefix)
    : { skipped: "left out with --no-duckdb" };
  if ("module" in duckdb) {
    const args = [options.duckdbProgram, duckdb.module, file, "2"];
    references.push({
      name: "DuckDB",
      label: `DuckDB ${rowsLabel}, 2 threads`,
      run: () => runReference("DuckDB", process.execPath, args),
      runs: [],
    });
  } else {
    skipped.push(`DuckDB skipped: ${duckdb.skipped}.`);
  }
  const python = pythonWithPandas();
  if (python) {
    references.push({
      name: "pandas",
      label: `pandas ${rowsLabel} (${python})`,
      run: () => runReference("pandas", python, ["-c", PANDAS, file]),
      runs: [],
    });
  } else {
    skipped.push("pandas not found (apt-get install python3-pandas): no pandas reference run.");
  }
  return { references, skipped };
}
