/** Formats a metric value for people: up to 4 decimals, no float noise, `—` for missing. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(3).replace(/\.?0+e/, "e");
  const decimals = abs >= 1000 ? 1 : abs >= 1 ? 3 : 4;
  return String(Number(value.toFixed(decimals)));
}

/** A signed change: `+0.0123`, `−0.5` (U+2212 minus, as typeset). */
export function formatDelta(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (value === 0) return "0";
  const text = formatValue(Math.abs(value));
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
