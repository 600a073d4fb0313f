import type { PairedSample } from "./paired-sample.js";

/**
 * The discordant pairs McNemar's test looks at. b: base right and head wrong; c: base wrong and
 * head right. Correctness comes from the multi-class columns when the sample has them.
 */
export function discordantPairs(sample: PairedSample): { b: number; c: number } {
  const { n, baseLabel, basePred, headLabel, headPred, baseCorrect, headCorrect } = sample;
  let b = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const base = baseCorrect ? baseCorrect[i] === 1 : baseLabel[i] === basePred[i];
    const head = headCorrect ? headCorrect[i] === 1 : headLabel[i] === headPred[i];
    if (base && !head) b++;
    else if (head && !base) c++;
  }
  return { b, c };
}
