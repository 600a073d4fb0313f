import { InputError } from "../../core/errors.js";
import type { Metric } from "../../core/types.js";
import { checkMetricName, isReservedKey, quoteName } from "./metric-name.js";

/** Deepest mapping nesting walked; real metric files use a handful of levels. */
export const MAX_METRIC_DEPTH = 64;
/** Most metrics one file may hold; past this the file is hostile or not a metrics file. */
export const MAX_METRICS_PER_FILE = 100_000;

/** Options for {@link flattenMetrics}. */
export interface FlattenOptions {
  /** Leaves a key and everything under it out (W&B internals, bookkeeping keys). */
  readonly skip?: (key: string, value: unknown, depth: number) => boolean;
}

/**
 * Flattens parsed JSON/YAML/TOML into dotted metric names, as `dvc metrics` does:
 * `{"eval": {"acc": 0.9}}` gives `eval.acc`. Finite numbers are metrics; a non-empty array of
 * numbers is one metric with a value per seed; strings (even numeric-looking ones), booleans,
 * nulls, dates and other arrays are skipped. NaN and ±Infinity (Python's `json.dump` writes them)
 * are kept as values: the review reports them as not a number on their side. `__proto__`/
 * `constructor`/`prototype` keys, nesting deeper than {@link MAX_METRIC_DEPTH} and more than
 * {@link MAX_METRICS_PER_FILE} metrics are `InputError`s naming the file.
 */
export function flattenMetrics(
  root: unknown,
  file: string,
  options: FlattenOptions = {},
): Metric[] {
  if (!isMapping(root)) {
    throw new InputError(
      `must hold a mapping of metric names to values at the top level, not ${describe(root)}`,
      { where: file },
    );
  }
  const metrics: Metric[] = [];
  walk(root, "", 1, file, options, metrics);
  return metrics;
}

function walk(
  mapping: object,
  prefix: string,
  depth: number,
  file: string,
  options: FlattenOptions,
  out: Metric[],
): void {
  if (depth > MAX_METRIC_DEPTH) {
    throw new InputError(
      `nests deeper than ${MAX_METRIC_DEPTH} levels (at ${quoteName(prefix)}); metric files are shallow`,
      { where: file },
    );
  }
  // Object.keys: own enumerable keys only, so nothing is read through a prototype.
  for (const key of Object.keys(mapping)) {
    const name = prefix === "" ? key : `${prefix}.${key}`;
    if (isReservedKey(key)) {
      // Refused even where the value would be skipped: such a key is never an honest metric.
      throw new InputError(
        `has the key ${quoteName(key)} (at ${quoteName(name)}), a reserved JavaScript name that mlgate refuses; rename it`,
        { where: file },
      );
    }
    const value: unknown = (mapping as Record<string, unknown>)[key];
    if (options.skip?.(key, value, depth)) continue;
    if (typeof value === "number") {
      push(out, { name: checkMetricName(name, file), value, file });
    } else if (typeof value === "bigint") {
      // smol-toml only yields bigint when asked to; convert rather than drop a metric.
      push(out, { name: checkMetricName(name, file), value: Number(value), file });
    } else if (Array.isArray(value)) {
      if (value.length > 0 && value.every((item) => typeof item === "number")) {
        push(out, { name: checkMetricName(name, file), value: [...(value as number[])], file });
      }
    } else if (isMapping(value)) {
      walk(value, name, depth + 1, file, options, out);
    }
  }
}

function push(out: Metric[], metric: Metric): void {
  if (out.length >= MAX_METRICS_PER_FILE) {
    throw new InputError(`holds more than ${MAX_METRICS_PER_FILE} metrics`, { where: metric.file });
  }
  out.push(metric);
}

/** A plain mapping: what JSON.parse, yaml and smol-toml (null prototype) produce for objects. */
export function isMapping(value: unknown): value is object {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return `a ${typeof value}`;
}
