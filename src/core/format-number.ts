/**
 * Formats a metric value for people, `—` for missing. By default 3 decimals from 1 up (1 from
 * 1000), 4 decimals below 1 with at least two significant digits (0.00025, not 0.0003),
 * exponents beyond; with `digits`, that many significant digits. No float noise either way.
 */
export function formatValue(value: number | null | undefined, digits?: number): string {
  if (value === null || value === undefined) return "—";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  const significant = digits ?? 4;
  if (abs >= 1e6 || abs < 1e-4) {
    return value.toExponential(significant - 1).replace(/\.?0+e/, "e");
  }
  const magnitude = Math.floor(Math.log10(abs));
  const decimals =
    digits !== undefined
      ? Math.max(0, significant - 1 - magnitude)
      : abs >= 1000
        ? 1
        : abs >= 1
          ? 3
          : // Four decimals, and at least two significant digits below 0.001.
            Math.max(4, 1 - magnitude);
  return String(Number(value.toFixed(Math.min(decimals, 20))));
}

/**
 * Formats base and head together so a change that exists shows: with no `digits`, more
 * significant digits are used (up to 17) until two different values read differently
 * (0.99991 and 0.99994, not 0.9999 twice); with `digits`, exactly that many.
 */
export function formatPair(
  base: number | null | undefined,
  head: number | null | undefined,
  digits?: number,
): [string, string] {
  let pair: [string, string] = [formatValue(base, digits), formatValue(head, digits)];
  if (digits !== undefined || base == null || head == null || base === head) return pair;
  for (let d = 5; pair[0] === pair[1] && d <= 17; d++) {
    pair = [formatValue(base, d), formatValue(head, d)];
  }
  return pair;
}

/** A signed change: `+0.0123`, `−0.5` (U+2212 minus, as typeset). */
export function formatDelta(value: number | null | undefined, digits?: number): string {
  if (value === null || value === undefined) return "—";
  if (value === 0) return "0";
  const text = formatValue(Math.abs(value), digits);
  return value > 0 ? `+${text}` : `\u2212${text}`;
}

/** A signed relative change as a percentage: `+1.23%`. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const pct = value * 100;
  if (Math.abs(pct) < 0.005) return "0%";
  const text = `${Math.abs(pct) >= 100 ? Math.abs(pct).toFixed(0) : Math.abs(pct).toFixed(2)}%`;
  return pct > 0 ? `+${text}` : `\u2212${text}`;
}
