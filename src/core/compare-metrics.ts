import picomatch from "picomatch";
import type { Config } from "./config/config.js";
import { inferDirection } from "./infer-direction.js";
import type { MetricRow, MetricStatus } from "./metric-row.js";
import { meanOf, nearlyEqual, stdOf } from "./metric-stats.js";
import type { Direction, Metric, MetricSet } from "./types.js";

/**
 * Lines up base and head metrics by name. Pure; `base` undefined means there is no baseline
 * (every head metric is then `added`, and the review says why).
 */
export function compareMetrics(
  base: MetricSet | undefined,
  head: MetricSet,
  metricsConfig: Config["metrics"],
): MetricRow[] {
  const gates = new Map(metricsConfig.gates.map((g) => [g.metric, g]));
  const ignored =
    metricsConfig.ignore.length > 0 ? picomatch(metricsConfig.ignore as string[]) : () => false;
  const names = new Set<string>([...head.keys(), ...(base?.keys() ?? []), ...gates.keys()]);
  const rows: MetricRow[] = [];
  for (const name of [...names].sort(compareNames)) {
    if (ignored(name)) continue;
    const h = head.get(name);
    const b = base?.get(name);
    if (!h && !b) continue; // a gate on a metric nobody reports: evaluate-gates says so
    const gate = gates.get(name);
    // The config wins, then what the file says, then the name.
    const direction = gate?.direction ?? h?.direction ?? b?.direction ?? inferDirection(name);
    rows.push(compareOne(name, b, h, direction, gate !== undefined));
  }
  return rows;
}

// Natural order (layer_2 before layer_10), stable across machines and locales.
const collator = new Intl.Collator("en", { numeric: true });
function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function compareOne(
  name: string,
  b: Metric | undefined,
  h: Metric | undefined,
  direction: Direction,
  gated: boolean,
): MetricRow {
  const baseNotANumber = b ? notANumber(b.value) : undefined;
  const headNotANumber = h ? notANumber(h.value) : undefined;
  const base = b && baseNotANumber === undefined ? meanOf(b.value) : null;
  const head = h && headNotANumber === undefined ? meanOf(h.value) : null;
  const delta = base !== null && head !== null ? head - base : null;
  const relative = delta !== null && base !== null && base !== 0 ? delta / Math.abs(base) : null;
  return {
    name,
    base,
    head,
    baseStd: b ? stdOf(b.value) : undefined,
    headStd: h ? stdOf(h.value) : undefined,
    baseSeeds: b && typeof b.value !== "number" ? b.value : undefined,
    headSeeds: h && typeof h.value !== "number" ? h.value : undefined,
    ...(b?.stderr === undefined ? {} : { baseStderr: b.stderr }),
    ...(h?.stderr === undefined ? {} : { headStderr: h.stderr }),
    delta,
    relative,
    direction,
    status:
      baseNotANumber !== undefined || headNotANumber !== undefined
        ? statusOfNotANumber(b, h, baseNotANumber, headNotANumber)
        : statusOf(base, head, direction),
    ...(baseNotANumber === undefined ? {} : { baseNotANumber }),
    ...(headNotANumber === undefined ? {} : { headNotANumber }),
    baseFile: b?.file,
    headFile: h?.file,
    gated,
    file: h?.file ?? b?.file,
  };
}

/** `NaN`, `Infinity` or `-Infinity` when the value (or its mean over seeds) is not finite. */
function notANumber(value: Metric["value"]): string | undefined {
  const mean = meanOf(value);
  if (Number.isFinite(mean)) return undefined;
  return Number.isNaN(mean) ? "NaN" : mean > 0 ? "Infinity" : "-Infinity";
}

/** A side that is not a number has no better or worse: it changed, or stayed the same. */
function statusOfNotANumber(
  b: Metric | undefined,
  h: Metric | undefined,
  baseText: string | undefined,
  headText: string | undefined,
): MetricStatus {
  if (!b) return "added";
  if (!h) return "removed";
  return baseText === headText ? "unchanged" : "changed";
}

/** Status of one metric. A neutral metric that moved is `changed`: it has no good direction. */
export function statusOf(
  base: number | null,
  head: number | null,
  direction: Direction,
): MetricStatus {
  if (base === null) return "added";
  if (head === null) return "removed";
  if (nearlyEqual(base, head)) return "unchanged";
  if (direction === "neutral") return "changed";
  const better = direction === "higher" ? head > base : head < base;
  return better ? "improved" : "regressed";
}
