const BARS = "▁▂▃▄▅▆▇█";

/**
 * A sparkline of `values` on the scale [lo, hi] (every value's bar is comparable with every
 * other's, including values drawn on the same scale elsewhere). A flat scale draws the middle bar.
 */
export function sparkline(values: readonly number[], lo: number, hi: number): string {
  const span = hi - lo;
  let out = "";
  for (const v of values) {
    const index = span > 0 ? Math.round(((v - lo) / span) * (BARS.length - 1)) : 3;
    out += BARS[Math.min(BARS.length - 1, Math.max(0, index))];
  }
  return out;
}
