import { InputError } from "../errors.js";
import { quoteValue } from "../fairness/label-rule.js";
import { type Shares, toCategoryCounts } from "./binned-shares.js";
import { unionKeys } from "./category-counts.js";
import { chooseDriftMethod } from "./choose-drift-method.js";
import type { ColumnSummary, ColumnType, DataSummary } from "./column-summary.js";
import {
  type ColumnKind,
  DRIFT_METHOD_SPECS,
  type DriftMethod,
  type DriftSamples,
  histogramShares,
  isDrift,
} from "./drift-methods.js";
import type { ColumnDrift, DriftResult, UntestedColumn } from "./drift-report.js";
import { distinctCount, unionDistinctCount } from "./value-counts.js";

/** Integer columns with at most this many distinct head values are categorical (Evidently). */
export const INTEGER_CARDINALITY_LIMIT = 10;

/** Overrides for one column. */
export interface ColumnDriftOptions {
  readonly method?: DriftMethod | undefined;
  readonly threshold?: number | undefined;
}

/** How to compare two data files. */
export interface DriftOptions {
  /** Only these columns (default: all). */
  readonly columns?: readonly string[] | undefined;
  /** Columns to leave out (ids, timestamps). */
  readonly ignore?: readonly string[] | undefined;
  /** Force one method for every column. */
  readonly method?: DriftMethod | undefined;
  /** Override the method's default threshold for every column. */
  readonly threshold?: number | undefined;
  /** Per-column method and threshold, over the two above. */
  readonly perColumn?: Readonly<Record<string, ColumnDriftOptions>> | undefined;
  /** The share of drifted columns at which the data set drifts (default 0.5). */
  readonly driftShare?: number | undefined;
  /** Where `method` came from, for error messages (`--method`, `data.method`). */
  readonly methodSource?: string | undefined;
}

/**
 * Compares the head's data with the base's, column by column: the schema (added, removed,
 * type changed), missing values, and drift by Evidently 0.7's default rules — the column's kind
 * decided on the head, missing and infinite values left out, the method picked by the base's
 * count and the distinct values of both sides (see `chooseDriftMethod`). Tested columns come
 * drifted first. A forced method of the wrong kind is an `InputError` naming the column.
 */
export function buildDriftReport(
  base: DataSummary,
  head: DataSummary,
  options: DriftOptions = {},
): DriftResult {
  const wanted = selectColumns(base, head, options);
  const baseByName = new Map(base.columns.map((c) => [c.name, c]));
  const headByName = new Map(head.columns.map((c) => [c.name, c]));
  const added = head.columns
    .filter((c) => wanted(c.name) && !baseByName.has(c.name))
    .map((c) => c.name);
  const removed = base.columns
    .filter((c) => wanted(c.name) && !headByName.has(c.name))
    .map((c) => c.name);
  const changed: { name: string; base: string; head: string }[] = [];
  const columns: ColumnDrift[] = [];
  const untested: UntestedColumn[] = [];
  const shares = new Map<string, Shares>();
  for (const h of head.columns) {
    const b = baseByName.get(h.name);
    if (!b || !wanted(h.name)) continue;
    if (b.type !== h.type) changed.push({ name: h.name, base: b.type, head: h.type });
    const missing = { base: fraction(b.missing, base.rows), head: fraction(h.missing, head.rows) };
    const samples = samplesOf(b, h);
    if (typeof samples === "string") {
      untested.push({ name: h.name, reason: samples, missing });
      continue;
    }
    const overrides = options.perColumn?.[h.name];
    const baseCount = samples.kind === "numeric" ? samples.base.total : sizeOf(samples.base);
    const distinct =
      samples.kind === "numeric"
        ? unionDistinctCount(samples.base, samples.head)
        : unionKeys(samples.base, samples.head).length;
    const forced = overrides?.method ?? options.method;
    const method = forced ?? chooseDriftMethod(samples.kind, baseCount, distinct);
    const spec = DRIFT_METHOD_SPECS[method];
    if (forced && !spec.kinds.includes(samples.kind)) {
      const source = overrides?.method
        ? `data.columns.${h.name}.method`
        : (options.methodSource ?? "method");
      throw new InputError(
        `${source}: ${method} applies to ${spec.kinds.join(" and ")} columns, but column ${quoteValue(h.name)} is ${samples.kind} (${h.type})`,
      );
    }
    const threshold = overrides?.threshold ?? options.threshold ?? spec.defaultThreshold;
    // Evidently's default runs chi-squared or z on numeric columns with few values, as categories.
    const tested: DriftSamples =
      samples.kind === "numeric" && !spec.kinds.includes("numeric")
        ? {
            kind: "categorical",
            base: toCategoryCounts(samples.base),
            head: toCategoryCounts(samples.head),
          }
        : samples;
    const result = spec.run(tested);
    columns.push({
      name: h.name,
      type: samples.kind,
      method,
      statistic: Number.isFinite(result.statistic) ? result.statistic : null,
      p_value: result.pValue,
      threshold,
      drifted: isDrift(spec, result, threshold),
      missing,
    });
    shares.set(h.name, histogramShares(tested));
  }
  columns.sort((x, y) => Number(y.drifted) - Number(x.drifted) || severity(y) - severity(x));
  const drifted = columns.filter((c) => c.drifted).length;
  const driftShare = columns.length === 0 ? 0 : drifted / columns.length;
  const threshold = options.driftShare ?? 0.5;
  return {
    report: {
      rows: { base: base.rows, head: head.rows },
      schema: { added, removed, changed },
      columns,
      drift_share: driftShare,
      dataset_drifted: columns.length > 0 && driftShare >= threshold,
      drift_share_threshold: threshold,
      untested,
    },
    shares,
  };
}

