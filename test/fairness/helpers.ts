import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { PredictionFormat } from "../../src/core/config/schema.js";
import type { FairnessReport } from "../../src/core/fairness/fairness-report.js";
import {
  accumulateFairness,
  type FairnessOptions,
} from "../../src/evidence/predictions/accumulate-fairness.js";

export const OPTIONS: FairnessOptions = {
  label: "label",
  prediction: "prediction",
  sensitive: ["sex"],
  positive: 1,
  minGroupSize: 0,
  file: "predictions.csv",
};

/** A stream that hands over `text` in pieces of `size` bytes (splitting records anywhere). */
export function streamOf(text: string | Buffer, size = Number.POSITIVE_INFINITY): Readable {
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += Math.min(size, bytes.length)) {
    chunks.push(bytes.subarray(i, i + size));
  }
  return Readable.from(chunks);
}

/** Writes `content` to a fresh temporary file and returns its path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), "mlgate-test-")), name);
  writeFileSync(path, content);
  return path;
}

/** Reads `text` through the streaming path, in chunks of `size` bytes. */
export function fairnessOf(
  text: string | Buffer,
  options: Partial<FairnessOptions> = {},
  format: PredictionFormat = "csv",
  size?: number,
): Promise<FairnessReport> {
  return accumulateFairness(streamOf(text, size), format, { ...OPTIONS, ...options });
}

/** Group → [count, positives, negatives, tp, fp] for compact assertions. */
export function countsByGroup(report: FairnessReport): Record<string, number[]> {
  return Object.fromEntries(
    report.groups.map((g) => [
      Object.values(g.group).join("|"),
      [
        g.count,
        g.positives,
        g.negatives,
        Math.round((g.true_positive_rate ?? 0) * g.positives),
        Math.round((g.false_positive_rate ?? 0) * g.negatives),
      ],
    ]),
  );
}
