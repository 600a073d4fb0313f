import type { MetricValue } from "./types.js";

/** Mean of a metric value (a single number is its own mean). */
export function meanOf(value: MetricValue): number {
  if (typeof value === "number") return value;
  let sum = 0;
  for (const v of value) sum += v;
  return sum / value.length;
}

/** Sample standard deviation (n − 1) of per-seed values; undefined for a single number. */
export function stdOf(value: MetricValue): number | undefined {
  if (typeof value === "number" || value.length < 2) return undefined;
  const m = meanOf(value);
  let ss = 0;
  for (const v of value) ss += (v - m) ** 2;
  return Math.sqrt(ss / (value.length - 1));
}

/** Equality up to float noise, so 0.1 + 0.2 and 0.3 are the same metric value. */
export function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}
