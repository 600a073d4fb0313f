/**
 * Paired bootstrap at scale: 1,000 draws over 1,000,000 paired predictions (DESIGN.md "How
 * fast, how big"; issue 4 target: under 2 s on a 2-core machine, memory bounded).
 *
 *   npx tsx bench/significance.ts [pairs] [draws]
 *
 * Prints wall time and peak RSS of mlgate's bootstrap, and ratios against references run in the
 * same process: the same bootstrap on a tenth of the pairs (scaling), and the textbook
 * resampler that draws n indices per draw and tallies their 4-bit outcome codes (timed on a
 * few draws and scaled to the full count, as the full run would take minutes at 1M pairs).
 */
import { Readable } from "node:stream";
import type { SignificanceConfig } from "../src/core/config/config.js";
import { createRng } from "../src/core/significance/create-rng.js";
import { mcnemarExact } from "../src/core/significance/mcnemar-exact.js";
import { pairedBootstrap } from "../src/core/significance/paired-bootstrap.js";
import type { PairedSample } from "../src/core/significance/paired-sample.js";
import { seedFromShas } from "../src/core/significance/seed-from-shas.js";
import { significanceForMetric } from "../src/core/significance/significance-for-metric.js";
import { loadPairedSample } from "../src/evidence/paired-predictions.js";

const pairs = Number(process.argv[2] ?? 1_000_000);
const draws = Number(process.argv[3] ?? 1000);
const seed = seedFromShas(
  "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39",
  "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
);

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const peakKb = () => process.resourceUsage().maxRSS;
const rssKb = () => process.memoryUsage().rss / 1024;

/** Base ~90% accurate, head ~89.7%, correlated as two models trained on the same data are. */
function makeSample(n: number): PairedSample {
  const rng = createRng(12345n);
  const label = new Uint8Array(n);
  const basePred = new Uint8Array(n);
  const headPred = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const y = rng.nextDouble() < 0.3 ? 1 : 0;
    const u = rng.nextDouble();
    const baseRight = u < 0.9;
    const headRight = u < 0.885 || (u >= 0.9 && u < 0.912);
    label[i] = y;
    basePred[i] = baseRight ? y : 1 - y;
    headPred[i] = headRight ? y : 1 - y;
  }
  return { n, baseLabel: label, basePred, headLabel: label, headPred, onlyBase: 0, onlyHead: 0 };
}

/** The textbook paired bootstrap: n index draws per resample, tallying a per-example code. */
function indexBootstrap(sample: PairedSample, nDraws: number): Float64Array {
  const { n } = sample;
  const code = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    code[i] =
      (sample.baseLabel[i]! << 3) |
      (sample.basePred[i]! << 2) |
      (sample.headLabel[i]! << 1) |
      sample.headPred[i]!;
  }
  const rng = createRng(seed);
  const out = new Float64Array(nDraws);
  const table = new Uint32Array(16);
  for (let d = 0; d < nDraws; d++) {
    table.fill(0);
    for (let i = 0; i < n; i++) {
      // Multiply-shift maps a uniform 32-bit integer to [0, n) (bias ~n/2^32).
      table[code[Math.floor((rng.nextUint32() * n) / 4294967296)]!]!++;
    }
    let baseRight = 0;
    let headRight = 0;
    for (let k = 0; k < 16; k++) {
      if (((k >> 3) & 1) === ((k >> 2) & 1)) baseRight += table[k]!;
      if (((k >> 1) & 1) === (k & 1)) headRight += table[k]!;
    }
    out[d] = (headRight - baseRight) / n;
  }
  return out;
}

function time<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

const sample = makeSample(pairs);
const small = makeSample(Math.max(1, Math.floor(pairs / 10)));
const rssBefore = rssKb();
const peakBefore = peakKb();

