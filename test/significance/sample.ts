import type { PairedSample } from "../../src/core/significance/paired-sample.js";

/**
 * A paired sample from counts of (base correct, head correct) outcomes, all labels positive:
 * `both` right on both sides, `baseOnly` right only on base, `headOnly` right only on head,
 * `neither` wrong on both. Order: both, baseOnly, headOnly, neither.
 */
export function sampleFromOutcomes(counts: {
  both?: number;
  baseOnly?: number;
  headOnly?: number;
  neither?: number;
}): PairedSample {
  const parts: [number, number, number][] = [
    [counts.both ?? 0, 1, 1],
    [counts.baseOnly ?? 0, 1, 0],
    [counts.headOnly ?? 0, 0, 1],
    [counts.neither ?? 0, 0, 0],
  ];
  const n = parts.reduce((s, [k]) => s + k, 0);
  const baseLabel = new Uint8Array(n).fill(1);
  const headLabel = new Uint8Array(n).fill(1);
  const basePred = new Uint8Array(n);
  const headPred = new Uint8Array(n);
  let i = 0;
  for (const [k, b, h] of parts) {
    for (let j = 0; j < k; j++, i++) {
      basePred[i] = b;
      headPred[i] = h;
    }
  }
  return { n, baseLabel, basePred, headLabel, headPred, onlyBase: 0, onlyHead: 0 };
}
