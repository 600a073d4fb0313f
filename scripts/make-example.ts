// Writes the example under examples/sentiment: a small sentiment classifier's evaluation output
// on main and on a pull request (metrics.json + predictions.csv), deterministic from a seed.
import { mkdirSync, writeFileSync } from "node:fs";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const N = 4000;
const data = rng(7);
const rows = Array.from({ length: N }, (_, i) => ({
  id: `rev-${String(i).padStart(5, "0")}`,
  label: data() < 0.48 ? 1 : 0,
  sex: data() < 0.5 ? "F" : "M",
  age: ["18-29", "30-49", "50+"][Math.floor(data() * 3)]!,
}));

function write(dir: string, seed: number, skill: number, latency: number, loss: number): void {
  const r = rng(seed);
  const lines = ["id,label,prediction,score,sex,age_group"];
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  for (const row of rows) {
    const bump = row.age === "50+" ? -0.03 : 0;
    const correct = r() < skill + bump;
    const prediction = correct ? row.label : 1 - row.label;
    const score = prediction === 1 ? 0.5 + r() / 2 : r() / 2;
    if (prediction === 1 && row.label === 1) tp++;
    else if (prediction === 1) fp++;
    else if (row.label === 1) fn++;
    else tn++;
    lines.push(`${row.id},${row.label},${prediction},${score.toFixed(4)},${row.sex},${row.age}`);
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  const metrics = {
    eval: {
      accuracy: (tp + tn) / N,
      precision,
      recall,
      f1: (2 * precision * recall) / (precision + recall),
      loss: loss,
    },
    serving: { latency_p95_ms: latency, model_size_mb: 267.8 },
    epoch: 3,
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/predictions.csv`, `${lines.join("\n")}\n`);
  writeFileSync(`${dir}/metrics.json`, `${JSON.stringify(metrics, null, 2)}\n`);
}

write("examples/sentiment/main", 11, 0.885, 41.2, 0.3121);
write("examples/sentiment/pull-request", 14, 0.883, 39.8, 0.3087);