pairedBootstrap(small, "accuracy", { draws: 50, alpha: 0.05, seed }); // warm up the JIT
const accuracy = time(() => pairedBootstrap(sample, "accuracy", { draws, alpha: 0.05, seed }));
const f1 = time(() => pairedBootstrap(sample, "f1", { draws, alpha: 0.05, seed }));
const gate = time(() =>
  significanceForMetric({ name: "eval_accuracy", base: 0.9, head: 0.897 }, 0.05, {
    paired: sample,
    seed,
    draws,
  }),
);
const peakAfter = peakKb();
const scaled = time(() => pairedBootstrap(small, "accuracy", { draws, alpha: 0.05, seed }));

const referenceDraws = Math.min(draws, 10);
const reference = time(() => indexBootstrap(sample, referenceDraws));
const referenceFullMs = (reference.ms * draws) / referenceDraws;

const fmtCi = (ci: readonly [number, number] | null) =>
  ci ? `[${(ci[0] * 100).toFixed(2)}, ${(ci[1] * 100).toFixed(2)}] pp` : "none";
console.log(
  `paired bootstrap, ${draws.toLocaleString("en-US")} draws over ${pairs.toLocaleString("en-US")} pairs (node ${process.version})`,
);
console.log(
  `  accuracy          ${accuracy.ms.toFixed(1)} ms  CI ${fmtCi(accuracy.value.ci)}  p = ${accuracy.value.p_value?.toPrecision(3)}`,
);
console.log(
  `  f1                ${f1.ms.toFixed(1)} ms  CI ${fmtCi(f1.value.ci)}  p = ${f1.value.p_value?.toPrecision(3)}`,
);
console.log(
  `  gate (McNemar + bootstrap CI)  ${gate.ms.toFixed(1)} ms  p = ${gate.value?.p_value?.toPrecision(3)}`,
);
console.log(
  `  memory: RSS ${mb(rssBefore)} with the sample built; peak RSS ${mb(peakBefore)} before, ${mb(peakAfter)} after the bootstraps`,
);
console.log(
  `reference: same bootstrap over ${small.n.toLocaleString("en-US")} pairs  ${scaled.ms.toFixed(1)} ms  (1M / 100k time ratio ${(accuracy.ms / scaled.ms).toFixed(2)})`,
);
console.log(
  `reference: index resampling, ${referenceDraws} draws  ${reference.ms.toFixed(0)} ms → ${(referenceFullMs / 1000).toFixed(1)} s for ${draws} draws  (ratio ${(referenceFullMs / accuracy.ms).toFixed(0)}× slower)`,
);
const indexSorted = [...reference.value].sort((a, b) => a - b);
console.log(
  `  index-resampling draws span [${((indexSorted[0] ?? 0) * 100).toFixed(2)}, ${((indexSorted.at(-1) ?? 0) * 100).toFixed(2)}] pp (same distribution, fewer draws)`,
);

// Joining two CSV files of this size into the sample, through the shared streaming readers.
const cfg: SignificanceConfig = {
  predictions: "p.csv",
  id: "id",
  label: "label",
  prediction: "prediction",
  positive: 1,
  minOverlap: 0.95,
  draws,
};
const csvOf = (pred: Uint8Array) => {
  const chunks: string[] = ["id,label,prediction\n"];
  let buf = "";
  for (let i = 0; i < sample.n; i++) {
    buf += `ex${i},${sample.baseLabel[i]},${pred[i]}\n`;
    if (buf.length > 1 << 16) {
      chunks.push(buf);
      buf = "";
    }
  }
  chunks.push(buf);
  return chunks.map((c) => Buffer.from(c));
};
const baseCsv = csvOf(sample.basePred);
const headCsv = csvOf(sample.headPred);
const bytes = baseCsv.reduce((s, b) => s + b.length, 0);
const loadStart = performance.now();
const loaded = await loadPairedSample(Readable.from(baseCsv), Readable.from(headCsv), cfg, "p.csv");
const loadMs = performance.now() - loadStart;
console.log(
  `join: two ${(bytes / 1e6).toFixed(0)} MB CSV files by id → ${loaded.sample?.n.toLocaleString("en-US")} pairs in ${loadMs.toFixed(0)} ms; peak RSS ${mb(peakKb())}`,
);
console.log(`mcnemarExact(499000, 501000) = ${mcnemarExact(499_000, 501_000)}`);
