const MINUS = "\u2212";

/**
 * Decimals that put at least three steps of the last digit across a span of this size (so the
 * two ends of an interval never print alike), within [minimum, 6].
 */
function decimalsFor(span: number, minimum: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return minimum;
  return Math.min(6, Math.max(minimum, Math.ceil(-Math.log10(span / 3))));
}

/** `+0.3`, `−1.9`, `0.0`: typeset minus, explicit plus, and no sign on a value that rounds to 0. */
function signed(value: number, decimals: number): string {
  const text = Math.abs(value).toFixed(decimals);
  if (/^0(\.0*)?$/.test(text)) return text;
  return value > 0 ? `+${text}` : `${MINUS}${text}`;
}

export interface IntervalFormat {
  /** A rate (accuracy, recall...): shown in percentage points, `−0.8 pp [−1.9, +0.3]`. */
  readonly rate: boolean;
}

/**
 * A change and its confidence interval as a reviewer reads it: `−0.8 pp [−1.9, +0.3]` for a
 * rate (percentage points, not percent: a drop from 90% to 89.2% is 0.8 pp, or 0.89% relative),
 * `−0.012 [−0.020, −0.005]` otherwise. Precision follows the interval's width, so a tight
 * interval is not rounded to `[0.0, 0.0]`. Either part may be absent.
 */
export function formatInterval(
  estimate: number | null | undefined,
  ci: readonly [number, number] | null | undefined,
  format: IntervalFormat,
): string {
  const scale = format.rate ? 100 : 1;
  const minimum = format.rate ? 1 : 0;
  const point = estimate === null || estimate === undefined ? undefined : estimate * scale;
  const span = ci ? (ci[1] - ci[0]) * scale : 0;
  const decimals = decimalsFor(span > 0 ? span : Math.abs(point ?? 0), minimum);
  const unit = format.rate ? " pp" : "";
  const interval = ci
    ? `[${signed(ci[0] * scale, decimals)}, ${signed(ci[1] * scale, decimals)}]`
    : undefined;
  if (point === undefined) return interval ? `${interval}${unit}` : "";
  const shown = `${signed(point, decimals)}${unit}`;
  return interval ? `${shown} ${interval}` : shown;
}

/** `p = 0.21`, `p = 0.0035`, `p < 0.001`: two significant digits, floored at 0.001. */
export function formatPValue(p: number): string {
  if (p < 0.001) return "p < 0.001";
  return `p = ${Number(p.toPrecision(2))}`;
}
