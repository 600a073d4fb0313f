// Shared by the app tests and the service bench, which runs outside vitest: no vitest import here.
import { makeZip } from "../../helpers/make-zip.js";

/** An artifact zip holding one metrics.json. */
export function metricsZip(metrics: Record<string, number>): Buffer {
  return makeZip([{ name: "metrics.json", data: JSON.stringify(metrics) }]);
}

export const MERGE_BASE = "a".repeat(40);
export const PARENT = "b".repeat(40);
export const GRANDPARENT = "c".repeat(40);