/** How far past (or short of) its threshold a column is, for ordering. */
export function severity(column: ColumnDrift): number {
  if (column.p_value !== null) {
    return column.p_value === 0 ? Number.POSITIVE_INFINITY : column.threshold / column.p_value;
  }
  if (column.statistic === null) return Number.POSITIVE_INFINITY;
  return column.threshold === 0 ? column.statistic : column.statistic / column.threshold;
}

function selectColumns(
  base: DataSummary,
  head: DataSummary,
  options: DriftOptions,
): (name: string) => boolean {
  const ignore = new Set(options.ignore ?? []);
  if (!options.columns) return (name) => !ignore.has(name);
  const present = new Set([...base.columns, ...head.columns].map((c) => c.name));
  for (const name of options.columns) {
    if (!present.has(name)) {
      throw new InputError(
        `no column ${quoteValue(name)} in either file (${base.file}, ${head.file})`,
      );
    }
  }
  const only = new Set(options.columns);
  return (name) => only.has(name) && !ignore.has(name);
}

const NUMBER_TYPES: readonly ColumnType[] = ["integer", "float"];

/** Both sides in the form the head's kind is tested in, or why the column cannot be tested. */
function samplesOf(b: ColumnSummary, h: ColumnSummary): DriftSamples | string {
  for (const [side, c] of [
    ["base", b],
    ["head", h],
  ] as const) {
    if (c.untestable) return `${c.untestable} in the ${side}`;
    if (c.type === "empty") return `no values in the ${side}`;
    if (c.type === "other")
      return `values mlgate does not test (dates, binary or nested) in the ${side}`;
  }
  const bothNumbers = NUMBER_TYPES.includes(b.type) && NUMBER_TYPES.includes(h.type);
  if (!bothNumbers && b.type !== h.type) return `type changed from ${b.type} to ${h.type}`;
  if (bothNumbers) {
    const bn = b.numbers;
    const hn = h.numbers;
    if (!bn || bn.total === 0) return "no finite values in the base";
    if (!hn || hn.total === 0) return "no finite values in the head";
    const kind: ColumnKind =
      h.type === "integer" && distinctCount(hn) <= INTEGER_CARDINALITY_LIMIT
        ? "categorical"
        : "numeric";
    return kind === "numeric"
      ? { kind, base: bn, head: hn }
      : { kind, base: toCategoryCounts(bn), head: toCategoryCounts(hn) };
  }
  const bc = b.categories;
  const hc = h.categories;
  if (!bc || sizeOf(bc) === 0) return "no values in the base";
  if (!hc || sizeOf(hc) === 0) return "no values in the head";
  return { kind: "categorical", base: bc, head: hc };
}

function sizeOf(counts: ReadonlyMap<unknown, number>): number {
  let total = 0;
  for (const c of counts.values()) total += c;
  return total;
}

function fraction(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
